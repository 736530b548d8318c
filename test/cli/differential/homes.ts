/**
 * The fixture homes of the differential test, as data: each is written to a temporary
 * folder and read three ways (scan, the editor's evidence path, the osquery export in
 * SQLite). A home is one person's: its owner, the editors' extension folders with their
 * indexes, `.obsolete` lists and extension folders, other files, and the machine's
 * processes (of the owner and of others). Adding a case is adding an entry to HOMES.
 *
 * `differences` lists where a face is known to differ from the scan, and why; the test
 * fails when a listed difference does not occur as well as when an unlisted one does.
 * Keys read `rule|tool|kind|where|phase`, where is `~/<editor folder>:<id>@<version>` for
 * an extension, `pid N` for a process, `~/<path>` for an installed command and
 * `~/<file>#<server>` for an MCP server. An osquery row may carry a note where osquery
 * cannot tell (an extension folder next to a `.obsolete` list it cannot read): the
 * finding is the same; `noted` lists the osquery findings expected to carry one.
 */

export type Owner = 'alice' | 'bob' | 'carol' | 'dave';

export const UIDS: Readonly<Record<Owner, number>> = { alice: 1000, bob: 1001, carol: 1002, dave: 1003 };

/** Each owner's OS groups, their own group first. */
export const GROUPS: Readonly<Record<Owner, readonly string[]>> = { alice: ['alice'], bob: ['bob'], carol: ['carol'], dave: ['dave', 'ai-pilot'] };

export interface IndexEntry {
  readonly id: string;
  readonly version: string;
  /** The extension's folder name; default `<id>-<version>`. */
  readonly folder?: string;
  /**
   * `full`: as VS Code writes it. `no-metadata`: without `metadata` (osquery skips it).
   * `string-location`: an older index's `location` as a path string, no `relativeLocation`.
   */
  readonly shape?: 'full' | 'no-metadata' | 'string-location';
}

export interface EditorFolder {
  /** Relative to the home: `.vscode/extensions`. */
  readonly folder: string;
  /** The index: entries (optionally with a byte-order mark), raw text, or none. */
  readonly index?: { readonly entries: readonly IndexEntry[]; readonly bom?: boolean } | { readonly raw: string };
  /** Extension folders on disk, each with a package.json: `[folder name, publisher.name, version]`. */
  readonly folders?: ReadonlyArray<readonly [string, string, string]>;
  /** Folder names the `.obsolete` list marks as uninstalled. */
  readonly obsolete?: readonly string[];
}

export interface FixtureProcess {
  readonly pid: number;
  readonly owner: Owner;
  /** The kernel's short name (Linux comm). */
  readonly name: string;
  readonly argv: readonly string[];
}

export interface Difference {
  readonly face: 'editor' | 'osquery';
  /** `missing`: the face does not report what the scan reports; `extra`: it reports what the scan does not. */
  readonly is: 'missing' | 'extra';
  readonly key: string;
  readonly why: string;
}

export interface JetBrainsPluginFixture {
  /** Its entry in the plugins folder: a folder name, or a jar's file name for `jar`. */
  readonly entry: string;
  /** `lib`: a folder with lib/<entry>.jar (default); `jar`: a bare jar; `unpacked`: META-INF/plugin.xml in the folder. */
  readonly shape?: 'lib' | 'jar' | 'unpacked';
  readonly id: string;
  /** `<name>` and `<vendor>` text exactly as written into plugin.xml (entities, whitespace). */
  readonly name?: string;
  readonly vendor?: string;
  readonly version?: string;
}

export interface JetBrainsIdeFixture {
  /** `<vendor>/<Product><version>` in the Linux layout: configuration under ~/.config, plugins in ~/.local/share. */
  readonly folder: string;
  readonly plugins: readonly JetBrainsPluginFixture[];
  /** Plugin ids the IDE's disabled_plugins.txt lists. */
  readonly disabled?: readonly string[];
}

