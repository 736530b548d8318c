import { isValid, parseISO } from 'date-fns';
import { TZDate } from '@date-fns/tz';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 date-time with an explicit offset; a local time without offset would mean a
// different instant on every machine, which a policy must not do.
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

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

/** True when `text` is YYYY-MM-DD or an ISO 8601 date-time with offset, and a real date. */
export function isPolicyDate(text: string): boolean {
  if (!DATE_ONLY.test(text) && !DATE_TIME_WITH_OFFSET.test(text)) return false;
  return isValid(parseISO(text));
}

/**
 * The instant a policy date stands for: a date-only value is 00:00 of that day in `zone`;
 * a date-time carries its own offset. Returns undefined for text that is not a policy date.
 */
export function resolvePolicyDate(text: string, zone: string): Date | undefined {
  if (!isPolicyDate(text)) return undefined;
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [, year, month, day] = dateOnly;
    const midnight = new TZDate(Number(year), Number(month) - 1, Number(day), zone);
    return new Date(midnight.getTime());
  }
  return parseISO(text);
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function calendarDateIn(instant: Date, zone: string): string {
  const inZone = new TZDate(instant.getTime(), zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${inZone.getFullYear()}-${pad(inZone.getMonth() + 1)}-${pad(inZone.getDate())}`;
}
