/**
 * A bash line longer than one parse, cut into pieces the parser reads as the shell reads
 * the line. A cut in the wrong place changes the meaning of what follows it: cut inside
 * `echo "…300 KB… ; claude"`, the second half `… ; claude"` reads as code that runs
 * claude. So the line is scanned once for its lexical state (quotes, `$(…)`, backticks,
 * `${…}`, comments, heredoc bodies, and whether a command has begun), and:
 * - a piece ends where a new statement starts at the top level (after `;`, `&`, `|`, a
 *   line break) with nothing open: each piece is whole statements, read exactly as in the
 *   whole line;
 * - where a single statement is longer than a piece, the cut falls inside it, and the
 *   state there is carried over: the first piece gets the closing quotes and brackets it
 *   lacks, and the next begins with the openers (`"`, `$(`, `declare <<'EOF'␤`, …), so
 *   quoted text stays quoted and a heredoc body stays a body. Words after a cut in the
 *   middle of a command are read as arguments of `declare` (which takes any words, arrays
 *   too, and runs nothing): which command they belong to, and what its earlier options
 *   were, is in the other piece, so they are never taken for a program (`sudo -l … claude`
 *   cut after `-l` must not read as `sudo claude`). What that can miss (a wrapper's program
 *   beyond the cut) still shows in the process tree when it runs.
 * The scan knows bash's quoting and nesting, not its whole grammar (a `case` pattern's
 * `)` inside `$(…)` reads as the substitution's end); it only decides where pieces end.
 */

interface Heredoc {
  readonly delimiter: string;
  readonly quoted: boolean;
  readonly stripTabs: boolean;
}

type Frame =
  /** Code: the line itself, `$( … )`, `( … )`, `<( … )` or `` ` … ` ``. */
  | { kind: 'code'; readonly opener: string; readonly closer: string; started: boolean; inWord: boolean; wordStart: number; firstWord: boolean; test: string }
  /** Quoted text, `${…}`, a comment; `list`: an array's or a pattern's `( … )` (`a=(x y)`, `@(x|y)`), words that are no commands. */
  | { kind: 'double' | 'single' | 'ansi' | 'brace' | 'comment' | 'list' }
  /** `$(( … ))` and `(( … ))`: arithmetic, with the parentheses and subscripts open inside it. */
  | { kind: 'arith'; readonly opener: string; depth: number; brackets: number }
  | { kind: 'heredoc'; readonly heredoc: Heredoc; lineStart: boolean };

interface State {
  frames: Frame[];
  /** Heredocs whose bodies begin at the next line break. */
  pending: Heredoc[];
}

/** Deeper nesting than this is read as plain text (the parser has its own limits beyond it). */
const MAX_FRAMES = 64;
/** Reserved words after which the next word is a command again (`if claude`, `! claude`). */
const COMMAND_WORDS = new Set(['!', '{', 'if', 'then', 'else', 'elif', 'while', 'until', 'do', 'time', 'coproc']);

