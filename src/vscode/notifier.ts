import type * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import type { Snapshot } from '../core/snapshot';
import { findingsToNotify, pruneHistory, recordShown, snooze, type NotificationHistory, type NotificationMode } from '../core/notifications';
import type { Translate } from '../core/present/localize';
import { notificationMessage } from '../core/present/notificationText';

const HISTORY_KEY = 'toolPolicy.notificationHistory';

/** What notifying needs from the editor. */
export interface NotifierEditor {
  readonly window: Pick<typeof vscode.window, 'showErrorMessage' | 'showWarningMessage'>;
  readonly workspace: Pick<typeof vscode.workspace, 'getConfiguration'>;
  readonly env: Pick<typeof vscode.env, 'language'>;
}

/**
 * One warning or error notification when a finding appears, at most once per finding per
 * day, as `toolPolicy.notifications` allows. Actions: Show Policy, the remediation that
 * fits, and (before the deadline) Remind me tomorrow.
 */
export class Notifier {
  constructor(
    private readonly editor: NotifierEditor,
    private readonly state: Pick<vscode.Memento, 'get' | 'update'>,
    private readonly t: Translate,
    private readonly showPanel: () => void,
    private readonly uninstall: (extensionId: string, toolName: string) => Promise<unknown>,
  ) {}

  /** Notifies what a published snapshot newly shows. */
  notify(snapshot: Snapshot): void {
    const { findings, now } = snapshot;
    const organization = snapshot.policy.organization;
    const mode = this.editor.workspace.getConfiguration('toolPolicy').get<NotificationMode>('notifications', 'all');
    const history = pruneHistory(this.state.get<NotificationHistory>(HISTORY_KEY, {}), now);
    const due = findingsToNotify(findings, history, now, mode);
    if (due.length === 0) return;
    void this.state.update(HISTORY_KEY, recordShown(history, due, now));

    const severity = due.some((finding) => finding.phase.phase === 'violation') ? 'error' : 'warning';
    const first = due[0] as Finding;
    // The rule's own title and alternative, in the display language like the rest of the text.
    const message = notificationMessage(due, organization, this.t, this.editor.env.language);

    const showPolicy = this.t('Show Policy');
    const extension = due.length === 1
      ? first.evidence.find((e): e is Extract<typeof e, { kind: 'extension' }> => e.kind === 'extension' && e.enabled)
      : undefined;
    const uninstall = extension ? this.t('Uninstall {0}', first.tool.name) : undefined;
    const remind = due.every((finding) => finding.phase.phase === 'warning') ? this.t('Remind me tomorrow') : undefined;
    const actions = [showPolicy, ...(uninstall ? [uninstall] : []), ...(remind ? [remind] : [])];
    const { window } = this.editor;
    const shown = severity === 'error' ? window.showErrorMessage(message, ...actions) : window.showWarningMessage(message, ...actions);
    void shown.then((choice) => {
      if (choice === showPolicy) this.showPanel();
      else if (choice !== undefined && choice === uninstall && extension) void this.uninstall(extension.extensionId, first.tool.name);
      else if (choice !== undefined && choice === remind) {
        void this.state.update(HISTORY_KEY, snooze(this.state.get<NotificationHistory>(HISTORY_KEY, {}), due, new Date()));
      }
    });
  }
}