export interface Home {
  readonly name: string;
  readonly owner: Owner;
  readonly editors?: readonly EditorFolder[];
  readonly jetbrains?: readonly JetBrainsIdeFixture[];
  /**
   * The Linux folders osquery's jetbrains_plugins reads: `<Product>%` (the IDE's plugins
   * folder; default) or `<Product>%/plugins` (the table as first written).
   */
  readonly osqueryJetbrainsLinux?: 'product-folder' | 'plugins-subfolder';
  /** Other files, relative to the home, with their text. */
  readonly files?: Readonly<Record<string, string>>;
  readonly processes?: readonly FixtureProcess[];
  readonly differences?: readonly Difference[];
  /** osquery findings whose row says osquery could not tell. */
  readonly noted?: readonly string[];
}

/** The policy every home is read with (`--now` NOW): one rule past its deadline with exceptions for carol and the ai-pilot group, one in its warning window. */
export const POLICY = `version: 1
organization: Differential Org
timezone: UTC
rules:
  - id: assistants-ban
    tool: [claude-code, openai-codex, cline, aider, gemini]
    deadline: 2026-07-10
    exceptions:
      - until: 2027-01-31
        users: [carol]
        reason: Pilot
      - until: 2027-01-31
        groups: [ai-pilot]
        reason: Pilot group
  - id: opencode-retire
    tool: opencode
    deadline: 2026-12-20
  - id: jetbrains-ban
    tool: [github-copilot, amazon-q, cody-amp, in-house-ai]
    deadline: 2026-07-10
tools:
  - id: in-house-ai
    name: In-house AI
    jetbrainsPlugins: [com.example.inhouse]
`;

export const NOW = '2026-12-02T00:00:00Z';

const CLAUDE = 'anthropic.claude-code';
const folderOf = (id: string, version: string): readonly [string, string, string] => [`${id}-${version}`, id, version];

const UNINSTALLED = 'the folder is named in .obsolete, which osquery cannot read; the row says so (README "osquery and Fleet")';
const GROUPS_UNREAD = 'group membership is not in the tables the export reads: a group exception does not apply there, the strict side (README "osquery and Fleet")';
const NOT_IN_EDITOR = 'the editor extension does not read JetBrains IDEs (README "What it checks")';
const NO_NAME = 'jetbrains_plugins gives no plugin id and no name or folder is known for this plugin: the statement\'s comments name it (README "osquery and Fleet")';
const RENAMED = 'osquery finds a plugin with no known name by its folder only: a renamed folder is missed (README "osquery and Fleet")';
const SAME_NAME = 'jetbrains_plugins gives no plugin id: another plugin declaring the same name and vendor is reported too (README "osquery and Fleet")';
const UNREAD_FOLDER = 'jetbrains_plugins does not read this IDE\'s folder, and no folder name is known for this plugin (README "osquery and Fleet")';
const ACP = 'no osquery table reads ~/.jetbrains/acp.json; the statement\'s comments name the agents (README "osquery and Fleet")';

/** The scan's findings the editor does not report: it does not read JetBrains IDEs. */
const notInEditor = (keys: readonly string[]): Difference[] => keys.map((key) => ({ face: 'editor', is: 'missing', key, why: NOT_IN_EDITOR }));

const JB = '~/.local/share/JetBrains';
const COPILOT = { id: 'com.github.copilot', name: 'GitHub Copilot', vendor: 'GitHub', version: '1.5.20' } as const;
const AMAZON_Q = { id: 'amazon.q', name: 'Amazon Q', vendor: 'AWS', version: '1.0' } as const;
// Cody's plugin.xml writes its vendor on lines of its own, and its name with an entity.
const CODY = { id: 'com.sourcegraph.jetbrains', name: 'Cody: AI Coding Assistant with Autocomplete &amp; Chat', vendor: '\n        Sourcegraph\n    ', version: '7.0.0' } as const;
const CLAUDE_PLUGIN = { id: 'com.anthropic.code.plugin', name: 'Claude Code [Beta]', vendor: 'Anthropic', version: '0.1.14-beta' } as const;

