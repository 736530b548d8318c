/**
 * PowerShell and cmd.exe command lines, split into simple commands. Not full grammars:
 * enough of each syntax to find what runs through the forms people type (statements and
 * pipelines, the call operator, script blocks, `$(…)` subexpressions, `if`/`for … do` in
 * cmd) while quoted text, comments, here-strings and redirection targets stay arguments.
 */
import { DYNAMIC, type Words } from './shellBash';

/** Groups nested deeper than this are one opaque word (`((((…` cannot take quadratic time). */
const MAX_GROUP_DEPTH = 32;

/** PowerShell: `;`, `|`, `&&`, `||`, newlines; `&`/`.` call operators; `{…}` and `(…)` run their contents. */
export function powershellCommands(line: string, out: Words[], depth = 0): void {
  let i = 0;
  const n = line.length;
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let redirectNext = false;
  /** The statement starts with a value (`'text'`, `"text"`, `$x`, `42`): an expression, not a command. */
  let expression = false;
  let quotedWord = false;
  /** After the call operator `&` (or `.`), the next value is the program to run. */
  let called = false;
  const flushWord = () => {
    if (inWord) {
      if (redirectNext) redirectNext = false;
      else {
        if (words.length === 0 && !called && (quotedWord || /^\.?\d/.test(word))) expression = true;
        words.push(word);
      }
    }
    word = '';
    inWord = false;
    quotedWord = false;
  };
  const endStatement = () => {
    flushWord();
    redirectNext = false;
    if (words.length > 0 && !expression) out.push(words);
    words = [];
    expression = false;
    called = false;
  };
  /** `$v = claude …` assigns what the command prints: the command after `=` runs. */
  const assignment = () => words.length === 2 && words[0]?.startsWith(DYNAMIC) === true && /^[+\-*/]?=$/.test(words[1] as string);
  /** Index just past the bracket that closes the one at `start`, skipping quoted text. */
  const closing = (start: number, open: string, close: string): number => {
    let depth = 0;
    for (let j = start; j < n; j++) {
      const ch = line[j];
      if (ch === '`') j++;
      else if (ch === "'") j = skipSingle(line, j);
      else if (ch === '"') j = skipDouble(line, j);
      else if (ch === '#' && (j === 0 || /\s/.test(line[j - 1] as string))) j = endOfLine(line, j) - 1;
      else if (ch === open) depth++;
      else if (ch === close && --depth === 0) return j + 1;
    }
    return n;
  };
  while (i < n) {
    const ch = line[i] as string;
    const next = line[i + 1];
    if (ch === '#' && !inWord) {
      i = endOfLine(line, i);
    } else if (ch === '<' && next === '#') {
      const end = line.indexOf('#>', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === '@' && (next === "'" || next === '"') && !inWord && /^[ \t]*\r?\n/.test(line.slice(i + 2))) {
      // Here-string: text up to a line that starts with the closing quote and @.
      const close = new RegExp(`\\r?\\n${next}@`, 'g');
      close.lastIndex = i + 2;
      const found = close.exec(line);
      const end = found ? found.index + found[0].length : n;
      if (next === '"') subexpressions(line.slice(i + 2, end), out, depth);
      word += DYNAMIC;
      inWord = true;
      i = end;
    } else if (ch === "'") {
      const end = skipSingle(line, i);
      word += line.slice(i + 1, end).replace(/''/g, "'");
      if (!inWord) quotedWord = true;
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      const end = skipDouble(line, i);
      const body = line.slice(i + 1, end);
      subexpressions(body, out, depth);
      if (!inWord) quotedWord = true;
      word += body.replace(/\$(\{[^}]*\}|\([^)]*\)|[\w:?]+)/g, DYNAMIC).replace(/`(.)/g, '$1').replace(/""/g, '"');
      inWord = true;
      i = end + 1;
    } else if (ch === '`') {
      if (next !== undefined && next !== '\n') word += next;
      inWord = inWord || next !== '\n';
      i += 2;
    } else if (ch === '$' && next === '(') {
      const end = closing(i + 1, '(', ')');
      if (depth < MAX_GROUP_DEPTH) powershellCommands(line.slice(i + 2, end - 1), out, depth + 1);
      word += DYNAMIC;
      inWord = true;
      i = end;
    } else if (ch === '{' || (ch === '(' && !inWord) || (ch === '@' && (next === '(' || next === '{') && !inWord)) {
      const start = ch === '@' ? i + 1 : i;
      const open = line[start] as string;
      const end = closing(start, open, open === '{' ? '}' : ')');
      if (depth < MAX_GROUP_DEPTH) powershellCommands(line.slice(start + 1, end - 1), out, depth + 1);
      word += DYNAMIC;
      inWord = true;
      i = end;
    } else if (ch === '$') {
      if (!inWord && words.length === 0 && !called) expression = true;
      word += DYNAMIC;
      inWord = true;
      i++;
      while (i < n && /[\w:?^$]/.test(line[i] as string)) i++;
    } else if (ch === ';' || ch === '\n' || ch === '\r' || ch === '|' || ch === '}' || ch === ')') {
      endStatement();
      i += ch === '|' && next === '|' ? 2 : 1;
    } else if (ch === '&') {
      if (next === '&') {
        endStatement();
        i += 2;
      } else if (words.length === 0 && !inWord) {
        called = true;
        i++; // call operator: what follows is the program
      } else {
        endStatement(); // `cmd &` starts a background job
        i++;
      }
    } else if ((ch === '>' || (ch === '<' && !inWord)) || (/[0-9*]/.test(ch) && next === '>' && !inWord)) {
      flushWord();
      while (i < n && /[0-9*<>&]/.test(line[i] as string)) i++;
      // `2>&1` names no file; any other redirection takes the next word as its target.
      redirectNext = !/&\d$/.test(line.slice(0, i));
    } else if (/\s/.test(ch)) {
      flushWord();
      if (assignment()) {
        words = [];
        expression = false;
      }
      i++;
    } else if (ch === '.' && !inWord && words.length === 0 && next !== undefined && /\s/.test(next)) {
      called = true;
      i++; // dot-sourcing runs the script that follows
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  endStatement();
}

/** `$(…)` subexpressions inside an expandable string. */
function subexpressions(body: string, out: Words[], depth: number): void {
  if (depth >= MAX_GROUP_DEPTH) return;
  for (let i = body.indexOf('$('); i !== -1; i = body.indexOf('$(', i + 1)) {
    if (i > 0 && body[i - 1] === '`') continue;
    let depth = 0;
    let end = body.length;
    for (let j = i + 1; j < body.length; j++) {
      if (body[j] === '(') depth++;
      else if (body[j] === ')' && --depth === 0) { end = j; break; }
    }
    powershellCommands(body.slice(i + 2, end), out, depth + 1);
    i = end;
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

function endOfLine(line: string, start: number): number {
  const end = line.indexOf('\n', start);
  return end === -1 ? line.length : end;
}

/**
 * cmd.exe: `&`, `&&`, `||`, `|`, newlines and `( … )` blocks; `^` escapes; `rem` and `::`
 * comments; `if …` and `for … do` run the command after their condition.
 */
export function cmdCommands(line: string, out: Words[]): void {
  let words: string[] = [];
  let quoted: boolean[] = [];
  let raws: string[] = [];
  let word = '';
  let inWord = false;
  let wasQuoted = false;
  let rawStart = -1;
  let redirectNext = false;
  const flushWord = () => {
    if (inWord) {
      if (redirectNext) redirectNext = false;
      else {
        words.push(word);
        quoted.push(wasQuoted);
        raws.push(line.slice(rawStart, i));
      }
    }
    word = '';
    inWord = false;
    wasQuoted = false;
    rawStart = -1;
  };
  const endStatement = () => {
    flushWord();
    redirectNext = false;
    if (words.length > 0) out.push(cmdStatement(words, quoted, raws));
    words = [];
    quoted = [];
    raws = [];
  };
  const n = line.length;
  let i = 0;
  while (i < n) {
    const ch = line[i] as string;
    const atStart = words.length === 0 && !inWord;
    if (!inWord) rawStart = i;
    if (atStart && /^(rem(\s|$)|::)/i.test(line.slice(i))) {
      i = endOfLine(line, i);
    } else if (atStart && ch === '@') {
      i++;
    } else if (ch === '^') {
      if (line[i + 1] !== undefined && line[i + 1] !== '\n') {
        word += line[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (ch === '"') {
      const end = line.indexOf('"', i + 1);
      const stop = end === -1 ? n : end;
      word += line.slice(i + 1, stop);
      inWord = true;
      wasQuoted = true;
      i = stop + 1;
    } else if (ch === '&' || ch === '|' || ch === '\n' || ch === '\r' || ch === '(' || ch === ')') {
      if (ch === '(' && !inWord && words[0]?.toLowerCase() === 'for' && words[words.length - 1]?.toLowerCase() === 'in') {
        // The set of a `for … in (…)`: data, not a command.
        const end = line.indexOf(')', i);
        word += DYNAMIC;
        inWord = true;
        i = end === -1 ? n : end + 1;
        continue;
      }
      if (ch === '(' && inWord) {
        word += ch;
        i++;
        continue;
      }
      endStatement();
      i += (ch === '&' || ch === '|') && line[i + 1] === ch ? 2 : 1;
    } else if (ch === '>' || ch === '<' || (/[0-9]/.test(ch) && line[i + 1] === '>' && !inWord)) {
      flushWord();
      while (i < n && /[0-9<>&]/.test(line[i] as string)) i++;
      redirectNext = !/&\d$/.test(line.slice(0, i));
    } else if (/\s/.test(ch)) {
      flushWord();
      i++;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  endStatement();
}

/** The command an `if`/`for`/`start` statement runs, as words. */
function cmdStatement(words: string[], quoted: boolean[], raws: string[]): string[] {
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
