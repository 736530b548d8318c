import type { ToolDefinition } from './tools';

/**
 * The built-in catalog of AI coding assistants: pure data. Policies refer to these ids
 * and may add matchers through their `tools:` section. Sources are the vendors' docs,
 * marketplace listings and npm packages as of 2026-11; "(third-party)" marks facts seen
 * only in public detectors, "(unconfirmed)" facts not confirmed at all. Names that other
 * programs also use are left out, so a match always means this tool.
 *
 * Matching (elsewhere) is case-insensitive; extension ids keep the vendor's casing.
 * Process matching also tries every entry's `commands`, so `processes` only needs them
 * again where the process name is what the sources report. `apps` lists a VS Code fork's
 * `vscode.env.appName` and `uriScheme` as the editor reports them; VS Code itself,
 * Insiders, VSCodium and code-server are never an app of any tool. `jetbrainsPlugins` are
 * the `<id>` of a plugin's META-INF/plugin.xml; `acpAgents` are agent names in JetBrains'
 * `~/.jetbrains/acp.json`, which a person chooses freely, so the catalog lists the names
 * JetBrains and the ACP registry show, and an agent is also caught by what its command runs
 * (the `commands` and `packages` below, such as the ACP adapters' npm packages).
 */
const tool = (definition: Partial<ToolDefinition> & Pick<ToolDefinition, 'id' | 'name'>): ToolDefinition => ({
  extensions: [], commands: [], packages: [], processes: [], terminalNames: [], apps: [], jetbrainsPlugins: [], acpAgents: [], ...definition,
});

