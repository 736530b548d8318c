import type { Finding } from './findings';

export type NotificationMode = 'all' | 'violations' | 'off';

/** When each finding was last notified, and until when the person snoozed it. */
export interface NotificationHistory {
  readonly [findingId: string]: { readonly lastShown?: number; readonly snoozedUntil?: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Findings a notification speaks for at most, and entries the history keeps at most. A
 * notification names the first findings (in use and worst first) and their count; beyond
 * a few thousand, remembering each one would make the history, which is read and written
 * with every notification, the largest thing the editor handles. The panel and the report
 * show every finding.
 * @internal a bound the notification tests probe.
 */
export const MAX_NOTIFIED = 2000;

/**
 * Which findings deserve a notification now: in use, in a phase the setting asks for, among
 * the first MAX_NOTIFIED such (findings come worst first), not shown in the last 24 hours,
 * not snoozed. Notices and exceptions never notify. The first MAX_NOTIFIED are the same
 * from one publication to the next, so a long list is never notified a batch at a time.
 */
export function findingsToNotify(findings: readonly Finding[], history: NotificationHistory, now: Date, mode: NotificationMode): Finding[] {
  if (mode === 'off') return [];
  const due: Finding[] = [];
  let eligible = 0;
  for (const finding of findings) {
    if (!finding.active) continue;
    const phase = finding.phase.phase;
    if (phase !== 'violation' && (mode === 'violations' || phase !== 'warning')) continue;
    if (++eligible > MAX_NOTIFIED) break;
    const entry = history[finding.id];
    if (entry?.snoozedUntil !== undefined && now.getTime() < entry.snoozedUntil) continue;
    if (entry?.lastShown === undefined || now.getTime() - entry.lastShown >= DAY_MS) due.push(finding);
  }
  return due;
}

export function recordShown(history: NotificationHistory, findings: readonly Finding[], now: Date): NotificationHistory {
  const next: Record<string, { lastShown?: number; snoozedUntil?: number }> = { ...history };
  for (const finding of findings) next[finding.id] = { ...next[finding.id], lastShown: now.getTime() };
  return next;
}

/** "Remind me tomorrow": only offered before the deadline. */
export function snooze(history: NotificationHistory, findings: readonly Finding[], now: Date): NotificationHistory {
  const next: Record<string, { lastShown?: number; snoozedUntil?: number }> = { ...history };
  for (const finding of findings) next[finding.id] = { ...next[finding.id], snoozedUntil: now.getTime() + DAY_MS };
  return next;
}

/** Entries kept at most, however many still hold a notification back (a hard bound on the file). */
const MAX_HISTORY = 10 * MAX_NOTIFIED;

/**
 * Drops entries older than a week, and keeps the others within bounds (a file written by an
 * older version, or edited by hand, included): every entry that still holds a notification
 * back (shown within a day, snoozed until later), up to MAX_HISTORY, newest first; of the
 * rest, only as many as fit in MAX_NOTIFIED. Dropping one that still held a notification
 * back would show it again within the day.
 */
export function pruneHistory(history: NotificationHistory, now: Date): NotificationHistory {
  const time = now.getTime();
  const latest = (entry: NotificationHistory[string]) => Math.max(entry.lastShown ?? 0, entry.snoozedUntil ?? 0);
  const recent = Object.entries(history).filter(([, entry]) => latest(entry) > time - 7 * DAY_MS);
  if (recent.length <= MAX_NOTIFIED) return Object.fromEntries(recent);
  const holdsBack = (entry: NotificationHistory[string]) => (entry.lastShown ?? 0) > time - DAY_MS || (entry.snoozedUntil ?? 0) > time;
  recent.sort(([, a], [, b]) => latest(b) - latest(a));
  const kept: typeof recent = [];
  for (const item of recent) {
    if (kept.length >= MAX_HISTORY) break;
    if (holdsBack(item[1]) || kept.length < MAX_NOTIFIED) kept.push(item);
  }
  return Object.fromEntries(kept);
}
