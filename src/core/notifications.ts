import type { Finding } from './findings';

export type NotificationMode = 'all' | 'violations' | 'off';

/** When each finding was last notified, and until when the person snoozed it. */
export interface NotificationHistory {
  readonly [findingId: string]: { readonly lastShown?: number; readonly snoozedUntil?: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Which findings deserve a notification now: in use, in a phase the setting asks for,
 * not shown in the last 24 hours, not snoozed. Notices and exceptions never notify.
 */
export function findingsToNotify(findings: readonly Finding[], history: NotificationHistory, now: Date, mode: NotificationMode): Finding[] {
  if (mode === 'off') return [];
  return findings.filter((finding) => {
    if (!finding.active) return false;
    const phase = finding.phase.phase;
    if (phase !== 'violation' && (mode === 'violations' || phase !== 'warning')) return false;
    const entry = history[finding.id];
    if (entry?.snoozedUntil !== undefined && now.getTime() < entry.snoozedUntil) return false;
    return entry?.lastShown === undefined || now.getTime() - entry.lastShown >= DAY_MS;
  });
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

/** Drops entries older than a week, so the stored history cannot grow without bound. */
export function pruneHistory(history: NotificationHistory, now: Date): NotificationHistory {
  return Object.fromEntries(Object.entries(history).filter(([, entry]) =>
    Math.max(entry.lastShown ?? 0, entry.snoozedUntil ?? 0) > now.getTime() - 7 * DAY_MS));
}
