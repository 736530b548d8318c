import { isValid, parseISO } from 'date-fns';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 date-time with an explicit offset; a local time without offset would mean a
// different instant on every machine, which a policy must not do.
const DATE_TIME_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)$/;
/**
 * Offsets in use on Earth run from −12:00 to +14:00. ISO 8601 itself would allow up to
 * ±23:59, but nothing uses those, so anything beyond ±14:00 is a typo such as `+99:00`.
 */
const MAX_OFFSET_MINUTES = 14 * 60;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** What is wrong with a policy date, or undefined when it is a real date in one of the two forms. */
export function policyDateProblem(text: string): string | undefined {
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  const dateOnly = DATE_ONLY.exec(text);
  const dateTime = dateOnly ? undefined : DATE_TIME_WITH_OFFSET.exec(text);
  if (!dateOnly && !dateTime) return `${shown} is not a date (expected YYYY-MM-DD or ISO 8601 with offset)`;
  const [, year, month, day] = (dateOnly ?? dateTime) as RegExpExecArray;
  if (!isRealDay(Number(year), Number(month), Number(day))) return `${shown} is not a date (expected YYYY-MM-DD or ISO 8601 with offset): there is no such day`;
  if (dateTime) {
    const [, , , , hour, minute, second, , zulu, , offsetHours, offsetMinutes] = dateTime;
    if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return `${shown} is not a date (expected YYYY-MM-DD or ISO 8601 with offset): there is no such time of day`;
    if (zulu !== 'Z') {
      const minutes = Number(offsetHours) * 60 + Number(offsetMinutes ?? 0);
      if (Number(offsetMinutes ?? 0) > 59 || minutes > MAX_OFFSET_MINUTES) {
        return `${shown} has the offset ${zulu}, outside the −14:00 to +14:00 that clocks on Earth use`;
      }
    }
    if (!isValid(parseISO(text))) return `${shown} is not a date (expected YYYY-MM-DD or ISO 8601 with offset)`;
  }
  return undefined;
}

/** True when `text` is YYYY-MM-DD or an ISO 8601 date-time with offset, and a real date. */
export function isPolicyDate(text: string): boolean {
  return policyDateProblem(text) === undefined;
}

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(utcMs(year, month + 1, 0, 0, 0, 0, 0)).getUTCDate();
}

/** Date.UTC without its two-digit-year rule (which would turn year 50 into 1950). */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * Offsets already worked out, by zone and instant: a large policy asks for the same few
 * deadlines thousands of times, and each Intl lookup costs about 10 µs. Bounded.
 */
const offsets = new Map<string, number>();
const MAX_OFFSETS = 8192;

/** The zone's offset from UTC at an instant, in milliseconds (local = UTC + offset). */
function offsetAt(zone: string, instant: number): number {
  const key = `${zone}\n${instant}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const offset = lookUpOffset(zone, instant);
  if (offsets.size >= MAX_OFFSETS) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

function lookUpOffset(zone: string, instant: number): number {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  const era = parts.era ?? 'AD';
  const year = /^B/i.test(era) ? 1 - Number(parts.year) : Number(parts.year);
  const wall = utcMs(year, Number(parts.month), Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  const whole = instant - (((instant % 1000) + 1000) % 1000);
  return wall - whole;
}

/**
 * The instant a wall-clock time in `zone` stands for. In the hour that is repeated when
 * clocks go back, the earlier instant; in a gap when clocks go forward (where midnight
 * itself may not exist), the first instant that does exist after it.
 */
function instantOfWallTime(wall: number, zone: string): number {
  // Offsets lie within ±14 h, so the instant is within this window of the wall time.
  const before = offsetAt(zone, wall - 15 * HOUR);
  const after = offsetAt(zone, wall + 15 * HOUR);
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => instant + offsetAt(zone, instant) === wall)
    .sort((a, b) => a - b);
  if (valid[0] !== undefined) return valid[0];
  // In a gap: find the transition, the first instant with the later offset.
  let low = Math.min(wall - before, wall - after);
  let high = Math.max(wall - before, wall - after);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetAt(zone, mid) === after) high = mid;
    else low = mid;
  }
  return high;
}

/** The first instant of a calendar day in a zone (00:00, or later when midnight is skipped). */
function startOfDayIn(year: number, month: number, day: number, zone: string): Date {
  return new Date(instantOfWallTime(utcMs(year, month, day, 0, 0, 0, 0), zone));
}

/**
 * The instant a policy date stands for: a date-only value is the start of that day in
 * `zone`; a date-time carries its own offset. Returns undefined for text that is not a policy date.
 */
export function resolvePolicyDate(text: string, zone: string): Date | undefined {
  if (!isPolicyDate(text)) return undefined;
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [, year, month, day] = dateOnly;
    return startOfDayIn(Number(year), Number(month), Number(day), zone);
  }
  return parseISO(text);
}

/**
 * When warnings start for a deadline: `days` calendar days earlier in `zone`, at the same
 * wall-clock time (the start of that day for a date-only deadline), so a daylight-saving
 * change in between moves nothing; a time that does not exist that day becomes the first
 * one that does.
 */
export function calendarDaysBefore(deadline: Date, days: number, zone: string, dateOnly: boolean): Date {
  // Phases are recomputed on every refresh for every finding; a policy repeats few dates.
  const key = `${deadline.getTime()}|${days}|${zone}|${dateOnly ? 1 : 0}`;
  const cached = warningStartCache.get(key);
  if (cached !== undefined) return new Date(cached);
  if (warningStartCache.size > 10_000) warningStartCache.clear();
  const result = computeDaysBefore(deadline, days, zone, dateOnly);
  warningStartCache.set(key, result.getTime());
  return result;
}

const warningStartCache = new Map<string, number>();

function computeDaysBefore(deadline: Date, days: number, zone: string, dateOnly: boolean): Date {
  const wall = deadline.getTime() + offsetAt(zone, deadline.getTime());
  const shifted = new Date(wall - days * DAY);
  if (dateOnly) return startOfDayIn(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate(), zone);
  return new Date(instantOfWallTime(shifted.getTime(), zone));
}

/** The number of the calendar day (days since 1970-01-01) an instant falls on in a zone. */
export function calendarDayIn(instant: Date, zone: string): number {
  const ms = instant.getTime();
  const key = `${ms}|${zone}`;
  const cached = dayCache.get(key);
  if (cached !== undefined) return cached;
  if (dayCache.size > 10_000) dayCache.clear();
  const day = Math.floor((ms + offsetAt(zone, ms)) / DAY);
  dayCache.set(key, day);
  return day;
}

/** Deadlines repeat across refreshes, and one refresh asks for the same "now" many times. */
const dayCache = new Map<string, number>();

/** Whether a deadline was written as a calendar date (YYYY-MM-DD) rather than an instant. */
export function isDateOnly(text: string | undefined): boolean {
  return text !== undefined && DATE_ONLY.test(text);
}

/** The year of the calendar day an instant falls on in a zone (it may lie outside 0000–9999). */
export function calendarYearIn(instant: Date, zone: string): number {
  const ms = instant.getTime();
  return new Date(ms + offsetAt(zone, ms)).getUTCFullYear();
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function calendarDateIn(instant: Date, zone: string): string {
  const ms = instant.getTime();
  // The wall clock in the zone, read in UTC: offsetAt's formatter is cached per zone.
  const wall = new Date(ms + offsetAt(zone, ms));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
}