const SPECIAL_IN_DOUBLE = new Set(['"', '\\', '$', '`']);
const SPECIAL_IN_DOUBLE_PATTERN = /["\\$`]/g;

const codeFrame = (opener: string, closer: string): Frame => ({ kind: 'code', opener, closer, started: false, inWord: false, wordStart: -1, firstWord: false, test: '' });
const copyState = (state: State): State => ({ frames: state.frames.map((frame) => ({ ...frame })), pending: [...state.pending] });

/** The line in pieces of about `max` characters or fewer; a short line is one piece. */
export function* bashPieces(line: string, max: number): Generator<string> {
  if (line.length <= max) {
    yield line;
    return;
  }
  let state: State = { frames: [codeFrame('', '')], pending: [] };
  let start = 0;
  let prefix = '';
  while (line.length - start > max) {
    const scanned = scan(line, start, Math.max(safeEnd(line, start + max), start + 1), copyState(state));
    const end = scanned.reached; // a token is never split, so this may be a little further
    let cut: number;
    let next: State;
    if (scanned.boundary > start) {
      // Whole statements: the next piece starts as a fresh line.
      cut = scanned.boundary;
      next = { frames: [codeFrame('', '')], pending: [] };
    } else {
      // One statement longer than a piece: cut inside it, at the start of the word or
      // heredoc line being read if that leaves something before it, and carry the state.
      cut = scanned.resume > start ? scanned.resume : end;
      const top = scanned.state.frames[scanned.state.frames.length - 1] as Frame;
      if (cut === end && top.kind === 'code' && top.inWord) cut = insideWord(line, start, end);
      next = cut === end ? scanned.state : scan(line, start, cut, copyState(state)).state;
    }
    yield prefix + line.slice(start, cut) + closers(next);
    prefix = openers(next);
    state = next;
    start = cut;
  }
  yield prefix + line.slice(start);
}

/**
 * Where to cut a word longer than a piece: between two letters or digits near the end, so
 * that the second half starts with nothing the parser reads on its own (`tools+=` cut
 * before `(claude)` would make the rest a subshell).
 */
function insideWord(line: string, start: number, end: number): number {
  for (let cut = end; cut > Math.max(start + 1, end - 64); cut--) {
    if (/\w/.test(line[cut - 1] as string) && /\w/.test(line[cut] as string)) return cut;
  }
  return end;
}

/** Never between a backslash and what it escapes, nor inside a surrogate pair or `\r\n`. */
function safeEnd(line: string, at: number): number {
  let end = at;
  const code = line.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  if (line[end - 1] === '\r' && line[end] === '\n') end--;
  let backslashes = 0;
  while (line[end - 1 - backslashes] === '\\') backslashes++;
  return backslashes % 2 === 1 ? end - 1 : end;
}

/**
 * What closes every open quote, bracket and heredoc at the end of a piece. A command cut
 * short gets one more word only the running shell knows (`"$_"`, or `$_` on a word cut in
 * two), so that neither the half word (`cod` of `codex-notes.md`) nor the words before the
 * cut (`gdb claude` of `gdb claude core.1234`) read as a whole command.
 */
function closers(state: State): string {
  let text = '';
  for (let k = state.frames.length - 1; k >= 0; k--) {
    const frame = state.frames[k] as Frame;
    // A test cut short (`[ claude`, `[[ $x == claude`) gets its `]`/`]]`: the parser reads an
    // unclosed one as an error, and its recovery can take the operand for a command. A test
    // runs nothing, so it needs no word for the rest; nor does an array or `(( … ))`, which
    // the word would break (`a=(x)$_` is no assignment).
    if (frame.kind === 'code') text += (frame.started && frame.test === '' && !isCompound(state.frames[k + 1]) ? (frame.inWord ? '$_' : ' "$_"') : '') + frame.test + frame.closer;
    else if (frame.kind === 'double') text += '"';
    else if (frame.kind === 'single' || frame.kind === 'ansi') text += "'";
    else if (frame.kind === 'brace') text += '}';
    else if (frame.kind === 'list') text += ')';
    else if (frame.kind === 'arith') text += ']'.repeat(frame.brackets) + ')'.repeat(frame.depth);
    else if (frame.kind === 'heredoc') text += `${frame.lineStart ? '' : '\n'}${frame.heredoc.delimiter}\n`;
  }
  // The bodies of heredocs declared on the cut line come after it.
  for (const heredoc of state.pending) text += `\n${heredoc.delimiter}`;
  return state.pending.length > 0 ? `${text}\n` : text;
}

/** What reopens them at the start of the next piece, so its text reads as in the whole line. */
function openers(state: State): string {
  let text = '';
  const innermostCode = state.frames.map((frame) => frame.kind).lastIndexOf('code');
  for (const [k, frame] of state.frames.entries()) {
    if (frame.kind === 'code') {
      // `declare` takes any words as plain arguments, assignments with arrays too (`:` would
      // make `a=(x y)` a syntax error the parser recovers from by reading a subshell).
      text += frame.opener + (frame.started && !isCompound(state.frames[k + 1]) ? 'declare ' : '');
      // Heredocs declared before the cut whose bodies start after it, where they were declared.
      if (k === innermostCode && state.pending.length > 0) text += `${frame.started ? '' : 'declare '}${redeclare(state.pending)} `;
    }
    else if (frame.kind === 'double') text += '"';
    else if (frame.kind === 'single') text += "'";
    else if (frame.kind === 'ansi') text += "$'";
    else if (frame.kind === 'brace') text += '${_:-';
    else if (frame.kind === 'list') text += '__=(';
    else if (frame.kind === 'arith') text += frame.opener + '('.repeat(Math.max(0, frame.depth - 2)) + (frame.brackets > 0 ? '_[' : '');
    else if (frame.kind === 'comment') text += '#';
    else if (frame.kind === 'heredoc') text += `declare ${redeclare([frame.heredoc])}\n`;
  }
  return text;
}

/** An array's list or an arithmetic command: what comes before it must stay as it is. */
const isCompound = (frame: Frame | undefined) => frame?.kind === 'list' || (frame?.kind === 'arith' && frame.opener === '((');

function redeclare(heredocs: readonly Heredoc[]): string {
  return heredocs.map((h) => `<<${h.stripTabs ? '-' : ''}${h.quoted ? `'${h.delimiter}'` : h.delimiter}`).join(' ');
}

interface Scan {
  readonly state: State;
  /** Where the scan stopped: `end`, or just past a token that reaches beyond it. */
  readonly reached: number;
  /** The last place in (start, end] where a statement starts at the top level, or -1. */
  readonly boundary: number;
  /** Where the word (or heredoc line) being read at `end` started, or -1. */
  readonly resume: number;
}

/** Reads `line` from `start` to `end` on from `state` (which it changes). */
function scan(line: string, start: number, end: number, state: State): Scan {
  const { frames } = state;
  let boundary = -1;
  let i = start;
  const push = (frame: Frame) => { if (frames.length < MAX_FRAMES) frames.push(frame); };
  while (i < end) {
    const frame = frames[frames.length - 1] as Frame;
    const ch = line[i] as string;
    const next = line[i + 1];
    switch (frame.kind) {
      case 'single': {
        // Long quoted text and comments are skipped to their end at once.
        const close = line.indexOf("'", i);
        if (close === -1 || close >= end) i = end;
        else { frames.pop(); i = close + 1; }
        break;
      }
      case 'ansi':
        if (ch === '\\') i++;
        else if (ch === "'") frames.pop();
        i++;
        break;
      case 'comment': {
        const lineEnd = line.indexOf('\n', i);
        if (lineEnd === -1 || lineEnd >= end) i = end;
        else { frames.pop(); i = lineEnd; }
        break;
      }
      case 'heredoc': {
        // The body is read a line at a time; the line that is the delimiter ends it.
        const lineEnd = line.indexOf('\n', i);
        const stop = lineEnd === -1 ? line.length : lineEnd;
        if (stop >= end) {
          frame.lineStart = false;
          i = end;
          break;
        }
        let text = line.slice(i, stop).replace(/\r$/, '');
        if (frame.heredoc.stripTabs) text = text.replace(/^\t+/, '');
        const isEnd = frame.lineStart && text === frame.heredoc.delimiter;
        frame.lineStart = true;
        i = stop + 1;
        if (isEnd) {
          frames.pop();
          const following = state.pending.shift();
          if (following) push({ kind: 'heredoc', heredoc: following, lineStart: true });
          else if (frames.length === 1) boundary = i;
        }
        break;
      }
      case 'arith':
        // Only substitutions inside arithmetic run; its words are numbers and variables.
        if (ch === '(') { frame.depth++; i++; }
        else if (ch === ')') { if (--frame.depth === 0) frames.pop(); i++; }
        else if (ch === '[') { frame.brackets++; i++; }
        else if (ch === ']') { frame.brackets = Math.max(0, frame.brackets - 1); i++; }
        else if (ch === '$' && next === '(' && line[i + 2] !== '(') { push(codeFrame('$(', ')')); i += 2; }
        else if (ch === '`') { push(codeFrame('`', '`')); i++; }
        else i++;
        break;
      case 'list':
        if (ch === '\\') i += 2;
        else if (ch === ')') { frames.pop(); i++; }
        else if (ch === '"') { push({ kind: 'double' }); i++; }
        else if (ch === "'") { push({ kind: 'single' }); i++; }
        else if (ch === '$' && next === '(') { push(codeFrame('$(', ')')); i += 2; }
        else if (ch === '`') { push(codeFrame('`', '`')); i++; }
        else i++;
        break;
      case 'double':
      case 'brace':
        if (frame.kind === 'double' && !SPECIAL_IN_DOUBLE.has(ch)) {
          SPECIAL_IN_DOUBLE_PATTERN.lastIndex = i;
          const special = SPECIAL_IN_DOUBLE_PATTERN.exec(line);
          i = special === null || special.index >= end ? end : special.index;
        } else if (ch === '\\') i += 2;
        else if ((frame.kind === 'double' && ch === '"') || (frame.kind === 'brace' && ch === '}')) { frames.pop(); i++; }
        else if (ch === '$' && next === '(') { push(codeFrame('$(', ')')); i += 2; }
        else if (ch === '$' && next === '{') { push({ kind: 'brace' }); i += 2; }
        else if (ch === '`') { push(codeFrame('`', '`')); i++; }
        else if (frame.kind === 'brace' && ch === '"') { push({ kind: 'double' }); i++; }
        else if (frame.kind === 'brace' && ch === "'" && frames[frames.length - 2]?.kind !== 'double') { push({ kind: 'single' }); i++; }
        else i++;
        break;
      case 'code': {
        const startWord = () => {
          if (frame.inWord) return;
          frame.inWord = true;
          frame.wordStart = i;
          frame.firstWord = !frame.started;
          frame.started = true;
        };
        const endWord = () => {
          if (!frame.inWord) return;
          frame.inWord = false;
          // `A=1 claude`, `if claude`, `! claude`: the next word is still a command's name.
          // (Only a command's first word and a test's last are looked at: most words are neither.)
          if (frame.firstWord) {
            const word = line.slice(frame.wordStart, Math.min(i, frame.wordStart + 256));
            if (COMMAND_WORDS.has(word) || /^[A-Za-z_]\w*\+?=/.test(word)) frame.started = false;
            if (word === '[' || word === '[[') frame.test = word === '[' ? ' ]' : ' ]]';
          } else if (frame.test !== '' && i - frame.wordStart <= 2 && line[frame.wordStart] === ']') {
            frame.test = '';
          }
        };
        const endStatement = (length: number) => {
          endWord();
          frame.started = false;
          frame.test = '';
          i += length;
          if (frames.length === 1 && state.pending.length === 0) boundary = i;
        };
        if (ch === '\\') {
          if (next !== '\n') startWord();
          i += 2; // an escaped character, or a line continuation
        } else if (frame.closer !== '' && ch === frame.closer) {
          endWord();
          frames.pop();
          i++;
        } else if (ch === "'") { startWord(); push({ kind: 'single' }); i++; }
        else if (ch === '"') { startWord(); push({ kind: 'double' }); i++; }
        else if (ch === '$' && next === "'") { startWord(); push({ kind: 'ansi' }); i += 2; }
        else if (ch === '$' && next === '(' && line[i + 2] === '(') { startWord(); push({ kind: 'arith', opener: '$((', depth: 2, brackets: 0 }); i += 3; }
        else if (ch === '$' && next === '(') { startWord(); push(codeFrame('$(', ')')); i += 2; }
        else if (ch === '$' && next === '{') { startWord(); push({ kind: 'brace' }); i += 2; }
        else if (ch === '`') { startWord(); push(codeFrame('`', '`')); i++; }
        else if (ch === '(' && !frame.inWord && next === '(' && !frame.started) { startWord(); push({ kind: 'arith', opener: '((', depth: 2, brackets: 0 }); i += 2; }
        else if (ch === '(' && frame.inWord && /[<>]/.test(line[i - 1] ?? '')) { push(codeFrame(`${line[i - 1] as string}(`, ')')); i++; }
        else if (ch === '(' && frame.inWord) { push({ kind: 'list' }); i++; }
        else if (ch === '(') { startWord(); push(codeFrame('(', ')')); i++; }
        else if (ch === '<' && next === '<' && line[i + 2] === '<') { startWord(); i += 3; }
        else if (ch === '#' && !frame.inWord) { push({ kind: 'comment' }); i++; }
        else if (ch === '<' && next === '<') {
          // `(?=(-?))\1` takes the dash whole (a lookahead is atomic): it is never given back to the word.
          const declared = /^<<(?=(-?))\1[ \t]*((?:[^\s;&|<>()'"\\]|'[^']*'|"[^"]*"|\\.)+)/.exec(line.slice(i, Math.min(i + 512, line.length)));
          startWord();
          if (declared) {
            const word = declared[2] as string;
            state.pending.push({ delimiter: word.replace(/['"\\]/g, ''), quoted: /['"\\]/.test(word), stripTabs: declared[1] === '-' });
            endWord();
            i += (declared[0] as string).length;
          } else {
            i += 2;
          }
        } else if (ch === '\n') {
          endStatement(1);
          const body = state.pending.shift();
          if (body) push({ kind: 'heredoc', heredoc: body, lineStart: true });
        } else if (ch === ';' || ((ch === '&' || ch === '|') && !/[<>]/.test(line[i - 1] ?? '') && !(ch === '&' && next === '>'))) {
          endStatement(next === ch || (ch === '|' && next === '&') || (ch === ';' && next === '&') ? 2 : 1);
        } else if (ch === ' ' || ch === '\t' || ch === '\r') {
          endWord();
          i++;
        } else {
          startWord();
          i++;
        }
        break;
      }
    }
  }
  const top = frames[frames.length - 1] as Frame;
  let resume = -1;
  if (top.kind === 'code' && top.inWord) resume = top.wordStart;
  else if (top.kind === 'heredoc' && !top.lineStart) resume = line.lastIndexOf('\n', i - 1) + 1;
  return { state, reached: Math.max(i, start), boundary, resume };
}
