/**
 * How an AI assistant shows up on a developer machine. The built-in catalog
 * (catalog.ts) and a policy's `tools:` section both produce these.
 * All matchers are compared case-insensitively.
 */
export interface ToolDefinition {
  /** Stable id used by policies, `[a-z0-9-]+`. */
  readonly id: string;
  /** Human name shown in notices. */
  readonly name: string;
  /** Vendor, for the panel ("Anthropic"). */
  readonly vendor?: string;
  /** Extension ids (`publisher.name`); `*` matches any run of characters. */
  readonly extensions: readonly string[];
  /** Executable basenames typed in a terminal (without .exe/.cmd/.bat). */
  readonly commands: readonly string[];
  /** npm packages caught in npx / npm exec / pnpm dlx / yarn dlx / bunx. */
  readonly packages: readonly string[];
  /** Process names in a terminal's process tree. */
  readonly processes: readonly string[];
  /** Integrated-terminal names. */
  readonly terminalNames: readonly string[];
  /** Host editor names or URI schemes (`vscode.env.appName` / `uriScheme`) of VS Code forks. */
  readonly apps: readonly string[];
}

export type ToolMatcherKind = 'extensions' | 'commands' | 'packages' | 'processes' | 'terminalNames' | 'apps';

export const TOOL_MATCHER_KINDS: readonly ToolMatcherKind[] = [
  'extensions',
  'commands',
  'packages',
  'processes',
  'terminalNames',
  'apps',
];
