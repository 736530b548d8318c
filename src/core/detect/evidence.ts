/** Who runs a process: the OS's numeric id where it has one, and the user name where it could be resolved. */
export interface ProcessOwner {
  readonly uid?: number;
  readonly user?: string;
}

/** What was found, and where: every finding carries evidence a person can check. */
export type Evidence =
  | {
      readonly kind: 'extension';
      readonly extensionId: string;
      readonly version: string;
      readonly displayName?: string;
      /** False for an extension that is installed but disabled. */
      readonly enabled: boolean;
      /** Shipped with the editor: listed, never disabled by a block. */
      readonly builtIn?: boolean;
      /** The editor whose extensions folder holds it, when read from disk ("Cursor"). */
      readonly editor?: string;
      /** The extension's folder, when read from disk. */
      readonly location?: string;
    }
  | { readonly kind: 'command'; readonly terminalName: string; readonly commandLine: string; readonly program: string; readonly at: string }
  | { readonly kind: 'process'; readonly pid: number; readonly name: string; readonly argv: string; readonly terminalName?: string; readonly owner?: ProcessOwner }
  | { readonly kind: 'terminal'; readonly terminalName: string }
  | { readonly kind: 'app'; readonly appName: string; readonly uriScheme: string }
  | { readonly kind: 'installed'; readonly command: string; readonly path: string }
  /** An MCP server definition whose command line runs the tool: the file, the server's key, its command line. */
  | { readonly kind: 'mcpServer'; readonly file: string; readonly server: string; readonly commandLine: string };

/** A tool seen on this machine, before any rule is applied. */
export interface Observation {
  readonly toolId: string;
  readonly evidence: Evidence;
}

/** Stable identity of a piece of evidence, for de-duplication and "seen before" checks. */
export function evidenceKey(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'extension': return `extension:${evidence.extensionId.toLowerCase()}${evidence.location !== undefined ? `:${evidence.location}` : ''}`;
    case 'command': return `command:${evidence.terminalName}:${evidence.program}:${evidence.commandLine}`;
    case 'process': return `process:${evidence.pid}`;
    case 'terminal': return `terminal:${evidence.terminalName}`;
    case 'app': return `app:${evidence.appName}`;
    case 'installed': return `installed:${evidence.path}`;
    case 'mcpServer': return `mcpServer:${evidence.file}:${evidence.server}`;
  }
}

/**
 * Whether the evidence shows the tool in use. A disabled extension or a CLI that is
 * installed but not running is lower-weight: listed, but it does not lead the status bar.
 */
export function isActiveEvidence(evidence: Evidence): boolean {
  if (evidence.kind === 'installed') return false;
  if (evidence.kind === 'extension') return evidence.enabled;
  return true;
}
