import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Observation } from '../core/detect/evidence';
import type { McpServerDefinition } from '../core/detect/mcpServers';
import type { ToolDefinition } from '../core/tools';
import { Debouncer } from './debouncer';
import type { Detectors, LazyDetectors } from './detectorsLoader';
import { watchFile } from './fileWatch';

const RELOAD_DEBOUNCE_MS = 100;

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
  private servers = new Map<string, readonly McpServerDefinition[]>();
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
    const next = new Map<string, readonly McpServerDefinition[]>();
    for (const file of this.files()) {
      try {
        if (!(await stat(file)).isFile()) continue;
      } catch {
        continue; // no such file: no servers
      }
      try {
        this.lazy ??= await this.detectors.module();
        const result = await this.lazy.readMcpFile(file);
        if (typeof result === 'string') {
          this.log(result);
        } else if (result.length > 0) {
          await this.detectors.reader();
          next.set(file, result);
        }
      } catch (error) {
        this.log(`${file}: ${String(error)}`);
      }
    }
    if (generation !== this.generation) return;
    const signature = (map: Map<string, readonly McpServerDefinition[]>) => JSON.stringify([...map.entries()]);
    const changed = signature(next) !== signature(this.servers);
    this.servers = next;
    if (changed) this.changed.fire();
  }

  /** Servers whose command line runs one of the tools. */
  observations(tools: readonly ToolDefinition[]): Observation[] {
    const reader = this.detectors.loadedReader;
    return this.lazy && reader ? this.lazy.mcpObservations(tools, this.servers, reader) : [];
  }

  dispose(): void {
    this.generation++;
    this.reloadSoon.dispose();
    this.watchers.forEach((w) => w.dispose());
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
