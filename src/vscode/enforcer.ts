import type * as vscode from 'vscode';
import { extensionsStillBlocked, extensionsToBlock, planEnforcement, type AllowedExtensions } from '../core/enforcement';
import type { Snapshot } from '../core/snapshot';
import { Emitter } from './emitter';
import type { Remembered, RememberedKind } from './remembered';

const MAX_IDS = 1000;
const MAX_ID_CHARS = 256;

function parseIds(json: unknown): readonly string[] | undefined {
  if (!Array.isArray(json) || json.length > MAX_IDS) return undefined;
  return json.every((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_CHARS) ? [...json].sort() : undefined;
}

/**
 * What the block wrote to `extensions.allowed`, in the state folder: only these entries
 * are ever removed again. Merged as a union: an entry either copy says it wrote, it wrote.
 */
export const BLOCK_RECORD: RememberedKind<readonly string[]> = {
  file: 'block-record.json',
  editorStorageKey: 'toolPolicy.enforcedExtensions',
  parse: parseIds,
  parseEditorStorage: parseIds,
  empty: [],
  bound: (ids) => ids.slice(0, MAX_IDS),
  merge: (a, b) => [...new Set([...a, ...b])].sort().slice(0, MAX_IDS),
  damagedMeans: () => 'Which entries of extensions.allowed the block wrote is not known: those it wrote stay until removed by hand, and what the policy blocks is blocked again.',
};

/** What enforcing needs from the editor: the user's `extensions.allowed` setting. */
export interface EnforcerEditor {
  readonly workspace: Pick<typeof vscode.workspace, 'getConfiguration' | 'onDidChangeConfiguration'>;
  readonly ConfigurationTarget: Pick<typeof vscode.ConfigurationTarget, 'Global'>;
}

/**
 * `enforce: block`: once a rule's deadline has passed, its extensions are disabled through
 * the user-level `extensions.allowed` setting; the entries are removed again when the rule
 * goes away. Only entries this extension wrote are ever removed. Processes are never
 * touched. Fires `onDidChange` only when the set it has blocked changes, so the refresh it
 * causes cannot start another write.
 */
export class Enforcer implements vscode.Disposable {
  private pending: Promise<void> = Promise.resolve();
  /** The block set most recently asked for: an identical request does no work at all. */
  private lastRequested: string | undefined;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private latest: Snapshot | undefined;
  private readonly settingWatch: vscode.Disposable;

  constructor(
    private readonly record: Pick<Remembered<readonly string[]>, 'get' | 'update'>,
    private readonly log: (line: string) => void,
    private readonly editor: EnforcerEditor,
  ) {
    this.settingWatch = editor.workspace.onDidChangeConfiguration((event) => {
      // Someone edited extensions.allowed (or this class did): check the block is still whole.
      if (!event.affectsConfiguration('extensions.allowed') || !this.latest) return;
      this.lastRequested = undefined;
      void this.apply(this.latest);
    });
  }

  /** Ids currently blocked by this extension. */
  get enforced(): readonly string[] {
    return this.record.get();
  }

  /**
   * Applies a published snapshot. An unread policy (start-up) never undoes a block.
   * Serialised, so two snapshots never interleave their settings writes.
   */
  apply(snapshot: Snapshot): Promise<void> {
    if (!snapshot.loaded) return this.pending;
    this.latest = snapshot;
    const stillBlocked = extensionsStillBlocked(snapshot.policy, this.enforced, snapshot.now, snapshot.subject);
    const toBlock = [...new Set([...extensionsToBlock(snapshot.findings), ...stillBlocked])].sort();
    const key = toBlock.join(',');
    if (key === this.lastRequested) return this.pending;
    this.lastRequested = key;
    this.pending = this.pending.then(() => this.applyNow(toBlock)).catch((error: unknown) => {
      this.lastRequested = undefined; // try again with the next snapshot
      this.log(`Could not update extensions.allowed: ${String(error)}`);
    });
    return this.pending;
  }

  private async applyNow(toBlock: readonly string[]): Promise<void> {
    const previous = this.enforced;
    if (toBlock.length === 0 && previous.length === 0) return;
    const config = this.editor.workspace.getConfiguration('extensions');
    const current = config.inspect<AllowedExtensions>('allowed')?.globalValue;
    const plan = planEnforcement(current, previous, toBlock);
    if (plan.allowed !== undefined) {
      const value = Object.keys(plan.allowed).length > 0 ? plan.allowed : undefined;
      await config.update('allowed', value, this.editor.ConfigurationTarget.Global);
      this.log(`extensions.allowed updated: blocked ${plan.applied.join(', ') || 'nothing'} (was ${previous.join(', ') || 'nothing'})`);
    }
    if (plan.applied.join(',') === previous.join(',')) return;
    await this.record.update(() => plan.applied);
    this.changed.fire();
  }

  dispose(): void {
    this.settingWatch.dispose();
    this.changed.dispose();
  }
}
