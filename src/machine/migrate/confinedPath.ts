/**
 * Paths under a root (the home folder or a project) that never lead out of it: a link is
 * followed only when where it points is still inside the root, so a `CLAUDE.md` linked to
 * `AGENTS.md` is read and one linked to `/etc/shadow` is not.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The root's real path, with a trailing separator, for prefix tests. */
export async function realRoot(root: string): Promise<string> {
  const real = await fs.realpath(root);
  return real.endsWith(path.sep) ? real : real + path.sep;
}

function isInside(realRootWithSep: string, candidate: string, caseInsensitive: boolean): boolean {
  const a = caseInsensitive ? realRootWithSep.toLowerCase() : realRootWithSep;
  const b = caseInsensitive ? candidate.toLowerCase() : candidate;
  return b.startsWith(a) || `${b}${path.sep}` === a;
}

export type Resolved =
  | { readonly kind: 'missing' }
  | { readonly kind: 'resolved'; readonly real: string }
  | { readonly kind: 'outside'; readonly real: string }
  | { readonly kind: 'error'; readonly message: string };

/** Where `full` really is, when that is inside the root. */
export async function resolveInside(rootWithSep: string, full: string, caseInsensitive: boolean): Promise<Resolved> {
  let real: string;
  try {
    real = await fs.realpath(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'error', message: describeError(error) };
  }
  return isInside(rootWithSep, real, caseInsensitive) ? { kind: 'resolved', real } : { kind: 'outside', real };
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/** A relative path of the plan (`/` separators) as a path under `root`, refusing `..` and absolute parts. */
export function underRoot(root: string, relative: string): string {
  const parts = relative.split('/');
  // On Windows `\` and `:` would make a part a path of its own.
  const windowsSeparator = process.platform === 'win32' && /[\\:]/.test(relative);
  if (relative === '' || parts.some((part) => part === '' || part === '.' || part === '..') || path.isAbsolute(relative) || windowsSeparator) {
    throw new Error(`"${relative}" is not a plain relative path`);
  }
  return path.join(root, ...parts);
}
