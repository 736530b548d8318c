import type * as vscode from 'vscode';
import type { NotificationHistory } from '../core/notifications';
import { MAX_TRUSTED_AHEAD_MS } from '../core/phase';
import { BLOCK_RECORD } from './enforcer';
import { LAST_GOOD_POLICIES, type StoredPolicies } from './lastGoodPolicies';
import { NOTIFICATION_HISTORY } from './notifier';
import { Remembered, type EditorStorage, type RememberedKind, type StateFiles } from './remembered';

/** The latest time seen, in milliseconds since 1970 (0 = none). */
export interface LatestTime {
  readonly latestSeen: number;
}

const parseLatest = (value: unknown): LatestTime | undefined =>
  (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? { latestSeen: value } : undefined);

/**
 * The clock-rollback guard's latest time seen (core/phase.ts MonotonicClock). A damaged
 * file was last written when the latest time was: its modification time is taken instead,
 * so that damaging the file cannot undo a passed deadline either.
 */
const LATEST_TIME: RememberedKind<LatestTime> = {
  file: 'latest-time-seen.json',
  editorStorageKey: 'toolPolicy.latestTimeSeen',
  parse: (json) => (typeof json === 'object' && json !== null ? parseLatest((json as { latestSeen?: unknown }).latestSeen) : undefined),
  parseEditorStorage: parseLatest,
  empty: { latestSeen: 0 },
  merge: (a, b) => ({ latestSeen: Math.max(a.latestSeen, b.latestSeen) }),
  whenDamaged: (modifiedAt) => ({ latestSeen: modifiedAt !== undefined && Number.isFinite(modifiedAt) && modifiedAt > 0 ? Math.floor(modifiedAt) : 0 }),
  damagedMeans: ({ latestSeen }) => (latestSeen > 0
    ? `Deadlines are reckoned from no earlier than ${new Date(latestSeen).toISOString()}, when that file was last written, even if this machine's clock reads earlier.`
    : 'The latest time seen is not known: deadlines are reckoned from this machine\'s clock until it has been recorded again.'),
  // The latest time moves with every snapshot; a write every few seconds keeps it.
  writeEveryMs: 5_000,
};

/**
 * Everything the product remembers across restarts, browsers and devices, each in its
 * file in the state folder (SPEC §4). `load()` reads them all, off the activation path.
 */
export class ProductState implements vscode.Disposable {
  readonly latestTime: Remembered<LatestTime>;
  readonly lastGoodPolicies: Remembered<StoredPolicies>;
  readonly blockRecord: Remembered<readonly string[]>;
  readonly notificationHistory: Remembered<NotificationHistory>;
  private loading: Promise<void> | undefined;

  constructor(files: StateFiles, editorStorage: EditorStorage, report: (line: string) => void) {
    const remembered = <T>(kind: RememberedKind<T>) => new Remembered(files, editorStorage, kind, report);
    this.latestTime = remembered(LATEST_TIME);
    this.lastGoodPolicies = remembered(LAST_GOOD_POLICIES);
    this.blockRecord = remembered(BLOCK_RECORD);
    this.notificationHistory = remembered(NOTIFICATION_HISTORY);
  }

  /**
   * What the clock reports as its latest time (MonotonicClock's `remember`). It never
   * lowers the one remembered, which may be read only after the clock's first reading (a
   * clock turned back before a restart), except to heal a time more than a year ahead,
   * which the clock has just set aside as a glitch.
   */
  rememberLatestTime(latest: number): void {
    void this.latestTime.update(({ latestSeen }) => ({
      latestSeen: latestSeen - latest > MAX_TRUSTED_AHEAD_MS ? latest : Math.max(latestSeen, latest),
    }));
  }

  /** Reads every file once (every call returns the same promise). Never rejects: a problem is reported. */
  load(): Promise<void> {
    this.loading ??= Promise.all(this.all().map((value) => value.load())).then(() => undefined);
    return this.loading;
  }

  /** Writes what is pending now (the latest time seen waits a few seconds otherwise). */
  flush(): Promise<void> {
    return Promise.all(this.all().map((value) => value.flush())).then(() => undefined);
  }

  dispose(): void {
    void this.flush();
  }

  private all(): ReadonlyArray<Remembered<unknown>> {
    return [this.latestTime, this.lastGoodPolicies, this.blockRecord, this.notificationHistory] as ReadonlyArray<Remembered<unknown>>;
  }
}
