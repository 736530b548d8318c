/**
 * PowerShell command lines, split into simple commands. Not a full grammar: enough of it
 * to find what runs through the forms people type (statements and pipelines, the call
 * operator, script blocks, `$(…)` subexpressions) while quoted text, comments,
 * here-strings and redirection targets stay arguments.
 */
import { DYNAMIC, type Words } from './shellBash';

/** Groups nested deeper than this are one opaque word (`((((…` cannot take quadratic time); the reading says it stopped short. */
const MAX_GROUP_DEPTH = 32;

/**
 * PowerShell: `;`, `|`, `&&`, `||`, newlines; `&`/`.` call operators; `{…}` and `(…)` run
 * their contents. Returns false when groups nested deeper than the splitter follows were
 * left unread.
 */
export function powershellCommands(line: string, out: Words[]): boolean {
  const split = { out, tooDeep: false };
  new PowerShellLine(line, 0, split).read();
  return !split.tooDeep;
}

interface PowerShellSplit {
  readonly out: Words[];
  /** A group nested deeper than MAX_GROUP_DEPTH was left unread. */
  tooDeep: boolean;
}

/** One PowerShell text (a line, or a group's or subexpression's contents) read into statements. */
class PowerShellLine {
  private i = 0;
  private words: string[] = [];
  private word = '';
  private inWord = false;
  private redirectNext = false;
  /** The statement starts with a value (`'text'`, `"text"`, `$x`, `42`): an expression, not a command. */
  private expression = false;
  private quotedWord = false;
  /** After the call operator `&` (or `.`), the next value is the program to run. */
  private called = false;

  constructor(private readonly line: string, private readonly depth: number, private readonly split: PowerShellSplit) {}

  read(): void {
    const { line } = this;
    while (this.i < line.length) this.token(line[this.i] as string, line[this.i + 1]);
    this.endStatement();
  }

  private token(ch: string, next: string | undefined): void {
    if (ch === '#' && !this.inWord) this.i = endOfLine(this.line, this.i);
    else if (ch === '<' && next === '#') this.blockComment();
    else if (ch === '@' && (next === "'" || next === '"') && !this.inWord && /^[ \t]*\r?\n/.test(this.line.slice(this.i + 2, this.i + 64))) this.hereString(next);
    else if (ch === "'") this.singleQuoted();
    else if (ch === '"') this.doubleQuoted();
    else if (ch === '`') this.escaped(next);
    else if (ch === '$' && next === '(') this.group(this.i + 1);
    else if (ch === '{' || (ch === '(' && !this.inWord) || (ch === '@' && (next === '(' || next === '{') && !this.inWord)) this.group(ch === '@' ? this.i + 1 : this.i);
    else if (ch === '$') this.variable();
    else if (ch === ';' || ch === '\n' || ch === '\r' || ch === '|' || ch === '}' || ch === ')') this.separator(ch === '|' && next === '|' ? 2 : 1);
    else if (ch === '&') this.ampersand(next);
    else if (ch === '>' || (ch === '<' && !this.inWord) || (/[0-9*]/.test(ch) && next === '>' && !this.inWord)) this.redirection();
    else if (/\s/.test(ch)) this.space();
    else if (ch === '.' && !this.inWord && this.words.length === 0 && next !== undefined && /\s/.test(next)) this.dotSource();
    else this.plain(ch);
  }

  private blockComment(): void {
    const end = this.line.indexOf('#>', this.i + 2);
    this.i = end === -1 ? this.line.length : end + 2;
  }

  /** `@'…'@` / `@"…"@`: text up to a line that starts with the closing quote and `@`; a double-quoted one's `$(…)` run. */
  private hereString(quote: string): void {
    const close = new RegExp(`\\r?\\n${quote}@`, 'g');
    close.lastIndex = this.i + 2;
    const found = close.exec(this.line);
    const end = found ? found.index + found[0].length : this.line.length;
    if (quote === '"') this.subexpressions(this.line.slice(this.i + 2, end));
    this.word += DYNAMIC;
    this.inWord = true;
    this.i = end;
  }

  private singleQuoted(): void {
    const end = skipSingle(this.line, this.i);
    this.word += this.line.slice(this.i + 1, end).replace(/''/g, "'");
    if (!this.inWord) this.quotedWord = true;
    this.inWord = true;
    this.i = end + 1;
  }