export const BUILT_IN_TOOLS: readonly ToolDefinition[] = [
  // Anthropic Claude Code. Sources: marketplace listing anthropic.claude-code; npm
  // @anthropic-ai/claude-code, bin `claude` (a native bin/claude.exe); Anthropic's docs for
  // the native installer (~/.local/bin/claude) and the extension's terminal "Claude Code".
  // The native process may be named after its version string (third-party): not matchable.
  // JetBrains plugin com.anthropic.code.plugin (Marketplace; folder
  // claude-code-jetbrains-plugin). In JetBrains IDEs as an ACP agent: "Claude Agent" (ACP
  // registry entry claude-acp and JetBrains' blog; that registry installs write it to
  // acp.json under this name is unconfirmed), "Claude Code" (the key in Zed-style
  // agent_servers examples, third-party); the adapters' npm packages
  // @agentclientprotocol/claude-agent-acp (bin `claude-agent-acp`) and the older
  // @zed-industries/claude-code-acp (bin `claude-code-acp`), from npm.
  tool({
    id: 'claude-code', name: 'Claude Code', vendor: 'Anthropic',
    extensions: ['anthropic.claude-code'],
    commands: ['claude', 'claude-agent-acp', 'claude-code-acp'],
    packages: ['@anthropic-ai/claude-code', '@agentclientprotocol/claude-agent-acp', '@zed-industries/claude-code-acp'],
    processes: ['claude'],
    terminalNames: ['Claude Code'],
    jetbrainsPlugins: ['com.anthropic.code.plugin'],
    acpAgents: ['Claude Agent', 'Claude Code'],
  }),
  // Alibaba Qoder. Sources: npm @qoder-ai/qodercli with bins `qodercli` and `qoder`, China
  // build `qoderclicn`; the Qoder IDE, a VS Code fork (appName "Qoder", uriScheme `qoder`).
  // No official extension. JetBrains plugin com.qoder (unconfirmed).
  tool({
    id: 'qoder', name: 'Qoder', vendor: 'Alibaba',
    commands: ['qodercli', 'qoder', 'qoderclicn'],
    packages: ['@qoder-ai/qodercli'],
    processes: ['qodercli'],
    apps: ['Qoder', 'qoder'],
    jetbrainsPlugins: ['com.qoder'],
  }),
  // Alibaba Tongyi Lingma. Sources: extension Alibaba-Cloud.tongyi-lingma (third-party);
  // vendor docs for the background process `Lingma` run from ~/.lingma/bin. No CLI.
  // JetBrains plugin com.alibabacloud.intellij.cosy (Marketplace; also sold as Qoder CN).
  tool({
    id: 'lingma', name: 'Tongyi Lingma', vendor: 'Alibaba Cloud',
    extensions: ['Alibaba-Cloud.tongyi-lingma'],
    processes: ['Lingma'],
    jetbrainsPlugins: ['com.alibabacloud.intellij.cosy'],
  }),
  // GitHub Copilot (+ Chat, CLI). Sources: marketplace listings GitHub.copilot-chat and
  // GitHub.copilot (deprecated 2026-02, still installed on many machines); npm
  // @github/copilot. The bare `copilot` command and its native `copilot` process
  // (third-party) are left out: `copilot` is also the AWS Copilot CLI. JetBrains plugin
  // com.github.copilot (Marketplace).
  tool({
    id: 'github-copilot', name: 'GitHub Copilot', vendor: 'GitHub',
    extensions: ['GitHub.copilot-chat', 'GitHub.copilot'],
    packages: ['@github/copilot'],
    jetbrainsPlugins: ['com.github.copilot'],
  }),
  // OpenAI Codex. Sources: extension openai.chatgpt (third-party); npm @openai/codex, bin
  // `codex`; the extension runs a bundled `codex app-server` (third-party). In JetBrains
  // IDEs as the ACP agent "Codex" (ACP registry entry codex-acp and JetBrains' blog; its
  // key in acp.json unconfirmed), run by the adapter packages @agentclientprotocol/codex-acp
  // and the older @zed-industries/codex-acp, both with bin `codex-acp` (npm).
  tool({
    id: 'openai-codex', name: 'OpenAI Codex', vendor: 'OpenAI',
    extensions: ['openai.chatgpt'],
    commands: ['codex', 'codex-acp'],
    packages: ['@openai/codex', '@agentclientprotocol/codex-acp', '@zed-industries/codex-acp'],
    processes: ['codex'],
    acpAgents: ['Codex'],
  }),
  // Google Gemini Code Assist / Gemini CLI. Sources: marketplace listings
  // Google.geminicodeassist and Google.gemini-cli-vscode-ide-companion; npm
  // @google/gemini-cli, bin `gemini` (runs as `node …/bin/gemini`, third-party). Its
  // successor `agy` is listed under antigravity, the product that ships it.
  tool({
    id: 'gemini', name: 'Gemini Code Assist / Gemini CLI', vendor: 'Google',
    extensions: ['Google.geminicodeassist', 'Google.gemini-cli-vscode-ide-companion'],
    commands: ['gemini'],
    packages: ['@google/gemini-cli'],
    processes: ['gemini'],
  }),
  // Amazon Q Developer / Kiro CLI. Sources: marketplace listing
  // AmazonWebServices.amazon-q-vscode; AWS docs for the CLIs `q` and `kiro-cli` (not on
  // npm). The one-letter `q` is left out: too many programs and aliases share it. JetBrains
  // plugin amazon.q (Marketplace).
  tool({
    id: 'amazon-q', name: 'Amazon Q Developer / Kiro CLI', vendor: 'Amazon Web Services',
    extensions: ['AmazonWebServices.amazon-q-vscode'],
    commands: ['kiro-cli'],
    processes: ['kiro-cli'],
    jetbrainsPlugins: ['amazon.q'],
  }),
  // Cline. Sources: marketplace listing saoudrizwan.claude-dev; npm `cline`, bin `cline`;
  // terminal "Cline" (third-party).
  tool({
    id: 'cline', name: 'Cline',
    extensions: ['saoudrizwan.claude-dev'],
    commands: ['cline'],
    packages: ['cline'],
    processes: ['cline'],
    terminalNames: ['Cline'],
  }),
  // Roo Code (discontinued 2026-05). Sources: marketplace listing
  // RooVeterinaryInc.roo-cline; terminal "Roo Code" (third-party). No CLI.
  tool({
    id: 'roo-code', name: 'Roo Code',
    extensions: ['RooVeterinaryInc.roo-cline'],
    terminalNames: ['Roo Code'],
  }),
  // Kilo Code. Sources: marketplace listing kilocode.kilo-code; npm @kilocode/cli with bins
  // `kilo` and `kilocode`; the extension runs `<ext>/bin/kilo serve` (third-party). `kilo`
  // is kept although a small teaching text editor shares it.
  tool({
    id: 'kilo-code', name: 'Kilo Code',
    extensions: ['kilocode.kilo-code'],
    commands: ['kilo', 'kilocode'],
    packages: ['@kilocode/cli'],
    processes: ['kilo', 'kilocode'],
  }),
  // Continue. Sources: marketplace listing Continue.continue; npm @continuedev/cli, bin
  // `cn`. The two-letter `cn` is left out as a command and process; the package still
  // catches `npx @continuedev/cli` and `node …/@continuedev/cli/…`.
  tool({
    id: 'continue', name: 'Continue',
    extensions: ['Continue.continue'],
    packages: ['@continuedev/cli'],
  }),
  // Codeium / Windsurf (Devin Desktop). Sources: marketplace listing Codeium.codeium; the
  // Windsurf editor, a VS Code fork (appName "Windsurf", uriScheme `windsurf`) with CLI
  // `windsurf`. Left out: `devin` (third-party, and a common name) and the
  // `language_server_<os>_<arch>` processes (third-party, a generic-looking name). JetBrains
  // plugin com.codeium.intellij (Marketplace).
  tool({
    id: 'windsurf', name: 'Windsurf (Codeium)', vendor: 'Cognition',
    extensions: ['Codeium.codeium'],
    commands: ['windsurf'],
    apps: ['Windsurf', 'windsurf'],
    jetbrainsPlugins: ['com.codeium.intellij'],
  }),
  // Tabnine. Sources: marketplace listing TabNine.tabnine-vscode; vendor docs for the
  // `TabNine` binaries run from inside the extension. A CLI is unconfirmed: none listed.
  // JetBrains plugin com.tabnine.TabNine (Marketplace).
  tool({
    id: 'tabnine', name: 'Tabnine',
    extensions: ['TabNine.tabnine-vscode'],
    processes: ['TabNine'],
    jetbrainsPlugins: ['com.tabnine.TabNine'],
  }),
  // Sourcegraph Cody / Amp. Sources: marketplace listings sourcegraph.cody-ai and
  // sourcegraph.amp; npm @sourcegraph/amp, bin `amp`, which runs as a native `amp` process.
  // Kept although short: the only other `amp` known here is a little-used terminal text
  // editor; a policy that meets it can still target the package and extensions. JetBrains
  // plugin com.sourcegraph.jetbrains (Marketplace).
  tool({
    id: 'cody-amp', name: 'Sourcegraph Cody / Amp', vendor: 'Sourcegraph',
    extensions: ['sourcegraph.cody-ai', 'sourcegraph.amp'],
    commands: ['amp'],
    packages: ['@sourcegraph/amp'],
    processes: ['amp'],
    jetbrainsPlugins: ['com.sourcegraph.jetbrains'],
  }),
  // Augment Code. Sources: marketplace listing augment.vscode-augment; npm
  // @augmentcode/auggie, bin `auggie`; an `auggie` process name is unconfirmed.
  tool({
    id: 'augment', name: 'Augment Code',
    extensions: ['augment.vscode-augment'],
    commands: ['auggie'],
    packages: ['@augmentcode/auggie'],
    processes: ['auggie'],
  }),
  // Qodo Gen. Sources: marketplace listing Codium.codium; CLI `qodo` from npm
  // @qodo/command (third-party). Process names unconfirmed: none listed.
  tool({
    id: 'qodo', name: 'Qodo Gen',
    extensions: ['Codium.codium'],
    commands: ['qodo'],
    packages: ['@qodo/command'],
  }),
  // Cursor. Sources: Cursor's docs: a VS Code fork (appName "Cursor", uriScheme `cursor`)
  // with the editor CLI `cursor` and the agent CLI `cursor-agent`. No extension. In JetBrains
  // IDEs as the ACP agent "Cursor" (ACP registry entry cursor, which runs `cursor-agent
  // acp`; its key in acp.json unconfirmed).
  tool({
    id: 'cursor', name: 'Cursor', vendor: 'Anysphere',
    commands: ['cursor', 'cursor-agent'],
    processes: ['cursor-agent'],
    apps: ['Cursor', 'cursor'],
    acpAgents: ['Cursor'],
  }),
  // Qwen Code. Sources: marketplace listing qwenlm.qwen-code-vscode-ide-companion; npm
  // @qwen-code/qwen-code, bin `qwen` (runs as `node …/cli.js`, third-party: caught by the
  // package path, not by name).
  tool({
    id: 'qwen-code', name: 'Qwen Code', vendor: 'Alibaba',
    extensions: ['qwenlm.qwen-code-vscode-ide-companion'],
    commands: ['qwen'],
    packages: ['@qwen-code/qwen-code'],
  }),
  // Aider. Sources: PyPI aider-chat, bin `aider` (not on npm); runs as
  // `python …/bin/aider` (third-party).
  tool({
    id: 'aider', name: 'Aider',
    commands: ['aider'],
    processes: ['aider'],
  }),
  // OpenCode. Sources: extension sst-dev.opencode (unconfirmed); npm opencode-ai, bin
  // `opencode`; native `opencode` process (third-party).
  tool({
    id: 'opencode', name: 'OpenCode',
    extensions: ['sst-dev.opencode'],
    commands: ['opencode'],
    packages: ['opencode-ai'],
    processes: ['opencode'],
  }),
  // ByteDance Trae. Sources (all third-party): extension MarsCode.marscode-extension; CLI
  // `traecli`; the Trae IDE, a VS Code fork (appName "Trae", uriScheme `trae`, China build
  // `trae-cn`).
  tool({
    id: 'trae', name: 'Trae', vendor: 'ByteDance',
    extensions: ['MarsCode.marscode-extension'],
    commands: ['traecli'],
    apps: ['Trae', 'trae', 'trae-cn'],
  }),
  // Baidu Comate. Sources: marketplace listing BaiduComate.comate. Its bundled `zulu`
  // (third-party) is left out: the Azul Zulu JDK distribution has the same name.
  tool({
    id: 'comate', name: 'Baidu Comate', vendor: 'Baidu',
    extensions: ['BaiduComate.comate'],
  }),
  // Tencent CodeBuddy. Sources: marketplace listing Tencent-Cloud.coding-copilot; npm
  // @tencent-ai/codebuddy-code with bins `codebuddy` and `cbc` (unconfirmed). `cbc` is left
  // out: it is also the COIN-OR CBC solver.
  tool({
    id: 'codebuddy', name: 'Tencent CodeBuddy', vendor: 'Tencent',
    extensions: ['Tencent-Cloud.coding-copilot'],
    commands: ['codebuddy'],
    packages: ['@tencent-ai/codebuddy-code'],
  }),
  // Kiro. Sources: Kiro's docs: Amazon's VS Code fork (appName "Kiro", uriScheme `kiro`).
  // Its terminal CLI `kiro-cli` belongs to amazon-q above.
  tool({
    id: 'kiro', name: 'Kiro', vendor: 'Amazon Web Services',
    apps: ['Kiro', 'kiro'],
  }),
  // Google Antigravity. Sources: Google's docs: a VS Code fork (appName "Antigravity",
  // uriScheme `antigravity`); the Antigravity CLI `agy`, the Gemini CLI's successor
  // (third-party; also the `agy` command of the winget package Google.AntigravityCLI).
  // The `antigravity` launcher some Linux packages add is left out (unconfirmed).
  tool({
    id: 'antigravity', name: 'Antigravity', vendor: 'Google',
    commands: ['agy'],
    processes: ['agy'],
    apps: ['Antigravity', 'antigravity'],
  }),
  // JetBrains AI Assistant. Sources: JetBrains Marketplace, plugin com.intellij.ml.llm (also
  // bundled with the IDEs; the scan reads only the plugins a person installed or updated).
  tool({
    id: 'jetbrains-ai', name: 'JetBrains AI Assistant', vendor: 'JetBrains',
    jetbrainsPlugins: ['com.intellij.ml.llm'],
  }),
  // Junie, JetBrains' coding agent. Sources: JetBrains Marketplace, plugin org.jetbrains.junie.
  // A command-line Junie is left out (unconfirmed).
  tool({
    id: 'junie', name: 'Junie', vendor: 'JetBrains',
    jetbrainsPlugins: ['org.jetbrains.junie'],
  }),
];
