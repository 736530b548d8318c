import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mergeLayers, type EffectivePolicy, type SourceState } from '../core/policy/mergeLayers';
import { policyLocations, type PolicyLocation } from '../core/policy/sources';
import { parsePolicyOffThread } from '../machine/policyParseWorker';
import { Debouncer } from './debouncer';
import { watchFile } from './fileWatch';

const RELOAD_DEBOUNCE_MS = 40;

function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}

/**
 * Finds, reads and watches every policy source. A bad edit keeps that source's last good
 * policy in force and reports the problems; nothing here ever throws to the caller.
 */
export class PolicyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EffectivePolicy>();
  readonly onDidChange = this.changed.event;
  private states = new Map<string, SourceState>();
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly reloadSoon = new Debouncer(RELOAD_DEBOUNCE_MS, () => void this.load());
  private generation = 0;
  private current: EffectivePolicy = mergeLayers([]);

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('toolPolicy.policyFile')) this.reload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
  }

  get policy(): EffectivePolicy {
    return this.current;
  }

  locations(): PolicyLocation[] {
    const configured = vscode.workspace.getConfiguration('toolPolicy').get<string>('policyFile', '');
    return policyLocations({
      platform: process.platform,
      env: process.env,
      policyFileSetting: configured ? expandHome(configured) : '',
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
      workspaceTrusted: vscode.workspace.isTrusted,
    }).map((location) => ({ ...location, path: expandHome(location.path) }));
  }

  /** Schedules a reload; bursts of file events collapse into one. */
  reload(): void {
    this.reloadSoon.schedule();
  }

  /** Reads every source now. Resolves once the new effective policy has been published. */
  async load(): Promise<EffectivePolicy> {
    const generation = ++this.generation;
    const locations = this.locations();
    this.watch(locations);
    const next = new Map<string, SourceState>();
    await Promise.all(locations.map(async (location) => {
      next.set(location.path, await this.readSource(location));
    }));
    if (generation !== this.generation) return this.current;
    this.states = next;
    this.current = mergeLayers(locations.map((l) => next.get(l.path)).filter((s): s is SourceState => s !== undefined));
    this.changed.fire(this.current);
    return this.current;
  }

  private async readSource(location: PolicyLocation): Promise<SourceState> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(location.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ...location, status: 'missing', problems: [] };
      return {
        ...location,
        status: 'error',
        problems: [{ file: location.path, line: 1, column: 1, endLine: 1, endColumn: 1, path: '', message: `cannot be read: ${(error as Error).message}` }],
        ...this.lastGood(location),
      };
    }
    // Off the extension host's thread, with a deadline: a large file never freezes the editor.
    const result = await parsePolicyOffThread(bytes, location);
    if (result.ok) return { ...location, status: 'ok', policy: result.policy, problems: [] };
    return { ...location, status: 'error', problems: result.problems, ...this.lastGood(location) };
  }

  /** The policy this source had before, kept in force while its file has errors. */
  private lastGood(location: PolicyLocation): { policy?: SourceState['policy'] } {
    const previous = this.states.get(location.path);
    return previous?.policy && previous.layer === location.layer ? { policy: previous.policy } : {};
  }

  private watchedKey = '';

  private watch(locations: readonly PolicyLocation[]): void {
    const key = locations.map((l) => l.path).join('\n');
    if (key === this.watchedKey) return;
    this.watchedKey = key;
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = locations.map((location) => watchFile(location.path, () => this.reload()));
  }

  dispose(): void {
    this.reloadSoon.dispose();
    for (const watcher of this.watchers) watcher.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
