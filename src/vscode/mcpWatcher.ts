import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { McpServerSeen, UnreadItem } from '../core/detect/gatherEvidence';
import { Debouncer } from './debouncer';
import { Emitter } from './emitter';
import type { WatchFile } from './fileWatch';
import type { Parsers, ParsersBundle } from './parsersLoader';

const RELOAD_DEBOUNCE_MS = 100;
/** Lets the extension host run other work between slices of reading a file's command lines. */
const yieldToHost = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Larger files are refused from their size, never read whole. */
export const MAX_MCP_FILE_BYTES = 16 * 1024 * 1024;

/** Where the editor keeps MCP server definitions for this window. */
export function mcpConfigFiles(workspace: Pick<typeof vscode.workspace, 'workspaceFolders'>, userDataFile: string): string[] {
  const workspaceFiles = (workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => path.join(folder.uri.fsPath, '.vscode', 'mcp.json'));
  return [userDataFile, ...workspaceFiles];
}

/**
 * The user's mcp.json sits in the profile's User folder, two levels above this
 * extension's global storage (`User/globalStorage/<extension id>`).
 */
export function userMcpFile(globalStorage: vscode.Uri): string {
  return path.join(globalStorage.fsPath, '..', '..', 'mcp.json');
}

/** How the watcher reads and watches the files (src/machine readers, the file watcher). */
export interface McpFiles {
  /** The files to read and watch, the user's first. */
  list(): string[];
  /**
   * A file's text, or why it could not be read; no text and no error when there is no such
   * file. Never a plain read: a FIFO in the file's place would wait forever (readTextFile).
   */
  read(file: string): Promise<{ readonly text?: string; readonly error?: string }>;
  watch: WatchFile;
}

/**
 * Reads and watches the MCP server definitions of the user's mcp.json and each
 * workspace folder's .vscode/mcp.json. A workspace's file is read in an untrusted
 * workspace too: reading is harmless (nothing it names is started here), and the servers
 * it defines are what the editor offers to start once the workspace is trusted. The
 * parsers load only once a file exists. Nothing is read or watched before `start()`.
 */
export class McpWatcher implements vscode.Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private servers: readonly McpServerSeen[] = [];
  private unread: readonly UnreadItem[] = [];
  private bundle: ParsersBundle | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private readonly reloadSoon = new Debouncer(RELOAD_DEBOUNCE_MS, () => { this.loading = this.load(); });
  private generation = 0;
  private loading: Promise<void> = Promise.resolve();
  private started = false;

  constructor(
    private readonly files: McpFiles,
    private readonly parsers: Parsers,
    private readonly log: (message: string) => void,
    workspace: Pick<typeof vscode.workspace, 'onDidChangeWorkspaceFolders'>,
  ) {
    this.subscriptions = [workspace.onDidChangeWorkspaceFolders(() => { if (this.started) this.rewatch(); })];
  }

  /** Watches the files and reads them; resolves when they have been read. */
  start(): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.rewatch();
    }
    return this.loading;
  }

  /** Resolves when the files as they are now have been read. */
  whenLoaded(): Promise<void> {
    return this.loading;
  }

  private rewatch(): void {
    this.watchers.forEach((w) => w.dispose());
    this.watchers = this.files.list().map((file) => this.files.watch(file, () => this.reloadSoon.schedule()));
    this.loading = this.load();
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    const next: McpServerSeen[] = [];
    const unread: UnreadItem[] = [];
    for (const file of this.files.list()) {
      const text = await this.read(file, unread);
      if (text === undefined) continue;
      next.push(...await this.serversIn(file, text, unread));
    }
    if (generation !== this.generation) return;
    const changed = JSON.stringify([next, unread]) !== JSON.stringify([this.servers, this.unread]);
    this.servers = next;
    this.unread = unread;
    if (changed) this.changed.fire();
  }

  /**
   * The servers one file defines, each with what it runs; none when the file cannot be
   * parsed. Each problem is logged and kept in `unread`: a malformed entry hides only itself.
   */
  private async serversIn(file: string, text: string, unread: UnreadItem[]): Promise<McpServerSeen[]> {
    try {
      this.bundle ??= await this.parsers.bundle();
      const result = this.bundle.parseMcpConfig(text);
      const problem = ({ line, column, path: field, message }: { line: number; column: number; path?: string; message: string }) => {
        const what = `${field ? `${field}: ` : ''}${message}`;
        this.log(`${file}:${line}:${column}: error: ${what}`);
        unread.push({ where: file, message: `${line}:${column}: ${what}` });
      };
      if (!result.ok) {
        problem(result.error);
        return [];
      }
      for (const entry of result.problems) problem(entry);
      if (result.servers.length === 0) return [];
      const reader = await this.parsers.reader();
      const bundle = this.bundle;
      // A server's command and arguments are an argument vector the editor starts as is:
      // read once here, as the OS runs it, so matching is plain data (gatherEvidence);
      // one budget per file, in slices that leave the extension host free.
      const readings = await bundle.readConfigCommandsSliced(reader, result.servers, yieldToHost);
      return result.servers.map((server, index) => {
        const { invocations, incomplete } = readings[index] ?? { invocations: [] };
        // Kept on the server too: incompleteReadings (core) names it in the views and the report.
        if (incomplete !== undefined) this.log(`${file}: ${server.path}: its command line was not fully read: ${incomplete}`);
        return { file, server: server.name, commandLine: bundle.mcpCommandLine(server), invocations, ...(incomplete !== undefined ? { incomplete } : {}) };
      });
    } catch (error) {
      this.log(`Reading MCP servers from ${file} failed: ${String(error)}`);
      unread.push({ where: file, message: `its MCP servers could not be read: ${String(error)}` });
      return [];
    }
  }

  private async read(file: string, unread: UnreadItem[]): Promise<string | undefined> {
    const { text, error } = await this.files.read(file);
    if (error !== undefined) {
      this.log(`${file}: error: ${error}; its MCP servers are not read`);
      unread.push({ where: file, message: error });
    }
    return text; // undefined when there is no such file: no servers
  }

  /** What the last reading could not read: files, malformed entries, command lines cut short. */
  problems(): readonly UnreadItem[] {
    return this.unread;
  }

  /** Every server definition read, with what it runs. */
  seen(): readonly McpServerSeen[] {
    return this.servers;
  }

  dispose(): void {
    this.generation++;
    this.reloadSoon.dispose();
    this.watchers.forEach((w) => w.dispose());
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
