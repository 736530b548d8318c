import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mergeLayers, type EffectivePolicy, type IgnoredChange, type SourceState } from '../core/policy/mergeLayers';
import { policyLocations, type PolicyLocation } from '../core/policy/sources';
import type { Policy, PolicyProblem } from '../core/policy/types';
import { readPolicyFile } from '../machine/policyFile';
import { parsePolicyOffThread } from '../machine/policyParseWorker';
import { Debouncer } from './debouncer';
import { watchFile } from './fileWatch';
import { expandHome } from '../machine/user';

const RELOAD_DEBOUNCE_MS = 40;
/** A file that vanishes is read again after this long before its rules are lifted (a non-atomic rewrite). */
const DELETION_CONFIRM_MS = 500;
const LAST_GOOD_KEY = 'toolPolicy.lastGoodPolicies';

/** A source's last good file content, kept in extension storage across restarts. */
interface StoredPolicy {
  readonly base64: string;
  readonly savedAt: number;
}
type StoredPolicies = Readonly<Record<string, StoredPolicy>>;


const storageKey = (location: PolicyLocation) => `${location.layer}\n${location.path}`;

export interface PolicyStoreOptions {
  /** Where the last good policy of each source is kept across restarts. */
  readonly storage: vscode.Memento;
  /** Replaces the managed policy path; only ever set in test runs (see extension.ts). */
  readonly managedPathOverride?: string;
}

/**
 * Finds, reads and watches every policy source. A bad edit keeps that source's last good
 * policy in force and reports the problems, also across restarts; nothing here ever throws
 * to the caller.
 */
