/**
 * cmd.exe command lines, split into simple commands. Not a full grammar: enough of it to
 * find what runs through the forms people type (`&`, `&&`, `||`, `|`, `( … )` blocks,
 * `if … cmd`, `for … do cmd`, `for /f … in ('cmd')`, `start`, `call`) while quoted text,
 * comments and redirection targets stay arguments.
 */
import { DYNAMIC, type Words } from './shellBash';
import { endOfLine } from './shellPowerShell';

/**
 * cmd.exe: `&`, `&&`, `||`, `|`, newlines and `( … )` blocks; `^` escapes; `rem` and `::`
 * comments; `if …` and `for … do` run the command after their condition.
 */
export function cmdCommands(line: string, out: Words[]): void {
  new CmdLine(line, out).read();
}

/** One cmd.exe text read into statements. */
class CmdLine {
  private i = 0;
  private words: string[] = [];
  /** Whether each word was quoted (`start "title"`). */
  private quoted: boolean[] = [];
  /** Each word as typed (`if a==b`). */
  private raws: string[] = [];
  private word = '';
  private inWord = false;
  private wasQuoted = false;
  private rawStart = -1;
  private redirectNext = false;

  constructor(private readonly line: string, private readonly out: Words[]) {}

  read(): void {
    const { line } = this;
    while (this.i < line.length) {
      if (!this.inWord) this.rawStart = this.i;
      this.token(line[this.i] as string, line[this.i + 1]);
    }
    this.endStatement();
  }

  private token(ch: string, next: string | undefined): void {
    const atStart = this.words.length === 0 && !this.inWord;
    if (atStart && (ch === ':' || ch === 'r' || ch === 'R') && /^(rem(\s|$)|::)/i.test(this.line.slice(this.i, this.i + 4))) this.i = endOfLine(this.line, this.i);
    else if (atStart && ch === '@') this.i++; // only hides the command's echo
    else if (ch === '^') this.escaped(next);
    else if (ch === '"') this.quotedText();
    else if (ch === '(' && !this.inWord && this.words[0]?.toLowerCase() === 'for' && this.words[this.words.length - 1]?.toLowerCase() === 'in') this.forSet();
    else if (ch === '(' && this.inWord) this.plain(ch);
    else if (ch === '&' || ch === '|' || ch === '\n' || ch === '\r' || ch === '(' || ch === ')') this.separator((ch === '&' || ch === '|') && next === ch ? 2 : 1);
    else if (ch === '>' || ch === '<' || (/[0-9]/.test(ch) && next === '>' && !this.inWord)) this.redirection();
    else if (/\s/.test(ch)) {
      this.flushWord();
      this.i++;
    } else this.plain(ch);
  }

  /** `^` escapes the next character; before a line break it continues the line. */
  private escaped(next: string | undefined): void {
    if (next !== undefined && next !== '\n') {
      this.word += next;
      this.inWord = true;
    }
    this.i += 2;
  }

  private quotedText(): void {
    const end = this.line.indexOf('"', this.i + 1);
    const stop = end === -1 ? this.line.length : end;
    this.word += this.line.slice(this.i + 1, stop);
    this.inWord = true;
    this.wasQuoted = true;
    this.i = stop + 1;
  }

  /** The set of a `for … in (…)`: data, except `for /f … in ('command')`, whose command runs. */
  private forSet(): void {
    this.i = forSet(this.line, this.i, this.words, this.out);
    this.word += DYNAMIC;
    this.inWord = true;
  }

  private separator(length: number): void {
    this.endStatement();
    this.i += length;
  }

  /** `>`, `2>`, `<`: `2>&1` names no file; any other redirection takes the next word as its target. */
  private redirection(): void {
    this.flushWord();
    while (this.i < this.line.length && /[0-9<>&]/.test(this.line[this.i] as string)) this.i++;
    this.redirectNext = !/&\d$/.test(this.line.slice(Math.max(0, this.i - 8), this.i));
  }

  private plain(ch: string): void {
    this.word += ch;
    this.inWord = true;
    this.i++;
  }

  private flushWord(): void {
    if (this.inWord) {
      if (this.redirectNext) this.redirectNext = false;
      else {
        this.words.push(this.word);
        this.quoted.push(this.wasQuoted);
        this.raws.push(this.line.slice(this.rawStart, this.i));
      }
    }
    this.word = '';
    this.inWord = false;
    this.wasQuoted = false;
    this.rawStart = -1;
  }

  private endStatement(): void {
    this.flushWord();
    this.redirectNext = false;
    if (this.words.length > 0) this.out.push(cmdStatement(this.words, this.quoted, this.raws));
    this.words = [];
    this.quoted = [];
    this.raws = [];
  }
}

/**
 * The set of a `for` at `open` (its `(`): index just past its `)`. With `/f`, a set in
 * single quotes (back quotes with `usebackq`) is a command whose output is read: its
 * commands go to `out`.
 */
function forSet(line: string, open: number, words: readonly string[], out: Words[]): number {
  const fileSet = words.some((word) => /^\/f$/i.test(word));
  const quote = words.some((word) => /usebackq/i.test(word)) ? '`' : "'";
  const command = fileSet ? new RegExp(`^\\(\\s*${quote}([\\s\\S]*?)${quote}\\s*\\)`).exec(line.slice(open, open + MAX_FOR_SET)) : null;
  if (command) {
    cmdCommands(command[1] as string, out);
    return open + (command[0] as string).length;
  }
  const end = line.indexOf(')', open);
  return end === -1 ? line.length : end + 1;
}

/** The longest `for /f` set read as a command. */
const MAX_FOR_SET = 64 * 1024;

/** The command an `if`/`for`/`start` statement runs, as words; `@` before it only hides the echo. */
function cmdStatement(words: string[], quoted: boolean[], raws: string[]): string[] {
  const command = statementCommand(words, quoted, raws);
  if (command[0]?.startsWith('@')) command[0] = command[0].slice(1);
  return command;
}

function statementCommand(words: string[], quoted: boolean[], raws: string[]): string[] {
  let start = 0;
  for (;;) {
    const head = words[start]?.toLowerCase();
    if (head === 'if') {
      start++;
      while (/^(not|\/i)$/i.test(words[start] ?? '')) start++;
      const test = words[start]?.toLowerCase();
      if (test === 'exist' || test === 'defined' || test === 'errorlevel' || test === 'cmdextversion') start += 2;
      else if (raws[start]?.includes('==')) start += /==$/.test(raws[start] as string) ? 2 : 1;
      else if (/^(equ|neq|lss|leq|gtr|geq)$/i.test(words[start + 1] ?? '')) start += 3;
      else start += 3; // `a == b`
    } else if (head === 'else') {
      start++;
    } else if (head === 'for') {
      const index = words.findIndex((w, k) => k > start && w.toLowerCase() === 'do');
      if (index === -1) return [];
      start = index + 1;
    } else if (head === 'start') {
      start++;
      if (quoted[start]) start++; // the window title
      while (words[start]?.startsWith('/')) start += /^\/d$/i.test(words[start] as string) ? 2 : 1;
    } else {
      return words.slice(start);
    }
  }
}
