import * as vscode from 'vscode';
import { extensionsToBlock, planEnforcement, type AllowedExtensions } from '../core/enforcement';
import type { Finding } from '../core/findings';

const APPLIED_KEY = 'toolPolicy.enforcedExtensions';

/**
 * `enforce: block`: once a rule's deadline has passed, its extensions are disabled through
 * the user-level `extensions.allowed` setting; the entries are removed again when the rule
 * goes away. Only entries this extension wrote are ever removed. Processes are never
 * touched.
 */
export class Enforcer {
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly state: vscode.Memento, private readonly output: vscode.OutputChannel) {}

  /** Ids currently blocked by this extension. */
  get enforced(): readonly string[] {
    return this.state.get<string[]>(APPLIED_KEY, []);
  }

  /** Serialised, so two refreshes never interleave their settings writes. */
  apply(findings: readonly Finding[]): Promise<void> {
    this.pending = this.pending.then(() => this.applyNow(findings)).catch((error: unknown) => {
      this.output.appendLine(`Could not update extensions.allowed: ${String(error)}`);
    });
    return this.pending;
  }

  private async applyNow(findings: readonly Finding[]): Promise<void> {
    const toBlock = extensionsToBlock(findings);
    const previous = this.enforced;
    if (toBlock.length === 0 && previous.length === 0) return;
    const config = vscode.workspace.getConfiguration('extensions');
    const current = config.inspect<AllowedExtensions>('allowed')?.globalValue;
    const plan = planEnforcement(current, previous, toBlock);
    if (plan.allowed !== undefined) {
      const value = Object.keys(plan.allowed).length > 0 ? plan.allowed : undefined;
      await config.update('allowed', value, vscode.ConfigurationTarget.Global);
      this.output.appendLine(`extensions.allowed updated: blocked ${plan.applied.join(', ') || 'nothing'} (was ${previous.join(', ') || 'nothing'})`);
    }
    await this.state.update(APPLIED_KEY, plan.applied);
  }
}
