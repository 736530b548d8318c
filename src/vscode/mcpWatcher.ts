import * as path from 'node:path';
import * as vscode from 'vscode';
import type { McpServerSeen } from '../core/detect/gatherEvidence';
import { Debouncer } from './debouncer';
import type { Detectors, LazyDetectors } from './detectorsLoader';
import { watchFile } from './fileWatch';
import { readTextFile } from '../machine/regularFile';

const RELOAD_DEBOUNCE_MS = 100;
/** Lets the extension host run other work between slices of reading a file's command lines. */
const yieldToHost = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Larger files are refused from their size, never read whole. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Where the editor keeps MCP server definitions for this window. */
export function mcpConfigFiles(userDataFile: string): string[] {
  const workspaceFiles = (vscode.workspace.workspaceFolders ?? [])
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

/**
 * Reads and watches the MCP server definitions of the user's mcp.json and each
 * workspace folder's .vscode/mcp.json. A workspace's file is read in an untrusted
 * workspace too: reading is harmless (nothing it names is started here), and the servers
 * it defines are what the editor offers to start once the workspace is trusted. The
 * parsers load only once a file exists.
 */
export class McpWatcher implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private servers: readonly McpServerSeen[] = [];
  private lazy: LazyDetectors | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private readonly reloadSoon = new Debouncer(RELOAD_DEBOUNCE_MS, () => { this.loading = this.load(); });
  private generation = 0;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    private readonly files: () => string[],
    private readonly detectors: Detectors,
    private readonly log: (message: string) => void,
  ) {
    this.subscriptions = [vscode.workspace.onDidChangeWorkspaceFolders(() => this.rewatch())];
    this.rewatch();
  }

  /** The files read and watched, the user's first. */
  watchedFiles(): string[] {
    return this.files();
  }

  /** Resolves when the files as they are now have been read. */
  whenLoaded(): Promise<void> {
    return this.loading;
  }

  private rewatch(): void {
    this.watchers.forEach((w) => w.dispose());
    this.watchers = this.files().map((file) => watchFile(file, () => this.reloadSoon.schedule()));
    this.loading = this.load();
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    const next: McpServerSeen[] = [];
    for (const file of this.files()) {
      const text = await this.read(file);
      if (text === undefined) continue;
      try {
        const lazy = this.lazy ??= await this.detectors.module();
        const result = lazy.parseMcpConfig(text);
        if (!result.ok) {
          const { line, column, path: field, message } = result.error;
          this.log(`${file}:${line}:${column}: error: ${field ? `${field}: ` : ''}${message}`);
          continue;
        }
        if (result.servers.length === 0) continue;
        const reader = await this.detectors.reader();
        // A server's command and arguments are an argument vector the editor starts as is:
        // read once here, as the OS runs it, so matching is plain data (gatherEvidence);
        // one budget per file, in slices that leave the extension host free.
        const readings = await lazy.readConfigCommandsSliced(reader, result.servers, yieldToHost);
        result.servers.forEach((server, index) => {
          const { invocations, incomplete } = readings[index] ?? { invocations: [] };
          if (incomplete !== undefined) this.log(`${file}: ${server.path}: its command line was not fully read: ${incomplete}`);
          next.push({ file, server: server.name, commandLine: lazy.mcpCommandLine(server), invocations, ...(incomplete !== undefined ? { incomplete } : {}) });
        });
      } catch (error) {
        this.log(`Reading MCP servers from ${file} failed: ${String(error)}`);
      }
    }
    if (generation !== this.generation) return;
    const changed = JSON.stringify(next) !== JSON.stringify(this.servers);
    this.servers = next;
    if (changed) this.changed.fire();
  }

  private async read(file: string): Promise<string | undefined> {
    // Never a plain read: a FIFO in the file's place would wait forever (see readTextFile).
    const { text, error } = await readTextFile(file, MAX_FILE_BYTES);
    if (error !== undefined) this.log(`${file}: error: ${error}; its MCP servers are not read`);
    return text; // undefined when there is no such file: no servers
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
