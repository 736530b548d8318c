import * as vscode from 'vscode';
import { extensionsStillBlocked, extensionsToBlock, planEnforcement, type AllowedExtensions } from '../core/enforcement';
import type { Snapshot } from '../core/snapshot';

const APPLIED_KEY = 'toolPolicy.enforcedExtensions';

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
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Every write to `extensions.allowed`, as ids blocked after it (the host tests check the loop stays bounded). */
  readonly writes: string[] = [];

  private latest: Snapshot | undefined;
  private readonly settingWatch = vscode.workspace.onDidChangeConfiguration((event) => {
    // Someone edited extensions.allowed (or this class did): check the block is still whole.
    if (!event.affectsConfiguration('extensions.allowed') || !this.latest) return;
    this.lastRequested = undefined;
    void this.apply(this.latest);
  });

  constructor(private readonly state: vscode.Memento, private readonly output: vscode.OutputChannel) {}

  /** Ids currently blocked by this extension. */
  get enforced(): readonly string[] {
    return this.state.get<string[]>(APPLIED_KEY, []);
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
      this.output.appendLine(`Could not update extensions.allowed: ${String(error)}`);
    });
    return this.pending;
  }

  private async applyNow(toBlock: readonly string[]): Promise<void> {
    const previous = this.enforced;
    if (toBlock.length === 0 && previous.length === 0) return;
    const config = vscode.workspace.getConfiguration('extensions');
    const current = config.inspect<AllowedExtensions>('allowed')?.globalValue;
    const plan = planEnforcement(current, previous, toBlock);
    if (plan.allowed !== undefined) {
      const value = Object.keys(plan.allowed).length > 0 ? plan.allowed : undefined;
      this.writes.push(plan.applied.join(',') || '(none)');
      await config.update('allowed', value, vscode.ConfigurationTarget.Global);
      this.output.appendLine(`extensions.allowed updated: blocked ${plan.applied.join(', ') || 'nothing'} (was ${previous.join(', ') || 'nothing'})`);
    }
    if (plan.applied.join(',') === previous.join(',')) return;
    await this.state.update(APPLIED_KEY, plan.applied);
    this.changed.fire();
  }

  dispose(): void {
    this.settingWatch.dispose();
    this.changed.dispose();
  }
}
