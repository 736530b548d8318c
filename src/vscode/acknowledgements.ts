import type * as vscode from 'vscode';
import { acknowledgementsFor, EMPTY_MEMORY, seenChanges, type FindingMemory } from '../core/acknowledgements';
import type { Finding } from '../core/findings';
import type { FindingMemoryStore } from '../machine/findingMemory';
import { Emitter } from './emitter';

/** What acknowledging needs from the editor. */
export interface AcknowledgementsEditor {
  readonly commands: Pick<typeof vscode.commands, 'registerCommand'>;
  readonly window: Pick<typeof vscode.window, 'showInformationMessage' | 'showErrorMessage'>;
  readonly l10n: Pick<typeof vscode.l10n, 't'>;
}

/**
 * The person's acknowledgements and first-seen times in the editor, kept in the state
 * folder through src/machine/findingMemory.ts, so `tool-policy scan` on the same home sees
 * the same. Read once, off the activation path, on first use; the panel's button and the
 * `toolPolicy.acknowledge` command write through it.
 */
export class Acknowledgements implements vscode.Disposable {
  private memory: FindingMemory = EMPTY_MEMORY;
  private loading: Promise<void> | undefined;
  private readonly changed = new Emitter<void>();
  /** Fires when the acknowledgements changed (the panel shows "read on …"). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: Pick<FindingMemoryStore, 'read' | 'acknowledge' | 'see'>,
    private readonly clock: () => Date,
    private readonly log: (message: string) => void,
  ) {}

  get current(): FindingMemory {
    return this.memory;
  }

  /** Reads the state folder once; a damaged file is named in the log and read as empty. */
  load(): Promise<void> {
    this.loading ??= this.store.read().then(({ memory, problems }) => {
      for (const problem of problems) this.log(problem.message);
      this.memory = memory;
      if (memory.acknowledgements.length > 0) this.changed.fire();
    }, (error: unknown) => this.log(`The state folder could not be read: ${String(error)}`));
    return this.loading;
  }

  /** Acknowledges the rules `ruleIds` (every rule with a finding when not given); returns how many were new. */
  async acknowledge(findings: readonly Finding[], ruleIds?: ReadonlySet<string>): Promise<number> {
    await this.load();
    const added = acknowledgementsFor(findings, this.memory.acknowledgements, this.clock(), ruleIds);
    if (added.length === 0) return 0;
    const acknowledgements = await this.store.acknowledge(added);
    this.memory = { ...this.memory, acknowledgements };
    this.changed.fire();
    return added.length;
  }

  /** Records the findings present now: at most one write per new finding, or per day. */
  async see(findings: readonly Finding[], now: Date): Promise<void> {
    await this.load();
    const ids = findings.map((finding) => finding.id);
    if (!seenChanges(this.memory.firstSeen, ids, now)) return;
    try {
      const firstSeen = await this.store.see(ids, now, this.memory.firstSeen);
      this.memory = { ...this.memory, firstSeen };
    } catch (error) {
      this.log(`First-seen times could not be recorded: ${String(error)}`);
    }
  }

  /** `toolPolicy.acknowledge`: every rule with a finding in `findings()`. */
  register(editor: AcknowledgementsEditor, findings: () => readonly Finding[]): vscode.Disposable {
    const { window, l10n } = editor;
    return editor.commands.registerCommand('toolPolicy.acknowledge', async () => {
      try {
        const count = await this.acknowledge(findings());
        void window.showInformationMessage(count === 0 ? l10n.t('No policy notice is waiting to be acknowledged.')
          : count === 1 ? l10n.t('Acknowledged 1 policy rule.') : l10n.t('Acknowledged {0} policy rules.', count));
        return count;
      } catch (error) {
        void window.showErrorMessage(l10n.t('Could not record the acknowledgement: {0}', String(error)));
        return 0;
      }
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
