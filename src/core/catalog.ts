import type { ToolDefinition } from './tool';

/**
 * The built-in catalog of AI coding assistants: pure data. Policies refer to these ids
 * and may add matchers through their `tools:` section. Sources are the vendors' docs,
 * marketplace listings and npm packages as of 2026-11; "(third-party)" marks facts seen
 * only in public detectors, "(unconfirmed)" facts not confirmed at all. Generic words
 * that other programs also use are left out, so a match always means this tool.
 */
const tool = (definition: Partial<ToolDefinition> & Pick<ToolDefinition, 'id' | 'name'>): ToolDefinition => ({
  extensions: [], commands: [], packages: [], processes: [], terminalNames: [], apps: [], ...definition,
});

export const BUILT_IN_TOOLS: readonly ToolDefinition[] = [
  // Anthropic Claude Code: extension anthropic.claude-code (marketplace); npm
  // @anthropic-ai/claude-code, bin `claude` (native bin/claude.exe); the native installer
  // puts `claude` in ~/.local/bin; the extension opens a terminal named "Claude Code".
  tool({ id: 'claude-code', name: 'Claude Code', vendor: 'Anthropic', extensions: ['anthropic.claude-code'], commands: ['claude'], packages: ['@anthropic-ai/claude-code'], processes: ['claude'], terminalNames: ['Claude Code'] }),
  // Alibaba Qoder: npm @qoder-ai/qodercli with bins `qodercli` and `qoder`, China build
  // `qoderclicn`; the Qoder IDE is a VS Code fork (uriScheme `qoder`; apps match appName and uriScheme alike). No official extension.
  tool({ id: 'qoder', name: 'Qoder', vendor: 'Alibaba', commands: ['qodercli', 'qoder', 'qoderclicn'], packages: ['@qoder-ai/qodercli'], processes: ['qodercli'], apps: ['Qoder'] }),
  // Alibaba Tongyi Lingma: extension Alibaba-Cloud.tongyi-lingma (third-party); background
  // process `Lingma` from ~/.lingma/bin.
  tool({ id: 'lingma', name: 'Tongyi Lingma', vendor: 'Alibaba Cloud', extensions: ['Alibaba-Cloud.tongyi-lingma'], processes: ['Lingma'] }),
  // GitHub Copilot: extensions GitHub.copilot-chat and the deprecated GitHub.copilot; CLI
  // npm @github/copilot. The bare `copilot` command is left out: it is also the AWS
  // Copilot CLI.
  tool({ id: 'github-copilot', name: 'GitHub Copilot', vendor: 'GitHub', extensions: ['GitHub.copilot-chat', 'GitHub.copilot'], packages: ['@github/copilot'] }),
  // OpenAI Codex: extension openai.chatgpt (third-party); npm @openai/codex, bin `codex`;
  // the extension runs a bundled `codex app-server` (third-party).
  tool({ id: 'openai-codex', name: 'OpenAI Codex', vendor: 'OpenAI', extensions: ['openai.chatgpt'], commands: ['codex'], packages: ['@openai/codex'], processes: ['codex'] }),
  // Google Gemini Code Assist / Gemini CLI: extensions Google.geminicodeassist and
  // Google.gemini-cli-vscode-ide-companion; npm @google/gemini-cli, bin `gemini`.
  tool({ id: 'gemini', name: 'Gemini Code Assist / Gemini CLI', vendor: 'Google', extensions: ['Google.geminicodeassist', 'Google.gemini-cli-vscode-ide-companion'], commands: ['gemini'], packages: ['@google/gemini-cli'], processes: ['gemini'] }),
  // Amazon Q Developer / Kiro CLI: extension AmazonWebServices.amazon-q-vscode; CLIs `q`
  // and `kiro-cli` (not on npm). The one-letter `q` is left out: too many programs share it.
  tool({ id: 'amazon-q', name: 'Amazon Q Developer', vendor: 'Amazon Web Services', extensions: ['AmazonWebServices.amazon-q-vscode'], commands: ['kiro-cli'], processes: ['kiro-cli'] }),
  // Cline: extension saoudrizwan.claude-dev; npm `cline`, bin `cline`; terminal "Cline"
  // (third-party).
  tool({ id: 'cline', name: 'Cline', extensions: ['saoudrizwan.claude-dev'], commands: ['cline'], packages: ['cline'], processes: ['cline'], terminalNames: ['Cline'] }),
  // Roo Code (discontinued 2026-05): extension RooVeterinaryInc.roo-cline; terminal
  // "Roo Code" (third-party).
  tool({ id: 'roo-code', name: 'Roo Code', extensions: ['RooVeterinaryInc.roo-cline'], terminalNames: ['Roo Code'] }),
  // Kilo Code: extension kilocode.kilo-code; npm @kilocode/cli with bins `kilo` and
  // `kilocode`.
  tool({ id: 'kilo-code', name: 'Kilo Code', extensions: ['kilocode.kilo-code'], commands: ['kilo', 'kilocode'], packages: ['@kilocode/cli'], processes: ['kilocode'] }),
  // Continue: extension Continue.continue; npm @continuedev/cli, bin `cn`. The two-letter
  // `cn` is left out as a command; the package still catches `npx @continuedev/cli`.
  tool({ id: 'continue', name: 'Continue', extensions: ['Continue.continue'], packages: ['@continuedev/cli'] }),
  // Codeium / Windsurf: extension Codeium.codeium; the Windsurf editor is a VS Code fork
  // (uriScheme `windsurf`); CLI `windsurf`. `devin` is third-party only and left out.
  tool({ id: 'windsurf', name: 'Windsurf (Codeium)', vendor: 'Cognition', extensions: ['Codeium.codeium'], commands: ['windsurf'], apps: ['Windsurf'] }),
  // Tabnine: extension TabNine.tabnine-vscode; `TabNine` binaries run from inside the
  // extension.
  tool({ id: 'tabnine', name: 'Tabnine', extensions: ['TabNine.tabnine-vscode'], processes: ['TabNine'] }),
  // Sourcegraph Cody / Amp: extensions sourcegraph.cody-ai and sourcegraph.amp; npm
  // @sourcegraph/amp, bin `amp` (native `amp` process).
  tool({ id: 'cody-amp', name: 'Sourcegraph Cody / Amp', vendor: 'Sourcegraph', extensions: ['sourcegraph.cody-ai', 'sourcegraph.amp'], commands: ['amp'], packages: ['@sourcegraph/amp'], processes: ['amp'] }),
  // Augment Code: extension augment.vscode-augment; npm @augmentcode/auggie, bin `auggie`.
  tool({ id: 'augment', name: 'Augment Code', extensions: ['augment.vscode-augment'], commands: ['auggie'], packages: ['@augmentcode/auggie'], processes: ['auggie'] }),
  // Qodo Gen: extension Codium.codium; CLI `qodo` from npm @qodo/command (third-party).
  tool({ id: 'qodo', name: 'Qodo Gen', extensions: ['Codium.codium'], commands: ['qodo'], packages: ['@qodo/command'] }),
  // Cursor: a VS Code fork (appName "Cursor", uriScheme `cursor`); CLIs `cursor` and
  // `cursor-agent`.
  tool({ id: 'cursor', name: 'Cursor', vendor: 'Anysphere', commands: ['cursor', 'cursor-agent'], processes: ['cursor-agent'], apps: ['Cursor'] }),
  // Qwen Code: extension qwenlm.qwen-code-vscode-ide-companion; npm @qwen-code/qwen-code,
  // bin `qwen`.
  tool({ id: 'qwen-code', name: 'Qwen Code', vendor: 'Alibaba', extensions: ['qwenlm.qwen-code-vscode-ide-companion'], commands: ['qwen'], packages: ['@qwen-code/qwen-code'] }),
  // Aider: `aider` from PyPI aider-chat (not npm).
  tool({ id: 'aider', name: 'Aider', commands: ['aider'], processes: ['aider'] }),
  // OpenCode: extension sst-dev.opencode (unconfirmed); npm opencode-ai, bin `opencode`
  // (native `opencode` process, third-party).
  tool({ id: 'opencode', name: 'OpenCode', extensions: ['sst-dev.opencode'], commands: ['opencode'], packages: ['opencode-ai'], processes: ['opencode'] }),
  // ByteDance Trae: extension MarsCode.marscode-extension (third-party); `traecli`
  // (third-party); the Trae IDE is a VS Code fork (uriScheme `trae` / `trae-cn`).
  tool({ id: 'trae', name: 'Trae', vendor: 'ByteDance', extensions: ['MarsCode.marscode-extension'], commands: ['traecli'], apps: ['Trae', 'trae-cn'] }),
  // Baidu Comate: extension BaiduComate.comate. Its bundled `zulu` (third-party) is left
  // out: an unrelated JDK distribution has the same name.
  tool({ id: 'comate', name: 'Baidu Comate', vendor: 'Baidu', extensions: ['BaiduComate.comate'] }),
  // Tencent CodeBuddy: extension Tencent-Cloud.coding-copilot; npm
  // @tencent-ai/codebuddy-code with bins `codebuddy` and `cbc` (unconfirmed); `cbc` is left
  // out (also the COIN-OR solver).
  tool({ id: 'codebuddy', name: 'Tencent CodeBuddy', vendor: 'Tencent', extensions: ['Tencent-Cloud.coding-copilot'], commands: ['codebuddy'], packages: ['@tencent-ai/codebuddy-code'] }),
  // Kiro: Amazon's VS Code fork (uriScheme `kiro`).
  tool({ id: 'kiro', name: 'Kiro', vendor: 'Amazon Web Services', apps: ['Kiro'] }),
  // Google Antigravity: a VS Code fork (uriScheme `antigravity`); successor CLI `agy`
  // (third-party).
  tool({ id: 'antigravity', name: 'Antigravity', vendor: 'Google', commands: ['agy'], apps: ['Antigravity'] }),
];

export function findBuiltInTool(id: string): ToolDefinition | undefined {
  return BUILT_IN_TOOLS.find((candidate) => candidate.id === id);
}