export class PolicyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EffectivePolicy>();
  readonly onDidChange = this.changed.event;
  private states = new Map<string, SourceState>();
  /** When each path was first seen missing after having a policy. */
  private readonly missingSince = new Map<string, number>();
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly reloadSoon = new Debouncer(RELOAD_DEBOUNCE_MS, () => void this.load());
  private readonly confirmDeletion = new Debouncer(DELETION_CONFIRM_MS, () => void this.load());
  private generation = 0;
  private current: EffectivePolicy = mergeLayers([]);

  constructor(private readonly options: PolicyStoreOptions) {
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
    // Only the machine-scoped value counts: a workspace settings file cannot name a policy.
    const configured = vscode.workspace.getConfiguration('toolPolicy').inspect<string>('policyFile')?.globalValue ?? '';
    return policyLocations({
      platform: process.platform,
      env: process.env,
      policyFileSetting: configured ? expandHome(configured) : '',
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
      workspaceTrusted: vscode.workspace.isTrusted,
    }).map((location) => ({
      ...location,
      path: location.layer === 'managed' && this.options.managedPathOverride ? this.options.managedPathOverride : expandHome(location.path),
    }));
  }

  /** Schedules a reload; bursts of file events collapse into one. */
  reload(): void {
    this.reloadSoon.schedule();
  }

  /** The newest load: a load that a newer one supersedes resolves with the newer one's result. */
  private latestLoad: Promise<EffectivePolicy> | undefined;

  /**
   * Reads every source now. Resolves once the newest effective policy has been published:
   * when another load starts meanwhile (a file event, a settings change), with its result,
   * so a caller such as Rescan Now never goes on with a policy already out of date.
   */
  load(): Promise<EffectivePolicy> {
    const run = this.loadOnce(++this.generation);
    this.latestLoad = run;
    return run;
  }

  private async loadOnce(generation: number): Promise<EffectivePolicy> {
    const locations = this.locations();
    this.watch(locations);
    const next = new Map<string, SourceState>();
    await Promise.all(locations.map(async (location) => {
      next.set(storageKey(location), await this.readSource(location, generation));
    }));
    const refused = await this.refusedSources();
    if (generation !== this.generation) return this.latestLoad ?? this.current;
    this.states = next;
    const merged = mergeLayers(locations.map((l) => next.get(storageKey(l))).filter((s): s is SourceState => s !== undefined));
    this.current = refused.length > 0 ? { ...merged, ignored: [...merged.ignored, ...refused] } : merged;
    this.changed.fire(this.current);
    return this.current;
  }

  /**
   * Policy sources the workspace offers and the store refuses, so the panel can show each
   * attempt: a workspace setting naming the policy file (machine scope: only the user's
   * settings count) and a workspace policy in a workspace that is not trusted.
   */
  private async refusedSources(): Promise<IgnoredChange[]> {
    const refused: IgnoredChange[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      // The editor drops machine-scoped values from workspace settings without a trace, so
      // the file itself is looked at to show the attempt.
      const settings = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
      const read = await readPolicyFile(settings);
      if (read.kind === 'bytes' && /"toolPolicy\.policyFile"\s*:/.test(Buffer.from(read.bytes).toString('utf8'))) {
        refused.push({ layer: 'workspace', path: settings, message: 'toolPolicy.policyFile is set in the workspace settings and ignored: only your user settings may name the policy file' });
      }
    }
    if (!vscode.workspace.isTrusted) {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        if (folder.uri.scheme !== 'file') continue;
        const file = path.join(folder.uri.fsPath, '.vscode', 'tool-policy.yaml');
        if (await fs.lstat(file).then(() => true, () => false)) {
          refused.push({ layer: 'workspace', path: file, message: 'not read: this workspace is not trusted, and only a trusted workspace may add rules' });
        }
      }
    }
    return refused;
  }

  private async readSource(location: PolicyLocation, generation: number): Promise<SourceState> {
    const read = await readPolicyFile(location.path);
    if (read.kind === 'missing') return this.missing(location);
    this.missingSince.delete(storageKey(location));
    if (location.layer === 'workspace') {
      const outside = await linksOutsideWorkspace(location.path);
      if (outside) return this.broken(location, [problemAt(location.path, `is a link to ${outside}, outside the workspace; a workspace policy must be a file in the workspace`)]);
    }
    if (read.kind === 'unreadable') return this.broken(location, [problemAt(location.path, read.message)]);
    // A newer load has started (a burst of edits): its result replaces this one, so this
    // one does not queue a parse in front of it.
    if (generation !== this.generation) return this.states.get(storageKey(location)) ?? { ...location, status: 'missing', problems: [] };
    // Off the extension host's thread, with a deadline: a large file never freezes the editor.
    const result = await parsePolicyOffThread(read.bytes, location);
    if (!result.ok) return this.broken(location, result.problems);
    await this.remember(location, read.bytes);
    return { ...location, status: 'ok', policy: result.policy, problems: [], ...(result.warnings.length > 0 ? { warnings: result.warnings } : {}) };
  }

  /**
   * A file that had a policy and is gone: its rules stay until a second read, a moment
   * later, finds it still gone (a rewrite that deletes first must not lift a block). Then
   * the deletion takes effect and the stored copy is dropped.
   */
  private async missing(location: PolicyLocation): Promise<SourceState> {
    const key = storageKey(location);
    const previous = this.states.get(key);
    if (previous?.policy) {
      const since = this.missingSince.get(key) ?? Date.now();
      this.missingSince.set(key, since);
      if (Date.now() - since < DELETION_CONFIRM_MS * 0.8) {
        this.confirmDeletion.schedule();
        return previous;
      }
    }
    this.missingSince.delete(key);
    await this.forget(location);
    return { ...location, status: 'missing', problems: [] };
  }

  /** A file with errors: the last good policy from this session, else from an earlier one. */
  private async broken(location: PolicyLocation, problems: readonly PolicyProblem[]): Promise<SourceState> {
    const state = { ...location, status: 'error' as const, problems };
    const previous = this.states.get(storageKey(location));
    if (previous?.policy) {
      return { ...state, policy: previous.policy, ...(previous.lastGoodRestored ? { lastGoodRestored: true } : {}) };
    }
    const restored = await this.restore(location);
    return restored ? { ...state, policy: restored, lastGoodRestored: true } : state;
  }

  private stored(): StoredPolicies {
    return this.options.storage.get<StoredPolicies>(LAST_GOOD_KEY, {});
  }

  private async restore(location: PolicyLocation): Promise<Policy | undefined> {
    const entry = this.stored()[storageKey(location)];
    if (!entry || typeof entry.base64 !== 'string') return undefined;
    const result = await parsePolicyOffThread(Buffer.from(entry.base64, 'base64'), location);
    return result.ok ? result.policy : undefined;
  }

  private async remember(location: PolicyLocation, bytes: Uint8Array): Promise<void> {
    const key = storageKey(location);
    const base64 = Buffer.from(bytes).toString('base64');
    const stored = this.stored();
    if (stored[key]?.base64 === base64) return;
    await this.options.storage.update(LAST_GOOD_KEY, { ...stored, [key]: { base64, savedAt: Date.now() } });
  }

  private async forget(location: PolicyLocation): Promise<void> {
    const key = storageKey(location);
    const stored = this.stored();
    if (!(key in stored)) return;
    await this.options.storage.update(LAST_GOOD_KEY, Object.fromEntries(Object.entries(stored).filter(([entry]) => entry !== key)));
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
    this.confirmDeletion.dispose();
    for (const watcher of this.watchers) watcher.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

/** Where a workspace policy really lives, when that is outside its workspace folder. */
async function linksOutsideWorkspace(file: string): Promise<string | undefined> {
  const folder = path.dirname(path.dirname(file));
  try {
    const [real, realFolder] = await Promise.all([fs.realpath(file), fs.realpath(folder)]);
    const relative = path.relative(realFolder, real);
    return relative.startsWith('..') || path.isAbsolute(relative) ? real : undefined;
  } catch {
    return undefined; // gone again: the next read reports it
  }
}

function problemAt(file: string, message: string): PolicyProblem {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, path: '', message };
}
