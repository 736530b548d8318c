/**
 * The policy format (version 1, documented in policies/README.md) described once. The
 * validator walks documents with this description and `policyJsonSchema` (jsonSchema.ts)
 * turns it into `policies/schema.json`, so the two cannot drift.
 */

export type StringFormat =
  | 'id'
  | 'tool-ref'
  | 'email-or-url'
  | 'url'
  | 'url-template'
  | 'date'
  | 'timezone'
  | 'extension-id'
  | 'command'
  | 'package'
  | 'plugin-id'
  | 'glob'
  | 'text';

interface Described {
  readonly description: string;
}

export type Spec =
  | (Described & { readonly type: 'string'; readonly format: StringFormat })
  | (Described & { readonly type: 'integer'; readonly minimum: number; readonly maximum: number })
  | (Described & { readonly type: 'const'; readonly value: number })
  | (Described & { readonly type: 'enum'; readonly values: readonly string[] })
  | (Described & { readonly type: 'array'; readonly items: Spec; readonly minItems?: number })
  | (Described & { readonly type: 'object'; readonly properties: Readonly<Record<string, Spec>>; readonly required: readonly string[] })
  /** A single string or a list of them (`tool: claude-code` or `tool: [a, b]`). */
  | (Described & { readonly type: 'one-or-many'; readonly items: Spec & { type: 'string' } })
  /** Text, or a map from a language tag to text (README "Languages"). */
  | (Described & { readonly type: 'localized-text' });

const str = (format: StringFormat, description: string): Spec => ({ type: 'string', format, description });
const localized = (description: string): Spec => ({ type: 'localized-text', description });
const list = (items: Spec, description: string, minItems?: number): Spec =>
  minItems === undefined ? { type: 'array', items, description } : { type: 'array', items, description, minItems };

const toolSpec: Spec = {
  type: 'object',
  description: 'A tool the built-in catalog lacks, or more matchers for one it has (same id).',
  required: ['id'],
  properties: {
    id: str('id', 'Tool id, [a-z0-9-]+. The id of a catalog tool adds these matchers to it.'),
    name: str('text', 'Name shown in notices.'),
    extensions: list(str('extension-id', 'Extension id, publisher.name; * is a wildcard.'), 'VS Code extension ids (case-insensitive).'),
    commands: list(str('command', 'Executable name.'), 'Executable names typed in a terminal (basename; .exe/.cmd/.bat stripped).'),
    packages: list(str('package', 'npm package name.'), 'npm packages run through npx, npm exec, pnpm dlx, yarn dlx or bunx.'),
    processes: list(str('command', 'Process name.'), "Process names in a terminal's process tree."),
    terminalNames: list(str('text', 'Terminal name.'), 'Integrated-terminal names.'),
    apps: list(str('text', 'Editor name.'), 'Host editor names (vscode.env.appName) of VS Code forks.'),
    jetbrainsPlugins: list(str('plugin-id', 'Plugin id, the <id> in META-INF/plugin.xml.'), 'JetBrains plugin ids (case-insensitive).'),
    acpAgents: list(str('text', 'Agent name.'), "Agent names in JetBrains' ~/.jetbrains/acp.json (keys of agent_servers; case-insensitive)."),
  },
};

const alternativeSpec: Spec = {
  type: 'object',
  description: 'The sanctioned replacement.',
  required: ['name'],
  properties: {
    name: localized('Name of the replacement.'),
    url: str('url', 'Where to get it.'),
    description: localized('One line about it.'),
    extensions: list(str('extension-id', 'Extension id.'), 'Extensions the panel can offer to install.'),
    commands: list(str('command', 'Executable name.'), 'Command-line tools to use instead.'),
    tool: str('id', 'Id of the sanctioned tool: a catalog id or one under tools: (what "move my setup" moves to).'),
  },
};

const linkSpec: Spec = {
  type: 'object',
  description: 'An extra link.',
  required: ['title', 'url'],
  properties: {
    title: localized('Link text.'),
    url: str('url', 'Link target.'),
  },
};

const exceptionSpec: Spec = {
  type: 'object',
  description: 'A time-limited exception.',
  required: ['until'],
  properties: {
    until: str('date', 'When the exception ends: YYYY-MM-DD (00:00 in the policy timezone) or ISO 8601 with offset.'),
    reason: localized('Why the exception exists.'),
    users: list(str('text', 'OS user name.'), 'OS user names it applies to (compared as the OS does: case-sensitive on Linux and macOS, not on Windows).'),
    groups: list(str('text', 'OS group name.'), 'OS groups: a member of any of them is excepted.'),
    workspaces: list(str('glob', 'Glob on workspace folder paths.'), 'Workspace folders it applies to.'),
  },
};

const ruleSpec: Spec = {
  type: 'object',
  description: 'One directive: a tool (or tools) not allowed after a date.',
  required: ['id', 'tool'],
  properties: {
    id: str('id', 'Rule id, unique in the file, [a-z0-9-]+.'),
    tool: {
      type: 'one-or-many',
      description: 'A catalog id, an id under tools:, a list of ids, or "*" for every tool not under allowed.',
      items: { type: 'string', format: 'tool-ref', description: 'Tool id.' },
    },
    classification: str('text', 'Label shown as a badge, e.g. high-risk.'),
    title: localized('Headline; derived from the tool when absent.'),
    reason: localized('Why, in Markdown (rendered without HTML).'),
    deadline: str('date', 'YYYY-MM-DD (00:00 in timezone) or ISO 8601 with offset; absent = in force now.'),
    noticeDays: { type: 'integer', minimum: 0, maximum: 3650, description: 'Warnings start this many days before the deadline (default 30).' },
    alternative: alternativeSpec,
    links: list(linkSpec, 'Extra links.'),
    exceptionRequestUrl: str('url-template', 'Where to ask for an exception; {tool}, {rule} and {user} are filled in.'),
    enforce: { type: 'enum', values: ['notify', 'block'], description: 'notify (default) or block: after the deadline, disable matching extensions.' },
    exceptions: list(exceptionSpec, 'Time-limited exceptions.'),
  },
};

export const POLICY_SPEC: Spec = {
  type: 'object',
  description: "An organisation's AI-tool policy (Tool Policy Notices, format version 1).",
  required: ['version', 'organization', 'rules'],
  properties: {
    version: { type: 'const', value: 1, description: 'Format version; must be 1.' },
    organization: localized('Organisation name shown in every notice.'),
    contact: str('email-or-url', 'E-mail address or https URL for questions.'),
    policyUrl: str('url', 'Link to the full policy.'),
    timezone: str('timezone', "IANA zone for date-only deadlines; default: the machine's zone."),
    allowed: list(str('tool-ref', 'Tool id.'), 'Sanctioned tools; never matched by a tool: "*" rule.'),
    tools: list(toolSpec, 'Tools the catalog lacks, or more matchers for catalog tools.'),
    rules: list(ruleSpec, 'The directives.', 1),
  },
};
