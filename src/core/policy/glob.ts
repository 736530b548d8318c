/**
 * Globs on workspace folder paths (`exceptions[].workspaces`), matched without regular
 * expressions. Regex-based glob libraries backtrack: `**\/*-*-*-…-x` against a long
 * folder name takes seconds, and a trusted workspace file can supply the pattern. Here a
 * match costs at most (path length × pattern length) steps per brace alternative, and the
 * validator caps the pattern, its alternatives and their expansion, so a match stays within
 * a few milliseconds whatever the input (the worst of a family of hostile patterns the
 * unit tests search takes about 50,000 steps, under 1 ms), and answers are remembered.
 *
 * Syntax: `*` (any run of characters within one folder name), `?` (one character),
 * `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]`, `{a,b}` (alternatives, may nest), `**` as a whole
 * path segment (any number of folders, including none), `\` escapes the next character.
 * Like the matcher it replaces, `*` also matches names starting with a dot.
 */
import { visibleText } from './visibleText';

/**
 * Longer patterns are refused: a folder glob is a short line, not a program.
 * @internal bound the hardening tests probe.
 */
export const MAX_GLOB_LENGTH = 256;
/** Brace alternatives after expansion; each one is matched separately. */
const MAX_GLOB_ALTERNATIVES = 32;
/** All alternatives together, after expansion: what one match may have to walk through. */
const MAX_GLOB_EXPANDED_LENGTH = 512;
/**
 * Folder paths longer than this never match an exception (the rule then applies as
 * written, the safe side): the cost of a match grows with the path's length.
 * @internal bound the hardening tests probe.
 */
export const MAX_MATCHED_PATH_LENGTH = 1024;

type Token =
  | { readonly kind: 'literal'; readonly char: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'star' }
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly (readonly [string, string])[] };

/** One path segment of a compiled pattern; `globstar` is a whole `**` segment. */
type Segment = { readonly globstar: true } | { readonly globstar: false; readonly tokens: readonly Token[] };

export interface CompiledGlob {
  readonly alternatives: readonly (readonly Segment[])[];
}

export type GlobParse = { readonly ok: true; readonly glob: CompiledGlob } | { readonly ok: false; readonly problem: string };

