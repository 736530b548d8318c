import { TZDate } from '@date-fns/tz';
import { differenceInCalendarDays, subDays } from 'date-fns';
import picomatch from 'picomatch';
import type { PolicyRule, RuleException } from './policy/types';

export type Phase = 'notice' | 'warning' | 'violation' | 'excepted';

/** Higher is worse; used to pick what leads the status bar. */
export const PHASE_SEVERITY: Readonly<Record<Phase, number>> = { excepted: 0, notice: 1, warning: 2, violation: 3 };

/** Who and where the policy is applied to, for exceptions. */
export interface Subject {
  readonly user: string;
  readonly workspaceFolders: readonly string[];
  /** Whether folder paths compare case-insensitively (Windows). */
  readonly caseInsensitivePaths?: boolean;
}

export interface PhaseInfo {
  readonly phase: Phase;
  /** Whole calendar days until the deadline in the policy's zone (before the deadline). */
  readonly daysLeft?: number;
  /** Whole calendar days since the deadline in the policy's zone (after it). */
  readonly daysOverdue?: number;
  /** When warnings start (deadline minus noticeDays). */
  readonly warningStarts?: Date;
  /** The exception that applies, when the phase is `excepted`. */
  readonly exception?: RuleException;
  /** The next instant at which this phase changes by itself, if any. */
  readonly nextChange?: Date;
}

function exceptionApplies(exception: RuleException, now: Date, subject: Subject): boolean {
  if (!(now.getTime() < exception.until.getTime())) return false;
  if (exception.users.length > 0 && !exception.users.some((user) => user.toLowerCase() === subject.user.toLowerCase())) return false;
  if (exception.workspaces.length > 0) {
    const matches = picomatch(exception.workspaces as string[], { dot: true, nocase: subject.caseInsensitivePaths === true });
    const folders = subject.workspaceFolders.map((folder) => folder.replace(/\\/g, '/'));
    if (!folders.some((folder) => matches(folder))) return false;
  }
  return true;
}

const earliest = (dates: ReadonlyArray<Date | undefined>): Date | undefined =>
  dates.filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];

/** The phase of a rule at `now`, for `subject`, reckoning calendar days in `zone`. */
export function computePhase(rule: PolicyRule, now: Date, zone: string, subject: Subject): PhaseInfo {
  const exception = rule.exceptions
    .filter((candidate) => exceptionApplies(candidate, now, subject))
    .sort((a, b) => b.until.getTime() - a.until.getTime())[0];
  const deadline = rule.deadline;
  const nowInZone = new TZDate(now.getTime(), zone);
  const base = deadline === undefined ? undefined : new TZDate(deadline.getTime(), zone);
  // Subtracting calendar days in the zone keeps the boundary at the same wall-clock time
  // across daylight-saving changes.
  const warningStarts = base === undefined ? undefined : new Date(subDays(base, rule.noticeDays).getTime());
  const timing = base === undefined ? {} : {
    warningStarts: warningStarts as Date,
    ...(now < (deadline as Date)
      ? { daysLeft: differenceInCalendarDays(base, nowInZone) }
      : { daysOverdue: differenceInCalendarDays(nowInZone, base) }),
  };
  // Boundaries still ahead, so the caller can schedule one timer instead of polling.
  const upcoming = [warningStarts, deadline].filter((d) => d !== undefined && d.getTime() > now.getTime());

  if (exception) {
    return { phase: 'excepted', exception, ...timing, nextChange: earliest([exception.until, ...upcoming]) as Date };
  }
  const nextChange = earliest(upcoming);
  const withNext = nextChange === undefined ? {} : { nextChange };
  if (deadline === undefined || now.getTime() >= deadline.getTime()) return { phase: 'violation', ...timing, ...withNext };
  if (warningStarts !== undefined && now.getTime() >= warningStarts.getTime()) return { phase: 'warning', ...timing, ...withNext };
  return { phase: 'notice', ...timing, ...withNext };
}

/**
 * A clock that never runs backwards: turning the machine's clock back does not undo a
 * passed deadline. `remember` persists the latest time seen across sessions.
 */
export class MonotonicClock {
  private latest: number;

  constructor(
    private readonly read: () => number = Date.now,
    latestSeen = 0,
    private readonly remember: (latest: number) => void = () => undefined,
  ) {
    this.latest = Number.isFinite(latestSeen) ? latestSeen : 0;
  }

  now(): Date {
    const reading = this.read();
    if (reading > this.latest) {
      this.latest = reading;
      this.remember(reading);
    }
    return new Date(this.latest);
  }
}
