import type * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import type { Snapshot } from '../core/snapshot';
import { findingsToNotify, pruneHistory, recordShown, snooze, type NotificationHistory, type NotificationMode } from '../core/notifications';
import type { Translate } from '../core/present/localize';
import { notificationMessage } from '../core/present/notificationText';
import type { Remembered, RememberedKind } from './remembered';

/** Findings remembered at most: more are never shown in a week. */
const MAX_ENTRIES = 2000;
const MAX_ID_CHARS = 1024;

type HistoryEntry = NotificationHistory[string];

function parseHistory(json: unknown): NotificationHistory | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const entries = Object.entries(json as Record<string, unknown>);
  if (entries.length > MAX_ENTRIES) return undefined;
  const history: Record<string, HistoryEntry> = {};
  const time = (value: unknown) => value === undefined || (typeof value === 'number' && Number.isFinite(value));
  for (const [id, entry] of entries) {
    if (id.length > MAX_ID_CHARS || typeof entry !== 'object' || entry === null) return undefined;
    const { lastShown, snoozedUntil } = entry as { lastShown?: unknown; snoozedUntil?: unknown };
    if (!time(lastShown) || !time(snoozedUntil)) return undefined;
    history[id] = { ...(lastShown !== undefined ? { lastShown: lastShown as number } : {}), ...(snoozedUntil !== undefined ? { snoozedUntil: snoozedUntil as number } : {}) };
  }
  return history;
}

/** The most recently touched entries that fit the bound. */
function bounded(history: NotificationHistory): NotificationHistory {
  const entries = Object.entries(history);
  if (entries.length <= MAX_ENTRIES) return history;
  const touched = ([, entry]: [string, HistoryEntry]) => Math.max(entry.lastShown ?? 0, entry.snoozedUntil ?? 0);
  return Object.fromEntries(entries.sort((a, b) => touched(b) - touched(a)).slice(0, MAX_ENTRIES));
}

const later = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/** When each finding was last notified or snoozed, in the state folder: the notification throttle. */
export const NOTIFICATION_HISTORY: RememberedKind<NotificationHistory> = {
  file: 'notifications.json',
  editorStorageKey: 'toolPolicy.notificationHistory',
  parse: parseHistory,
  parseEditorStorage: (value) => parseHistory(typeof value === 'object' && value !== null ? bounded(value as NotificationHistory) : value),
  empty: {},
  bound: bounded,
  merge: (a, b) => {
    const merged: Record<string, HistoryEntry> = { ...a };
    for (const [id, entry] of Object.entries(b)) {
      const lastShown = later(merged[id]?.lastShown, entry.lastShown);
      const snoozedUntil = later(merged[id]?.snoozedUntil, entry.snoozedUntil);
      merged[id] = { ...(lastShown !== undefined ? { lastShown } : {}), ...(snoozedUntil !== undefined ? { snoozedUntil } : {}) };
    }
    return bounded(merged);
  },
  damagedMeans: () => 'Notifications already shown today may be shown once more.',
};

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
    private readonly history: Pick<Remembered<NotificationHistory>, 'get' | 'update'>,
    private readonly t: Translate,
    private readonly showPanel: () => void,
    private readonly uninstall: (extensionId: string, toolName: string) => Promise<unknown>,
  ) {}

  /** Notifies what a published snapshot newly shows. */
  notify(snapshot: Snapshot): void {
    const { findings, now } = snapshot;
    const organization = snapshot.policy.organization;
    const mode = this.editor.workspace.getConfiguration('toolPolicy').get<NotificationMode>('notifications', 'all');
    // Not pruned for the look-up: an entry older than a week makes a finding due as no entry does.
    const due = findingsToNotify(findings, this.history.get(), now, mode);
    if (due.length === 0) return;
    // Applied to what the file holds when written: another window's entries are kept.
    void this.history.update((current) => recordShown(pruneHistory(current, now), due, now));

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
        const at = new Date();
        void this.history.update((current) => snooze(current, due, at));
      }
    });
  }
}
