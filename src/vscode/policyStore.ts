import * as path from 'node:path';
import type * as vscode from 'vscode';
import { mergeLayerSteps, mergeLayers, type EffectivePolicy, type SourceState } from '../core/policy/mergeLayers';
import type { PolicyLocation } from '../core/policy/sources';
import type { PolicyProblem } from '../core/policy/types';
import type { PolicyFileRead } from '../machine/policyFile';
import { Debouncer } from './debouncer';
import { Emitter } from './emitter';
import { inSlices, type SliceClock } from './slices';
import type { WatchFile } from './fileWatch';
import { sourceKey, type LastGoodPolicies, type ParsePolicy } from './lastGoodPolicies';
import type { PolicyFileLocator } from './policyFileLocator';

const RELOAD_DEBOUNCE_MS = 40;
/** A file that vanishes is read again after this long before its rules are lifted (a non-atomic rewrite). */
const DELETION_CONFIRM_MS = 500;

/** How the store reads and watches policy files (src/machine readers, the file watcher). */
export interface PolicyFiles {
  read(file: string): Promise<PolicyFileRead>;
  parse: ParsePolicy;
  /** Where `file` really lives when that is outside `folder`. */
  realPathOutside(file: string, folder: string): Promise<string | undefined>;
  watch: WatchFile;
}

/**
 * Reads and watches every policy source and holds the effective policy. A bad edit keeps
 * that source's last good policy in force and reports the problems, also across restarts
 * (`LastGoodPolicies`); nothing here ever throws to the caller.
 */
export class PolicyStore implements vscode.Disposable {
  private readonly changed = new Emitter<EffectivePolicy>();
  readonly onDidChange = this.changed.event;
  private states = new Map<string, SourceState>();
  /** When each path was first seen missing after having a policy. */
  private readonly missingSince = new Map<string, number>();
  private watchers: vscode.Disposable[] = [];
  private watchedKey = '';
  private readonly locatorSubscription: vscode.Disposable;
  private readonly reloadSoon = new Debouncer(RELOAD_DEBOUNCE_MS, () => void this.load());
  private readonly confirmDeletion = new Debouncer(DELETION_CONFIRM_MS, () => void this.load());
  private generation = 0;
  /** Nothing read yet: the empty policy, merged on first read rather than at activation. */
  private current: EffectivePolicy | undefined;
  /** The newest load: a load that a newer one supersedes resolves with the newer one's result. */
  private latestLoad: Promise<EffectivePolicy> | undefined;

  constructor(
    private readonly locator: Pick<PolicyFileLocator, 'locations' | 'refusedSources' | 'onDidChange'>,
    private readonly lastGood: Pick<LastGoodPolicies, 'restore' | 'remember' | 'forget'>,
    private readonly files: PolicyFiles,
    private readonly now: () => number = Date.now,
    /** Where the merge's slices are timed and continued (the host's clock and `setImmediate`); tests pass their own. */
    private readonly sliceClock?: SliceClock,
  ) {
    this.locatorSubscription = locator.onDidChange(() => this.reload());
  }

  get policy(): EffectivePolicy {
    this.current ??= mergeLayers([]);
    return this.current;
  }

  locations(): PolicyLocation[] {
    return this.locator.locations();
  }

  /** Schedules a reload; bursts of file events collapse into one. */
  reload(): void {
    this.reloadSoon.schedule();
  }

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
    const locations = this.locator.locations();
    this.watch(locations);
    const next = new Map<string, SourceState>();
    await Promise.all(locations.map(async (location) => {
      next.set(sourceKey(location), await this.readSource(location, generation));
    }));
    const refused = await this.locator.refusedSources();
    if (generation !== this.generation) return this.latestLoad ?? this.policy;
    this.states = next;
    // In slices: three 1 MiB layers merge without stalling the editor.
    const merged = await inSlices(mergeLayerSteps(locations.map((l) => next.get(sourceKey(l))).filter((s): s is SourceState => s !== undefined)), this.sliceClock);
    if (generation !== this.generation) return this.latestLoad ?? this.policy;
    const current = refused.length > 0 ? { ...merged, ignored: [...merged.ignored, ...refused] } : merged;
    this.current = current;
    this.changed.fire(current);
    return current;
  }

  private async readSource(location: PolicyLocation, generation: number): Promise<SourceState> {
    const read = await this.files.read(location.path);
    if (read.kind === 'missing') return this.missing(location);
    this.missingSince.delete(sourceKey(location));
    if (location.layer === 'workspace') {
      const outside = await this.files.realPathOutside(location.path, path.dirname(path.dirname(location.path)));
      if (outside) return this.broken(location, [problemAt(location.path, `is a link to ${outside}, outside the workspace; a workspace policy must be a file in the workspace`)]);
    }
    if (read.kind === 'unreadable') return this.broken(location, [problemAt(location.path, read.message)]);
    // A newer load has started (a burst of edits): its result replaces this one, so this
    // one does not queue a parse in front of it.
    if (generation !== this.generation) return this.states.get(sourceKey(location)) ?? { ...location, status: 'missing', problems: [] };
    // Off the extension host's thread, with a deadline: a large file never freezes the editor.
    const result = await this.files.parse(read.bytes, location);
    if (!result.ok) return this.broken(location, result.problems);
    await this.lastGood.remember(location, read.bytes);
    return { ...location, status: 'ok', policy: result.policy, problems: [], ...(result.warnings.length > 0 ? { warnings: result.warnings } : {}) };
  }

  /**
   * A file that had a policy and is gone: its rules stay until a second read, a moment
   * later, finds it still gone (a rewrite that deletes first must not lift a block). Then
   * the deletion takes effect and the stored copy is dropped.
   */
  private async missing(location: PolicyLocation): Promise<SourceState> {
    const key = sourceKey(location);
    const previous = this.states.get(key);
    if (previous?.policy) {
      const since = this.missingSince.get(key) ?? this.now();
      this.missingSince.set(key, since);
      if (this.now() - since < DELETION_CONFIRM_MS * 0.8) {
        this.confirmDeletion.schedule();
        return previous;
      }
    }
    this.missingSince.delete(key);
    await this.lastGood.forget(location);
    return { ...location, status: 'missing', problems: [] };
  }

  /** A file with errors: the last good policy from this session, else from an earlier one. */
  private async broken(location: PolicyLocation, problems: readonly PolicyProblem[]): Promise<SourceState> {
    const state = { ...location, status: 'error' as const, problems };
    const previous = this.states.get(sourceKey(location));
    if (previous?.policy) {
      return { ...state, policy: previous.policy, ...(previous.lastGoodRestored ? { lastGoodRestored: true } : {}) };
    }
    const restored = await this.lastGood.restore(location);
    return restored ? { ...state, policy: restored, lastGoodRestored: true } : state;
  }

  private watch(locations: readonly PolicyLocation[]): void {
    const key = locations.map((l) => l.path).join('\n');
    if (key === this.watchedKey) return;
    this.watchedKey = key;
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = locations.map((location) => this.files.watch(location.path, () => this.reload()));
  }

  dispose(): void {
    this.reloadSoon.dispose();
    this.confirmDeletion.dispose();
    for (const watcher of this.watchers) watcher.dispose();
    this.locatorSubscription.dispose();
    this.changed.dispose();
  }
}

function problemAt(file: string, message: string): PolicyProblem {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, path: '', message };
}