  private doubleQuoted(): void {
    const end = skipDouble(this.line, this.i);
    const body = this.line.slice(this.i + 1, end);
    this.subexpressions(body);
    if (!this.inWord) this.quotedWord = true;
    this.word += body.replace(/\$(\{[^}]*\}|\([^)]*\)|[\w:?]+)/g, DYNAMIC).replace(/`(.)/g, '$1').replace(/""/g, '"');
    this.inWord = true;
    this.i = end + 1;
  }

  /** A backtick escapes the next character; before a line break it continues the line. */
  private escaped(next: string | undefined): void {
    if (next !== undefined && next !== '\n') this.word += next;
    this.inWord = this.inWord || next !== '\n';
    this.i += 2;
  }

  /** `$(…)`, `(…)`, `{…}`, `@(…)`, `@{…}` at `start`: their contents are statements of their own; the group is one word here. */
  private group(start: number): void {
    const open = this.line[start] as string;
    const end = this.closing(start, open, open === '{' ? '}' : ')');
    this.nested(this.line.slice(start + 1, end - 1));
    this.word += DYNAMIC;
    this.inWord = true;
    this.i = end;
  }

  private variable(): void {
    if (!this.inWord && this.words.length === 0 && !this.called) this.expression = true;
    this.word += DYNAMIC;
    this.inWord = true;
    this.i++;
    while (this.i < this.line.length && /[\w:?^$]/.test(this.line[this.i] as string)) this.i++;
  }

  private separator(length: number): void {
    this.endStatement();
    this.i += length;
  }

  /** `&&` ends a statement; `&` first is the call operator; `cmd &` starts a background job. */
  private ampersand(next: string | undefined): void {
    if (next === '&') this.separator(2);
    else if (this.words.length === 0 && !this.inWord) {
      this.called = true;
      this.i++;
    } else this.separator(1);
  }

  /** `>`, `2>`, `*>`, `<`: `2>&1` names no file; any other redirection takes the next word as its target. */
  private redirection(): void {
    this.flushWord();
    while (this.i < this.line.length && /[0-9*<>&]/.test(this.line[this.i] as string)) this.i++;
    this.redirectNext = !/&\d$/.test(this.line.slice(Math.max(0, this.i - 8), this.i));
  }

  private space(): void {
    this.flushWord();
    // `$v = claude …` assigns what the command prints: the command after `=` runs.
    if (this.words.length === 2 && this.words[0]?.startsWith(DYNAMIC) === true && /^[+\-*/]?=$/.test(this.words[1] as string)) {
      this.words = [];
      this.expression = false;
    }
    this.i++;
  }

  /** Dot-sourcing runs the script that follows. */
  private dotSource(): void {
    this.called = true;
    this.i++;
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
        if (this.words.length === 0 && !this.called && (this.quotedWord || /^\.?\d/.test(this.word))) this.expression = true;
        this.words.push(this.word);
      }
    }
    this.word = '';
    this.inWord = false;
    this.quotedWord = false;
  }

  private endStatement(): void {
    this.flushWord();
    this.redirectNext = false;
    if (this.words.length > 0 && !this.expression) this.split.out.push(this.words);
    this.words = [];
    this.expression = false;
    this.called = false;
  }

  /** Statements inside a group or subexpression, one level deeper. */
  private nested(text: string): void {
    if (this.depth + 1 >= MAX_GROUP_DEPTH) this.split.tooDeep = true;
    else new PowerShellLine(text, this.depth + 1, this.split).read();
  }

  /** Index just past the bracket that closes the one at `start`, skipping quoted text and comments. */
  private closing(start: number, open: string, close: string): number {
    const { line } = this;
    let depth = 0;
    for (let j = start; j < line.length; j++) {
      const ch = line[j];
      if (ch === '`') j++;
      else if (ch === "'") j = skipSingle(line, j);
      else if (ch === '"') j = skipDouble(line, j);
      else if (ch === '#' && (j === 0 || /\s/.test(line[j - 1] as string))) j = endOfLine(line, j) - 1;
      else if (ch === open) depth++;
      else if (ch === close && --depth === 0) return j + 1;
    }
    return line.length;
  }

  /** `$(…)` subexpressions inside an expandable string run. */
  private subexpressions(body: string): void {
    for (let i = body.indexOf('$('); i !== -1; i = body.indexOf('$(', i + 1)) {
      if (i > 0 && body[i - 1] === '`') continue;
      let open = 0;
      let end = body.length;
      for (let j = i + 1; j < body.length; j++) {
        if (body[j] === '(') open++;
        else if (body[j] === ')' && --open === 0) { end = j; break; }
      }
      this.nested(body.slice(i + 2, end));
      i = end;
    }
  }
}

function skipSingle(line: string, start: number): number {
  for (let j = start + 1; j < line.length; j++) {
    if (line[j] === "'") {
      if (line[j + 1] === "'") j++;
      else return j;
    }
  }
  return line.length;
}

function skipDouble(line: string, start: number): number {
  for (let j = start + 1; j < line.length; j++) {
    if (line[j] === '`') j++;
    else if (line[j] === '"') {
      if (line[j + 1] === '"') j++;
      else return j;
    }
  }
  return line.length;
}

/** Index of the line break after `start`, or the end. */
export function endOfLine(line: string, start: number): number {
  const end = line.indexOf('\n', start);
  return end === -1 ? line.length : end;
}
