/**
 * Globs for targets that take them as one comma-separated string (Qoder's `glob:`,
 * VS Code's `applyTo:`, Cursor's `globs:`): a comma inside braces (`*.{ts,tsx}`) would
 * split a pattern in two there, so braces are expanded into separate patterns first.
 */

/** Patterns this long or this many after expansion are left as written and reported. */
const MAX_EXPANDED = 64;

export interface JoinedGlobs {
  /** `a,b,c`, or undefined when a pattern could not be made comma-free. */
  readonly joined?: string;
  readonly expanded: boolean;
  readonly problem?: string;
}

/**
 * Every pattern the braces of `pattern` stand for (nested braces included), or undefined past the limit.
 * @internal pure helper, unit-tested on nested braces.
 */
export function expandBraces(pattern: string, limit = MAX_EXPANDED): string[] | undefined {
  const open = findOpeningBrace(pattern);
  if (open === -1) return [pattern];
  const close = matchingBrace(pattern, open);
  if (close === -1) return [pattern];
  const alternatives = splitTopLevel(pattern.slice(open + 1, close));
  // `{a}` is not an alternation in a glob: it stands for itself.
  if (alternatives.length < 2) return [pattern];
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const results: string[] = [];
  for (const alternative of alternatives) {
    const expanded = expandBraces(head + alternative + tail, limit);
    if (!expanded) return undefined;
    results.push(...expanded);
    if (results.length > limit) return undefined;
  }
  return results;
}

function findOpeningBrace(pattern: string): number {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '{') return i;
  }
  return -1;
}

function matchingBrace(pattern: string, open: number): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}

export function joinGlobs(patterns: readonly string[]): JoinedGlobs {
  const out: string[] = [];
  let expanded = false;
  for (const pattern of patterns) {
    if (!pattern.includes(',')) {
      out.push(pattern);
      continue;
    }
    const parts = expandBraces(pattern);
    if (!parts || parts.some((part) => part.includes(','))) {
      return { expanded, problem: `the pattern "${pattern}" holds a comma that cannot be expanded into separate patterns` };
    }
    expanded = true;
    out.push(...parts);
  }
  return { joined: [...new Set(out)].join(','), expanded };
}
