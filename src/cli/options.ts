/**
 * Command-line options through node:util's parseArgs (built into Node, so it costs the
 * bundle nothing): strict, so an unknown option or a missing value is a usage error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isPolicyDate, machineTimeZone, resolvePolicyDate } from '../core/dates';
import { LANGUAGE_TAG } from '../core/policy/localizedText';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends Options>(args: readonly string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (error) {
    // parseArgs words its errors well ("Unknown option '--x'"); drop its hint about '--'.
    const message = (error as Error).message.replace(/\.? ?To specify a positional argument.*$/s, '');
    throw new UsageError(message);
  }
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown ${name} "${value}" (expected ${allowed.join(', ')})`);
}

export function parseNow(text: string | undefined, clock: () => Date): Date {
  if (text === undefined) return clock();
  const instant = isPolicyDate(text) ? resolvePolicyDate(text, machineTimeZone()) : undefined;
  if (!instant) throw new UsageError(`--now "${text}" is not a date (expected YYYY-MM-DD or ISO 8601 with offset, e.g. 2026-07-10T09:00:00Z)`);
  return instant;
}

export function parseLang(text: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  if (text !== undefined) {
    if (!LANGUAGE_TAG.test(text)) throw new UsageError(`--lang "${text}" is not a language tag (e.g. en, zh-CN)`);
    return text.toLowerCase();
  }
  // The system locale: LC_ALL, LC_MESSAGES, LANG (zh_CN.UTF-8 → zh-cn), else Intl's.
  const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  const fromEnv = posix?.split('.')[0]?.replace(/_/g, '-');
  if (fromEnv && fromEnv !== 'C' && fromEnv !== 'POSIX' && LANGUAGE_TAG.test(fromEnv)) return fromEnv.toLowerCase();
  return Intl.DateTimeFormat().resolvedOptions().locale.toLowerCase();
}