const EXTGLOB = /(^|[^\\])[@!+*?]\(/;

/** Splits `a{b,c{d,e}}f` into its alternatives; refuses unbalanced braces and too many alternatives. */
function expandBraces(pattern: string): { alternatives?: string[]; problem?: string } {
  // Find the first top-level `{` that is not escaped and its matching `}`.
  let open = -1;
  let depth = 0;
  const commas: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') { i++; continue; }
    if (char === '[') {
      const close = classEnd(pattern, i);
      if (close === -1) return { problem: `"[" at character ${i + 1} is never closed with "]"` };
      i = close;
      continue;
    }
    if (char === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (char === '}') {
      if (depth === 0) return { problem: `"}" at character ${i + 1} has no matching "{"` };
      depth--;
      if (depth === 0) {
        const close = i;
        const parts: string[] = [];
        let start = open + 1;
        for (const comma of commas) { parts.push(pattern.slice(start, comma)); start = comma + 1; }
        parts.push(pattern.slice(start, close));
        const head = pattern.slice(0, open);
        const rest = expandBraces(pattern.slice(close + 1));
        if (rest.problem !== undefined) return rest;
        const out: string[] = [];
        for (const part of parts) {
          const inner = expandBraces(part);
          if (inner.problem !== undefined) return inner;
          for (const a of inner.alternatives ?? []) {
            for (const b of rest.alternatives ?? []) {
              out.push(head + a + b);
              if (out.length > MAX_GLOB_ALTERNATIVES) return { problem: `the braces expand to more than ${MAX_GLOB_ALTERNATIVES} alternatives` };
            }
          }
        }
        return { alternatives: out };
      }
    } else if (char === ',' && depth === 1) {
      commas.push(i);
    }
  }
  if (depth > 0) return { problem: `"{" at character ${open + 1} is never closed with "}"` };
  return { alternatives: [pattern] };
}

/** Index of the `]` closing the class that opens at `start`, or -1. `[]a]` and `[!]a]` hold a `]`. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') { i++; continue; }
    if (pattern[i] === '/') return -1;
    if (pattern[i] === ']') return i;
  }
  return -1;
}

function tokenize(segment: string): Token[] | string {
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i] as string;
    if (char === '\\') {
      const next = segment[i + 1];
      if (next === undefined) return 'ends with a lone "\\"';
      tokens.push({ kind: 'literal', char: next });
      i++;
    } else if (char === '*') {
      // Consecutive stars inside a name mean the same as one.
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (char === '?') {
      tokens.push({ kind: 'any' });
    } else if (char === '[') {
      const close = classEnd(segment, i);
      if (close === -1) return `"[" is never closed with "]"`;
      let j = i + 1;
      const negated = segment[j] === '!' || segment[j] === '^';
      if (negated) j++;
      const ranges: [string, string][] = [];
      while (j < close) {
        let low = segment[j] as string;
        if (low === '\\') { j++; low = segment[j] as string; }
        if (segment[j + 1] === '-' && j + 2 < close) {
          let high = segment[j + 2] as string;
          let step = 3;
          if (high === '\\') { high = segment[j + 3] as string; step = 4; }
          if (high < low) return `the range ${visibleText(JSON.stringify(`${low}-${high}`))} in "[…]" runs backwards`;
          ranges.push([low, high]);
          j += step;
        } else {
          ranges.push([low, low]);
          j++;
        }
      }
      if (ranges.length === 0) return '"[]" matches nothing';
      tokens.push({ kind: 'class', negated, ranges });
      i = close;
    } else {
      tokens.push({ kind: 'literal', char });
    }
  }
  return tokens;
}

/** Parses a glob; every refusal says what is wrong, so the policy author can fix it. */
export function parseGlob(pattern: string): GlobParse {
  if (pattern.trim().length === 0) return { ok: false, problem: 'must not be empty' };
  if (pattern.length > MAX_GLOB_LENGTH) return { ok: false, problem: `is ${pattern.length} characters long; a folder glob is limited to ${MAX_GLOB_LENGTH}` };
  if (EXTGLOB.test(pattern)) return { ok: false, problem: 'extended globs such as @(…), !(…), +(…) are not supported; use {a,b} alternatives' };
  const expanded = expandBraces(pattern);
  if (expanded.problem !== undefined) return { ok: false, problem: expanded.problem };
  const expandedLength = (expanded.alternatives ?? []).reduce((sum, alternative) => sum + alternative.length, 0);
  if (expandedLength > MAX_GLOB_EXPANDED_LENGTH) {
    return { ok: false, problem: `the braces expand to ${expandedLength} characters of patterns; a folder glob may expand to at most ${MAX_GLOB_EXPANDED_LENGTH}` };
  }
  const alternatives: Segment[][] = [];
  for (const alternative of expanded.alternatives ?? []) {
    const segments: Segment[] = [];
    // A trailing slash names the folder itself, as paths are compared without one.
    let end = alternative.length;
    while (end > 1 && alternative[end - 1] === '/' && alternative[end - 2] !== '\\') end--;
    for (const part of alternative.slice(0, end).split('/')) {
      if (part === '**') {
        if (segments[segments.length - 1]?.globstar !== true) segments.push({ globstar: true });
        continue;
      }
      const tokens = tokenize(part);
      if (typeof tokens === 'string') return { ok: false, problem: tokens };
      segments.push({ globstar: false, tokens });
    }
    alternatives.push(segments);
  }
  return { ok: true, glob: { alternatives } };
}

/**
 * Counts the elementary steps of the last matches, so tests can check the bound without timing.
 * @internal cost measure the hardening tests assert a ceiling on.
 */
export const globMatchCost = { steps: 0 };

function charMatches(token: Token, char: string): boolean {
  switch (token.kind) {
    case 'literal': return token.char === char;
    case 'any': return true;
    case 'class': {
      const inside = token.ranges.some(([low, high]) => char >= low && char <= high);
      return inside !== token.negated;
    }
    case 'star': return false;
  }
}

/**
 * Wildcard matching with one remembered star (the classic greedy algorithm): on a
 * mismatch it retries from the last star one element further on, never from earlier
 * stars, so the work is at most (elements × pattern length). `**` segments over folder
 * names work the same way as `*` over characters.
 */
function matchSequence<P, S>(pattern: readonly P[], subject: readonly S[], isStar: (p: P) => boolean, matchOne: (p: P, s: S) => boolean): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < subject.length) {
    globMatchCost.steps++;
    const token = pattern[p];
    if (token !== undefined && isStar(token)) {
      starP = p++;
      starS = s;
    } else if (token !== undefined && matchOne(token, subject[s] as S)) {
      p++;
      s++;
    } else if (starP !== -1) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (p < pattern.length && isStar(pattern[p] as P)) p++;
  return p === pattern.length;
}

function segmentMatches(segment: Segment, name: readonly string[]): boolean {
  if (segment.globstar) return true;
  // A name is never empty except at the root of an absolute path, which only an empty segment matches.
  if (name.length === 0) return segment.tokens.length === 0;
  return matchSequence(segment.tokens, name, (t) => t.kind === 'star', charMatches);
}

function lowerSegment(segment: Segment): Segment {
  return segment.globstar ? segment : { globstar: false, tokens: segment.tokens.map(lowerToken) };
}

function lowerToken(token: Token): Token {
  if (token.kind === 'literal') return { kind: 'literal', char: token.char.toLowerCase() };
  if (token.kind === 'class') return { ...token, ranges: token.ranges.map(([a, b]) => [a.toLowerCase(), b.toLowerCase()] as const) };
  return token;
}

/** Answers already worked out: a refresh asks again about the same folders. */
const remembered = new WeakMap<CompiledGlob, Map<string, boolean>>();
const REMEMBERED_PER_GLOB = 64;

/** Whether a folder path (with `/` separators) matches the glob. */
export function matchGlob(glob: CompiledGlob, path: string, options: { nocase?: boolean } = {}): boolean {
  if (path.length > MAX_MATCHED_PATH_LENGTH) return false;
  const nocase = options.nocase === true;
  const key = `${nocase ? 'i' : 's'}${path}`;
  let answers = remembered.get(glob);
  const known = answers?.get(key);
  if (known !== undefined) return known;
  const answer = matchUncached(glob, path, nocase);
  if (!answers) remembered.set(glob, (answers = new Map()));
  if (answers.size >= REMEMBERED_PER_GLOB) answers.clear();
  answers.set(key, answer);
  return answer;
}

function matchUncached(glob: CompiledGlob, path: string, nocase: boolean): boolean {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  const names = (nocase ? path.slice(0, end).toLowerCase() : path.slice(0, end)).split('/').map((name) => [...name]);
  return glob.alternatives.some((alternative) => {
    const segments = nocase ? alternative.map(lowerSegment) : alternative;
    return matchSequence(segments, names, (segment) => segment.globstar, segmentMatches);
  });
}
