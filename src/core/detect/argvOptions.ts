/**
 * Reading a program's own options off the front of its arguments, the way getopt and
 * its relatives do: which options take a value (and how many words), grouped short
 * flags, `--name=value`, `--` ending the options. What each program's options are is
 * data (wrapperTable.ts); this file only knows the grammar.
 */

/** How a program reads its options. */
export interface OptionSpec {
  /** Options that take the next word as their value (`-u root`); a short one also takes it attached (`-uroot`), a long one after `=`. */
  readonly values?: readonly string[];
  /** Options that take more than one word (`bwrap --bind SRC DEST`: 2). */
  readonly arity?: Readonly<Record<string, number>>;
  /**
   * Options whose value is optional: attached it is always theirs (`-a[prompt]`,
   * `--clear=reset`); the next word only when it matches (`watchexec -c reset`).
   * A pattern that matches nothing (`NEVER`) makes the value attached-only.
   */
  readonly optional?: Readonly<Record<string, RegExp>>;
  /** `VAR=value` words may come before the command (env, sudo). */
  readonly assignments?: boolean;
  /** Long options are written with one dash (`gdb -ex cmd`): a word is never a group of short flags. */
  readonly singleDash?: boolean;
}

/** An optional value that is only ever attached (`rlwrap -a[prompt]`). */
export const NEVER = /$^/;

export interface ReadOptions {
  /** Index of the first word after the options (the operand or command), or `args.length`. */
  readonly at: number;
  /** Every option given, as typed without its value (`-l`, `--list`); grouped short flags one by one. */
  readonly given: readonly string[];
  /** The value of each option that took one (the last given wins). */
  readonly values: ReadonlyMap<string, string>;
  /** `--` ended the options. */
  readonly ended: boolean;
}

export const isAssignment = (word: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(word);

/** The options at the front of `args` (from `from`), up to the first word that is none. */
export function readOptions(args: readonly string[], spec: OptionSpec, from = 0): ReadOptions {
  const given: string[] = [];
  const values = new Map<string, string>();
  let i = from;
  while (i < args.length) {
    const arg = args[i] as string;
    if (arg === '--') return { at: i + 1, given, values, ended: true };
    if (spec.assignments && isAssignment(arg)) { i++; continue; }
    if (!arg.startsWith('-') || arg === '-') break;
    i = arg.startsWith('--') || spec.singleDash ? readLong(args, i, spec, given, values) : readShorts(args, i, spec, given, values);
  }
  return { at: i, given, values, ended: false };
}

/** Index of the first word after the options. */
export const afterOptions = (args: readonly string[], spec: OptionSpec, from = 0): number => readOptions(args, spec, from).at;

function wordsTaken(spec: OptionSpec, name: string): number {
  return spec.arity?.[name] ?? (spec.values?.includes(name) ? 1 : 0);
}

/** `--name`, `--name=value`, `--name value…`; returns the index after it. */
function readLong(args: readonly string[], i: number, spec: OptionSpec, given: string[], values: Map<string, string>): number {
  const arg = args[i] as string;
  const eq = arg.indexOf('=');
  const name = eq === -1 ? arg : arg.slice(0, eq);
  given.push(name);
  if (eq !== -1) {
    values.set(name, arg.slice(eq + 1));
    return i + Math.max(1, wordsTaken(spec, name));
  }
  const taken = wordsTaken(spec, name);
  if (taken > 0) {
    values.set(name, args[i + 1] ?? '');
    return i + 1 + taken;
  }
  const optional = spec.optional?.[name];
  if (optional && optional.test(args[i + 1] ?? '\n')) {
    values.set(name, args[i + 1] as string);
    return i + 2;
  }
  return i + 1;
}

/** `-abc`: flags, until one that takes a value, which takes the rest of the word or the next words. */
function readShorts(args: readonly string[], i: number, spec: OptionSpec, given: string[], values: Map<string, string>): number {
  const arg = args[i] as string;
  for (let k = 1; k < arg.length; k++) {
    const name = `-${arg[k] as string}`;
    given.push(name);
    const attached = arg.slice(k + 1);
    const taken = wordsTaken(spec, name);
    if (taken > 0) {
      if (attached !== '') {
        values.set(name, attached);
        return i + taken;
      }
      values.set(name, args[i + 1] ?? '');
      return i + 1 + taken;
    }
    const optional = spec.optional?.[name];
    if (optional) {
      if (attached !== '') values.set(name, attached);
      else if (optional.test(args[i + 1] ?? '\n')) {
        values.set(name, args[i + 1] as string);
        return i + 2;
      }
      return i + 1;
    }
  }
  return i + 1;
}
