import { calendarDayIn, calendarDaysBefore, isDateOnly } from './dates';
import { matchGlob, parseGlob, type CompiledGlob } from './policy/glob';
import type { PolicyRule, RuleException } from './policy/types';
import { sameAccountName } from './person';

export type Phase = 'notice' | 'warning' | 'violation' | 'excepted';

/** Higher is worse; used to pick what leads the status bar. */
export const PHASE_SEVERITY: Readonly<Record<Phase, number>> = { excepted: 0, notice: 1, warning: 2, violation: 3 };

/** Who and where the policy is applied to, for exceptions. */
export interface Subject {
  /** The person's OS user name; empty when the OS has none for them. */
  readonly user: string;
  /** The person's numeric user id, where the OS has one. */
  readonly uid?: number;
  /** The OS groups the person belongs to (absent or empty: none known, so no group exception applies). */
  readonly groups?: readonly string[];
  readonly workspaceFolders: readonly string[];
  /** Whether folder paths compare case-insensitively (Windows). */
  readonly caseInsensitivePaths?: boolean;
  /**
   * Whether user and group names compare as Windows compares them (without case, a bare
   * name matching a domain-qualified one); on Linux and macOS they compare exactly.
   */
  readonly windowsNames?: boolean;
}

/**
 * Whether the exception names the person: one of its `users`, or a member of one of its
 * `groups`. An exception with neither names everyone (it may still be narrowed to workspaces).
 */
function namesPerson(exception: RuleException, subject: Subject): boolean {
  if (exception.users.length === 0 && exception.groups.length === 0) return true;
  const windows = subject.windowsNames === true;
  if (subject.user !== '' && exception.users.some((user) => sameAccountName(user, subject.user, windows))) return true;
  const groups = subject.groups ?? [];
  return exception.groups.some((group) => groups.some((member) => sameAccountName(group, member, windows)));
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

const compiledGlobs = new Map<string, CompiledGlob | undefined>();

/** Validated policies only hold globs that parse; one that does not matches nothing. */
function compiled(pattern: string): CompiledGlob | undefined {
  if (!compiledGlobs.has(pattern)) {
    if (compiledGlobs.size > 1000) compiledGlobs.clear();
    const parsed = parseGlob(pattern);
    compiledGlobs.set(pattern, parsed.ok ? parsed.glob : undefined);
  }
  return compiledGlobs.get(pattern);
}

function exceptionApplies(exception: RuleException, now: Date, subject: Subject): boolean {
  if (!(now.getTime() < exception.until.getTime())) return false;
  if (!namesPerson(exception, subject)) return false;
  if (exception.workspaces.length > 0) {
    const nocase = subject.caseInsensitivePaths === true;
    const folders = subject.workspaceFolders.map((folder) => folder.replace(/\\/g, '/'));
    const globs = exception.workspaces.map(compiled).filter((glob): glob is CompiledGlob => glob !== undefined);
    if (!folders.some((folder) => globs.some((glob) => matchGlob(glob, folder, { nocase })))) return false;
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
  // Calendar days in the zone: the same wall-clock time across daylight-saving changes,
  // and the start of the day (even one whose midnight is skipped) for date-only deadlines.
  const warningStarts = deadline === undefined ? undefined : calendarDaysBefore(deadline, rule.noticeDays, zone, isDateOnly(rule.deadlineText));
  const timing = deadline === undefined ? {} : {
    warningStarts: warningStarts as Date,
    ...(now < (deadline as Date)
      ? { daysLeft: calendarDayIn(deadline, zone) - calendarDayIn(now, zone) }
      : { daysOverdue: calendarDayIn(now, zone) - calendarDayIn(deadline, zone) }),
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

/** The largest time a JavaScript Date can hold (±8.64e15 ms, about the year 275760). */
const MAX_DATE_MS = 8.64e15;

/**
 * How far ahead of the machine's clock a remembered time is still trusted. Turning the
 * clock back by up to a year cannot undo a passed deadline; a person who turns it back
 * further breaks much else first (certificates, builds, commit dates). A remembered time
 * further ahead is taken for a clock glitch (a machine that once booted into 2099):
 * trusting it would pin every rule at violation, and every `enforce: block`, for good.
 * Such a time is set aside (and shown), and the clock's own reading is used. Erring
 * within the year errs on the strict side: a rule in force early, never one lifted.
 */
export const MAX_TRUSTED_AHEAD_MS = 366 * 86_400_000;

export interface ClockState {
  /** What the machine's clock reads. */
  readonly reading: Date;
  /** The latest time seen so far (this session or a past one), when there is one. */
  readonly latestSeen?: Date;
  /** True when `latestSeen` is used instead of the reading (the clock was turned back). */
  readonly usingLatestSeen: boolean;
  /** A remembered time set aside because it lay more than a year ahead of the clock. */
  readonly distrusted?: Date;
}

const sane = (ms: number): number => (Number.isFinite(ms) && ms > 0 && ms <= MAX_DATE_MS ? ms : 0);

/**
 * A clock that never runs backwards within a bound: turning the machine's clock back
 * does not undo a passed deadline (README "Security": dates are exact). `remember` persists the latest time seen
 * across sessions. See MAX_TRUSTED_AHEAD_MS for the bound and why.
 */
export class MonotonicClock {
  private latest: number;
  private distrusted: number | undefined;

  constructor(
    private readonly read: () => number = Date.now,
    latestSeen = 0,
    private readonly remember: (latest: number) => void = () => undefined,
  ) {
    this.latest = sane(latestSeen);
  }

  now(): Date {
    return new Date(this.advance(sane(this.read())));
  }

  /**
   * A latest time seen that was read after the clock was built (the state folder is read
   * off the activation path). It only ever raises the latest time; one more than a year
   * ahead is set aside at the next reading, as one given to the constructor would be.
   */
  recall(latestSeen: number): void {
    this.latest = Math.max(this.latest, sane(latestSeen));
  }

  private advance(reading: number): number {
    // A reading no Date can hold tells nothing about the time; keep what is known.
    if (reading === 0) return this.latest;
    if (this.latest - reading > MAX_TRUSTED_AHEAD_MS) {
      this.distrusted = this.latest;
      this.latest = reading;
      this.remember(reading);
    } else if (reading > this.latest) {
      this.latest = reading;
      this.remember(reading);
    }
    return this.latest;
  }

  /** What the panel shows about the clock. */
  state(): ClockState {
    const reading = sane(this.read());
    const now = this.advance(reading);
    return {
      reading: new Date(reading),
      ...(this.latest > 0 ? { latestSeen: new Date(this.latest) } : {}),
      usingLatestSeen: now > reading,
      ...(this.distrusted !== undefined ? { distrusted: new Date(this.distrusted) } : {}),
    };
  }
}