const MCP = 'osquery has no table that reads MCP server definitions; the editor reads VS Code\'s mcp.json, not ~/.claude.json';

export const HOMES: readonly Home[] = [
  {
    name: 'vscode-desktop',
    owner: 'alice',
    editors: [{
      folder: '.vscode/extensions',
      index: { entries: [{ id: 'Anthropic.claude-code', version: '2.0.1' }, { id: 'ms-python.python', version: '2024.1.0' }] },
      folders: [folderOf(CLAUDE, '2.0.1'), folderOf('ms-python.python', '2024.1.0')],
    }],
  },
  {
    // osquery reads this index (since 5.11): one row per install, and the copy the editor uninstalled is not in the index.
    name: 'vscode-server + uninstalled copy',
    owner: 'alice',
    editors: [{
      folder: '.vscode-server/extensions',
      index: { entries: [{ id: CLAUDE, version: '2.0.2' }] },
      folders: [folderOf(CLAUDE, '2.0.2'), folderOf(CLAUDE, '1.0.0')],
      obsolete: [`${CLAUDE}-1.0.0`],
    }],
    differences: [{ face: 'osquery', is: 'extra', key: 'assistants-ban|claude-code|extension|~/.vscode-server/extensions:anthropic.claude-code@1.0.0|violation', why: UNINSTALLED }],
    noted: ['assistants-ban|claude-code|extension|~/.vscode-server/extensions:anthropic.claude-code@1.0.0|violation'],
  },
  {
    name: 'insiders + insiders server',
    owner: 'alice',
    editors: [
      { folder: '.vscode-insiders/extensions', index: { entries: [{ id: 'openai.chatgpt', version: '1.2.3', folder: 'openai.chatgpt-1.2.3-linux-x64' }] }, folders: [['openai.chatgpt-1.2.3-linux-x64', 'openai.chatgpt', '1.2.3']] },
      { folder: '.vscode-server-insiders/extensions', index: { entries: [{ id: 'saoudrizwan.claude-dev', version: '3.0.0' }] }, folders: [folderOf('saoudrizwan.claude-dev', '3.0.0')] },
    ],
  },
  {
    name: 'vscodium + server',
    owner: 'alice',
    editors: [
      { folder: '.vscode-oss/extensions', index: { entries: [{ id: CLAUDE, version: '2.0.1' }] }, folders: [folderOf(CLAUDE, '2.0.1')] },
      { folder: '.vscodium-server/extensions', index: { entries: [{ id: 'sst-dev.opencode', version: '0.5.0' }] }, folders: [folderOf('sst-dev.opencode', '0.5.0')] },
    ],
  },
  {
    name: 'cursor + cursor-server',
    owner: 'alice',
    editors: [
      { folder: '.cursor/extensions', index: { entries: [{ id: CLAUDE, version: '2.0.1' }] }, folders: [folderOf(CLAUDE, '2.0.1')] },
      { folder: '.cursor-server/extensions', index: { entries: [{ id: CLAUDE, version: '2.0.1' }] }, folders: [folderOf(CLAUDE, '2.0.1')] },
    ],
  },
  {
    name: 'windsurf, windsurf-server, devin',
    owner: 'alice',
    editors: [
      { folder: '.windsurf/extensions', index: { entries: [{ id: 'Google.geminicodeassist', version: '2.1.0' }] }, folders: [folderOf('google.geminicodeassist', '2.1.0')] },
      { folder: '.windsurf-server/extensions', index: { entries: [{ id: CLAUDE, version: '2.0.1' }] }, folders: [folderOf(CLAUDE, '2.0.1')] },
      { folder: '.devin/extensions', index: { entries: [{ id: 'openai.chatgpt', version: '1.2.3' }] }, folders: [folderOf('openai.chatgpt', '1.2.3')] },
    ],
  },
  {
    name: 'trae, trae-cn, trae-server',
    owner: 'alice',
    editors: [
      { folder: '.trae/extensions', index: { entries: [{ id: CLAUDE, version: '2.0.1' }] }, folders: [folderOf(CLAUDE, '2.0.1')] },
      { folder: '.trae-cn/extensions', index: { entries: [{ id: 'saoudrizwan.claude-dev', version: '3.0.0' }] }, folders: [folderOf('saoudrizwan.claude-dev', '3.0.0')] },
      { folder: '.trae-server/extensions', index: { entries: [{ id: 'openai.chatgpt', version: '1.2.3' }] }, folders: [folderOf('openai.chatgpt', '1.2.3')] },
    ],
  },
  {
    // Neither folder is read by osquery: the file table, with .obsolete judged by its size.
    name: 'qoder + kiro with .obsolete copies',
    owner: 'alice',
    editors: [
      {
        folder: '.qoder/extensions',
        index: { entries: [{ id: 'openai.chatgpt', version: '1.2.3' }] },
        folders: [folderOf('openai.chatgpt', '1.2.3'), folderOf(CLAUDE, '2.0.1')],
        obsolete: [`${CLAUDE}-2.0.1`, 'ms-python.python-2024.1.0'],
      },
      {
        // A short .obsolete list cannot name the Claude Code folder: osquery knows it is installed.
        folder: '.kiro/extensions',
        index: { entries: [{ id: CLAUDE, version: '2.0.1' }] },
        folders: [folderOf(CLAUDE, '2.0.1'), folderOf('a.b', '1.0.0')],
        obsolete: ['a.b-1.0.0'],
      },
    ],
    differences: [{ face: 'osquery', is: 'extra', key: 'assistants-ban|claude-code|extension|~/.qoder/extensions:anthropic.claude-code@2.0.1|violation', why: UNINSTALLED }],
    // With a .obsolete list that long, osquery cannot tell an installed folder either: found, with the note.
    noted: [
      'assistants-ban|claude-code|extension|~/.qoder/extensions:anthropic.claude-code@2.0.1|violation',
      'assistants-ban|openai-codex|extension|~/.qoder/extensions:openai.chatgpt@1.2.3|violation',
    ],
  },
  {
    // osquery's vscode_extensions reads neither: today's export missed both.
    name: 'antigravity + code-server',
    owner: 'alice',
    editors: [
      { folder: '.antigravity/extensions', index: { entries: [{ id: CLAUDE, version: '2.0.1' }] }, folders: [folderOf(CLAUDE, '2.0.1')] },
      { folder: '.local/share/code-server/extensions', index: { entries: [{ id: CLAUDE, version: '2.0.1' }] }, folders: [folderOf(CLAUDE, '2.0.1')] },
    ],
  },
  {
    name: 'broken index',
    owner: 'alice',
    editors: [{ folder: '.vscode/extensions', index: { raw: '[{"identifier": {"id": "anthropic.claude-code"}, ' }, folders: [folderOf(CLAUDE, '2.0.1')] }],
  },
  {
    // osquery's JSON reader does not skip a byte-order mark: the folder is read through the file table.
    name: 'BOM index',
    owner: 'alice',
    editors: [{ folder: '.vscode/extensions', index: { entries: [{ id: CLAUDE, version: '2.0.1' }], bom: true }, folders: [folderOf(CLAUDE, '2.0.1')] }],
  },
  {
    // An unlisted folder, an entry osquery skips (no metadata) and an older index's string location.
    name: 'unlisted folders, odd index entries',
    owner: 'alice',
    editors: [{
      folder: '.vscode/extensions',
      index: { entries: [
        { id: 'ms-python.python', version: '2024.1.0' },
        { id: 'saoudrizwan.claude-dev', version: '3.0.0', shape: 'no-metadata' },
        { id: 'openai.chatgpt', version: '1.2.3', shape: 'string-location' },
      ] },
      folders: [folderOf('ms-python.python', '2024.1.0'), folderOf('saoudrizwan.claude-dev', '3.0.0'), folderOf('openai.chatgpt', '1.2.3'), folderOf(CLAUDE, '2.0.1')],
    }],
  },
  {
    // Processes of two owners; every way the scan recognises a running tool.
    name: 'processes of two owners',
    owner: 'alice',
    files: { '.local/bin/claude': '#!/bin/sh\n' },
    processes: [
      { pid: 4101, owner: 'alice', name: 'node', argv: ['node', '/home/alice/.local/lib/node_modules/@anthropic-ai/claude-code/cli.js', '--resume'] },
      { pid: 4102, owner: 'alice', name: 'node', argv: ['node', '--max-old-space-size', '4096', '/home/alice/.local/bin/claude'] },
      { pid: 4103, owner: 'alice', name: '2.1.30', argv: ['/home/alice/.local/share/claude/versions/2.1.30', '--print', 'hi'] },
      // A launcher that renames itself through argv[0] (`exec -a gemini node …`).
      { pid: 4104, owner: 'alice', name: 'node', argv: ['gemini', '/opt/tools/index.js'] },
      { pid: 4105, owner: 'alice', name: 'python3', argv: ['python3', '-m', 'aider.main', '--model', 'x'] },
      { pid: 4106, owner: 'alice', name: 'opencode', argv: ['opencode'] },
      { pid: 4201, owner: 'bob', name: 'python3.12', argv: ['/usr/bin/python3.12', '/home/bob/.local/bin/aider', '--yes'] },
      { pid: 4202, owner: 'bob', name: 'codex', argv: ['codex', 'exec'] },
      // Not tools: an interpreter evaluating code, a script that only names one, an editor, a search.
      { pid: 4301, owner: 'alice', name: 'node', argv: ['node', '-e', 'require("/x/bin/claude")'] },
      { pid: 4302, owner: 'alice', name: 'node', argv: ['node', '/srv/app/claude.js'] },
      { pid: 4303, owner: 'alice', name: 'vim', argv: ['vim', 'claude'] },
      { pid: 4304, owner: 'bob', name: 'grep', argv: ['grep', '-r', '@anthropic-ai/claude-code', '.'] },
      { pid: 4305, owner: 'alice', name: 'python3', argv: ['python3', '-c', 'import aider'] },
    ],
  },
  {
    // carol's exception applies to her extension and her process, in every face.
    name: 'exception for the owner',
    owner: 'carol',
    editors: [{ folder: '.vscode/extensions', index: { entries: [{ id: CLAUDE, version: '2.0.1' }] }, folders: [folderOf(CLAUDE, '2.0.1')] }],
    processes: [{ pid: 5101, owner: 'carol', name: 'claude', argv: ['claude'] }],
  },
  {
    // dave is in the ai-pilot group: the scan and the editor except him; osquery cannot read groups.
    name: 'exception for the owner\'s group',
    owner: 'dave',
    editors: [{ folder: '.vscode/extensions', index: { entries: [{ id: CLAUDE, version: '2.0.1' }] }, folders: [folderOf(CLAUDE, '2.0.1')] }],
    differences: [
      { face: 'osquery', is: 'missing', key: 'assistants-ban|claude-code|extension|~/.vscode/extensions:anthropic.claude-code@2.0.1|excepted', why: GROUPS_UNREAD },
      { face: 'osquery', is: 'extra', key: 'assistants-ban|claude-code|extension|~/.vscode/extensions:anthropic.claude-code@2.0.1|violation', why: GROUPS_UNREAD },
    ],
  },
  {
    name: 'MCP definition only',
    owner: 'alice',
    files: { '.claude.json': JSON.stringify({ mcpServers: { helper: { command: 'npx', args: ['-y', '@anthropic-ai/claude-code', 'mcp', 'serve'] } } }) },
    differences: [
      { face: 'osquery', is: 'missing', key: 'assistants-ban|claude-code|mcp|~/.claude.json#helper|violation', why: MCP },
      { face: 'editor', is: 'missing', key: 'assistants-ban|claude-code|mcp|~/.claude.json#helper|violation', why: MCP },
    ],
  },
  {
    // Every way a plugin sits in an IDE's plugins folder, and a plugin with no name to match.
    name: 'JetBrains: IntelliJ IDEA plugins',
    owner: 'alice',
    jetbrains: [{
      folder: 'JetBrains/IntelliJIdea2025.2',
      plugins: [
        { entry: 'github-copilot-intellij', ...COPILOT },
        { entry: 'aws-toolkit-amazonq.jar', shape: 'jar', ...AMAZON_Q },
        { entry: 'Sourcegraph', ...CODY },
        { entry: 'claude-code-jetbrains-plugin', ...CLAUDE_PLUGIN },
        { entry: 'inhouse', id: 'com.example.inhouse', name: 'In-house AI', vendor: 'Example' },
        { entry: 'IdeaVim', id: 'IdeaVIM', name: 'IdeaVim', vendor: 'JetBrains' },
      ],
    }],
    differences: [
      { face: 'osquery', is: 'missing', key: `jetbrains-ban|in-house-ai|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/inhouse|violation`, why: NO_NAME },
      ...notInEditor([
        `jetbrains-ban|github-copilot|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/github-copilot-intellij|violation`,
        `jetbrains-ban|amazon-q|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/aws-toolkit-amazonq.jar|violation`,
        `jetbrains-ban|cody-amp|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/Sourcegraph|violation`,
        `assistants-ban|claude-code|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/claude-code-jetbrains-plugin|violation`,
        `jetbrains-ban|in-house-ai|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/inhouse|violation`,
      ]),
    ],
    noted: [`assistants-ban|claude-code|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/claude-code-jetbrains-plugin|violation`],
  },
  {
    // disabled_plugins.txt: both report the plugin (the scan marks it disabled). A renamed
    // folder hides a plugin found by folder only; a look-alike with the same name and vendor
    // is found by osquery alone; the same name by another vendor by neither.
    name: 'JetBrains: disabled, renamed, look-alikes',
    owner: 'alice',
    jetbrains: [{
      folder: 'JetBrains/PyCharm2025.1',
      disabled: ['com.github.copilot'],
      plugins: [
        { entry: 'github-copilot-intellij', ...COPILOT },
        { entry: 'my-claude', ...CLAUDE_PLUGIN },
        { entry: 'copilot-lookalike', id: 'com.example.lookalike', name: 'GitHub Copilot', vendor: 'GitHub' },
        { entry: 'copilot-other-vendor', id: 'com.example.other', name: 'GitHub Copilot', vendor: 'Someone Else' },
      ],
    }, {
      // osquery's PyCharm% also matches PyCharmCE: it lists this plugin twice, the export once.
      folder: 'JetBrains/PyCharmCE2024.3',
      plugins: [{ entry: 'amazonq.jar', shape: 'jar', ...AMAZON_Q }],
    }],
    differences: [
      { face: 'osquery', is: 'missing', key: `assistants-ban|claude-code|jetbrainsPlugin|${JB}/PyCharm2025.1/my-claude|violation`, why: RENAMED },
      { face: 'osquery', is: 'extra', key: `jetbrains-ban|github-copilot|jetbrainsPlugin|${JB}/PyCharm2025.1/copilot-lookalike|violation`, why: SAME_NAME },
      ...notInEditor([
        `jetbrains-ban|github-copilot|jetbrainsPlugin|${JB}/PyCharm2025.1/github-copilot-intellij|violation`,
        `assistants-ban|claude-code|jetbrainsPlugin|${JB}/PyCharm2025.1/my-claude|violation`,
        `jetbrains-ban|amazon-q|jetbrainsPlugin|${JB}/PyCharmCE2024.3/amazonq.jar|violation`,
      ]),
    ],
  },
  {
    // Folders jetbrains_plugins does not read: a product it does not list, Android Studio
    // under Google/, an unpacked plugin. The file table finds what has a known folder name.
    name: 'JetBrains: products and layouts osquery does not read',
    owner: 'alice',
    jetbrains: [
      { folder: 'JetBrains/DataSpell2025.1', plugins: [{ entry: 'github-copilot-intellij', ...COPILOT }, { entry: 'amazonq', ...AMAZON_Q }] },
      { folder: 'Google/AndroidStudio2025.1', plugins: [{ entry: 'claude-code-jetbrains-plugin', ...CLAUDE_PLUGIN }] },
      { folder: 'JetBrains/GoLand2025.2', plugins: [{ entry: 'github-copilot-intellij', shape: 'unpacked', ...COPILOT }] },
    ],
    differences: [
      { face: 'osquery', is: 'missing', key: `jetbrains-ban|amazon-q|jetbrainsPlugin|${JB}/DataSpell2025.1/amazonq|violation`, why: UNREAD_FOLDER },
      ...notInEditor([
        `jetbrains-ban|github-copilot|jetbrainsPlugin|${JB}/DataSpell2025.1/github-copilot-intellij|violation`,
        `jetbrains-ban|amazon-q|jetbrainsPlugin|${JB}/DataSpell2025.1/amazonq|violation`,
        'assistants-ban|claude-code|jetbrainsPlugin|~/.local/share/Google/AndroidStudio2025.1/claude-code-jetbrains-plugin|violation',
        `jetbrains-ban|github-copilot|jetbrainsPlugin|${JB}/GoLand2025.2/github-copilot-intellij|violation`,
      ]),
    ],
    noted: [
      `jetbrains-ban|github-copilot|jetbrainsPlugin|${JB}/DataSpell2025.1/github-copilot-intellij|violation`,
      'assistants-ban|claude-code|jetbrainsPlugin|~/.local/share/Google/AndroidStudio2025.1/claude-code-jetbrains-plugin|violation',
      `jetbrains-ban|github-copilot|jetbrainsPlugin|${JB}/GoLand2025.2/github-copilot-intellij|violation`,
    ],
  },
  {
    // The table as first written read <Product>%/plugins on Linux, where no IDE keeps its
    // plugins: the file table still finds what has a known folder name.
    name: 'JetBrains: an osquery that reads plugins/ on Linux',
    owner: 'alice',
    osqueryJetbrainsLinux: 'plugins-subfolder',
    jetbrains: [{ folder: 'JetBrains/IntelliJIdea2025.2', plugins: [{ entry: 'github-copilot-intellij', ...COPILOT }, { entry: 'aws-toolkit-amazonq.jar', shape: 'jar', ...AMAZON_Q }] }],
    differences: [
      { face: 'osquery', is: 'missing', key: `jetbrains-ban|amazon-q|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/aws-toolkit-amazonq.jar|violation`, why: UNREAD_FOLDER },
      ...notInEditor([
        `jetbrains-ban|github-copilot|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/github-copilot-intellij|violation`,
        `jetbrains-ban|amazon-q|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/aws-toolkit-amazonq.jar|violation`,
      ]),
    ],
    noted: [`jetbrains-ban|github-copilot|jetbrainsPlugin|${JB}/IntelliJIdea2025.2/github-copilot-intellij|violation`],
  },
  {
    name: 'JetBrains: ACP agent',
    owner: 'alice',
    files: { '.jetbrains/acp.json': JSON.stringify({ agent_servers: { 'Claude Agent': { command: 'npx', args: ['@agentclientprotocol/claude-agent-acp'] } } }) },
    differences: [
      { face: 'osquery', is: 'missing', key: 'assistants-ban|claude-code|acpAgent|~/.jetbrains/acp.json#Claude Agent|violation', why: ACP },
      ...notInEditor(['assistants-ban|claude-code|acpAgent|~/.jetbrains/acp.json#Claude Agent|violation']),
    ],
  },
];
