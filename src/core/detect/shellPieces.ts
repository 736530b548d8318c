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
  return new Scanner(line, start, end, state).run();
}

type CodeFrame = Extract<Frame, { kind: 'code' }>;

/** One pass of the lexical scan: one method per kind of frame the text is in. */
class Scanner {
  private i: number;
  /** The last place where a statement starts at the top level, or -1. */
  private boundary = -1;

  constructor(private readonly line: string, private readonly start: number, private readonly end: number, private readonly state: State) {
    this.i = start;
  }

  run(): Scan {
    const { frames } = this.state;
    while (this.i < this.end) {
      const frame = frames[frames.length - 1] as Frame;
      switch (frame.kind) {
        case 'single': this.single(); break;
        case 'ansi': this.ansi(); break;
        case 'comment': this.comment(); break;
        case 'heredoc': this.heredoc(frame); break;
        case 'arith': this.arith(frame); break;
        case 'list': this.list(); break;
        case 'double':
        case 'brace': this.quoted(frame.kind); break;
        case 'code': this.code(frame); break;
      }
    }
    const top = frames[frames.length - 1] as Frame;
    let resume = -1;
    if (top.kind === 'code' && top.inWord) resume = top.wordStart;
    else if (top.kind === 'heredoc' && !top.lineStart) resume = this.line.lastIndexOf('\n', this.i - 1) + 1;
    return { state: this.state, reached: Math.max(this.i, this.start), boundary: this.boundary, resume };
  }

  private push(frame: Frame): void {
    if (this.state.frames.length < MAX_FRAMES) this.state.frames.push(frame);
  }

  private pop(): void {
    this.state.frames.pop();
  }

  /** Long quoted text is skipped to its end at once. */
  private single(): void {
    const close = this.line.indexOf("'", this.i);
    if (close === -1 || close >= this.end) this.i = this.end;
    else { this.pop(); this.i = close + 1; }
  }

  private ansi(): void {
    const ch = this.line[this.i];
    if (ch === '\\') this.i++;
    else if (ch === "'") this.pop();
    this.i++;
  }

  /** A comment is skipped to the end of its line at once. */
  private comment(): void {
    const lineEnd = this.line.indexOf('\n', this.i);
    if (lineEnd === -1 || lineEnd >= this.end) this.i = this.end;
    else { this.pop(); this.i = lineEnd; }
  }

  /** A heredoc body is read a line at a time; the line that is the delimiter ends it. */
  private heredoc(frame: Extract<Frame, { kind: 'heredoc' }>): void {
    const { line, state } = this;
    const lineEnd = line.indexOf('\n', this.i);
    const stop = lineEnd === -1 ? line.length : lineEnd;
    if (stop >= this.end) {
      frame.lineStart = false;
      this.i = this.end;
      return;
    }
    let text = line.slice(this.i, stop).replace(/\r$/, '');
    if (frame.heredoc.stripTabs) text = text.replace(/^\t+/, '');
    const isEnd = frame.lineStart && text === frame.heredoc.delimiter;
    frame.lineStart = true;
    this.i = stop + 1;
    if (!isEnd) return;
    this.pop();
    const following = state.pending.shift();
    if (following) this.push({ kind: 'heredoc', heredoc: following, lineStart: true });
    else if (state.frames.length === 1) this.boundary = this.i;
  }

  /** Only substitutions inside arithmetic run; its words are numbers and variables. */
  private arith(frame: Extract<Frame, { kind: 'arith' }>): void {
    const ch = this.line[this.i];
    const next = this.line[this.i + 1];
    if (ch === '(') { frame.depth++; this.i++; }
    else if (ch === ')') { if (--frame.depth === 0) this.pop(); this.i++; }
    else if (ch === '[') { frame.brackets++; this.i++; }
    else if (ch === ']') { frame.brackets = Math.max(0, frame.brackets - 1); this.i++; }
    else if (ch === '$' && next === '(' && this.line[this.i + 2] !== '(') { this.push(codeFrame('$(', ')')); this.i += 2; }
    else if (ch === '`') { this.push(codeFrame('`', '`')); this.i++; }
    else this.i++;
  }

  /** An array's or a pattern's `( … )`: words, quotes and substitutions, no commands. */
  private list(): void {
    const ch = this.line[this.i];
    const next = this.line[this.i + 1];
    if (ch === '\\') this.i += 2;
    else if (ch === ')') { this.pop(); this.i++; }
    else if (ch === '"') { this.push({ kind: 'double' }); this.i++; }
    else if (ch === "'") { this.push({ kind: 'single' }); this.i++; }
    else if (ch === '$' && next === '(') { this.push(codeFrame('$(', ')')); this.i += 2; }
    else if (ch === '`') { this.push(codeFrame('`', '`')); this.i++; }
    else this.i++;
  }

  /** Double-quoted text and `${…}`; plain text in double quotes is skipped to the next special character at once. */
  private quoted(kind: 'double' | 'brace'): void {
    const { line, state } = this;
    const ch = line[this.i] as string;
    const next = line[this.i + 1];
    if (kind === 'double' && !SPECIAL_IN_DOUBLE.has(ch)) {
      SPECIAL_IN_DOUBLE_PATTERN.lastIndex = this.i;
      const special = SPECIAL_IN_DOUBLE_PATTERN.exec(line);
      this.i = special === null || special.index >= this.end ? this.end : special.index;
    } else if (ch === '\\') this.i += 2;
    else if ((kind === 'double' && ch === '"') || (kind === 'brace' && ch === '}')) { this.pop(); this.i++; }
    else if (ch === '$' && next === '(') { this.push(codeFrame('$(', ')')); this.i += 2; }
    else if (ch === '$' && next === '{') { this.push({ kind: 'brace' }); this.i += 2; }
    else if (ch === '`') { this.push(codeFrame('`', '`')); this.i++; }
    else if (kind === 'brace' && ch === '"') { this.push({ kind: 'double' }); this.i++; }
    else if (kind === 'brace' && ch === "'" && state.frames[state.frames.length - 2]?.kind !== 'double') { this.push({ kind: 'single' }); this.i++; }
    else this.i++;
  }

  /** Code: words, quotes, substitutions, groups, comments, heredocs and the ends of statements. */
  private code(frame: CodeFrame): void {
    const { line } = this;
    const ch = line[this.i] as string;
    const next = line[this.i + 1];
    if (ch === '\\') {
      if (next !== '\n') this.startWord(frame);
      this.i += 2; // an escaped character, or a line continuation
    } else if (frame.closer !== '' && ch === frame.closer) {
      this.endWord(frame);
      this.pop();
      this.i++;
    } else if (this.opens(frame, ch, next)) {
      // a quote, substitution, group or arithmetic: its frame is pushed
    } else if (ch === '#' && !frame.inWord) { this.push({ kind: 'comment' }); this.i++; }
    else if (ch === '<' && next === '<') this.heredocStart(frame);
    else if (ch === '\n') {
      this.endStatement(frame, 1);
      const body = this.state.pending.shift();
      if (body) this.push({ kind: 'heredoc', heredoc: body, lineStart: true });
    } else if (ch === ';' || ((ch === '&' || ch === '|') && !/[<>]/.test(line[this.i - 1] ?? '') && !(ch === '&' && next === '>'))) {
      this.endStatement(frame, next === ch || (ch === '|' && next === '&') || (ch === ';' && next === '&') ? 2 : 1);
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      this.endWord(frame);
      this.i++;
    } else {
      this.startWord(frame);
      this.i++;
    }
  }

  /** Quotes, substitutions, groups, arrays and arithmetic that open in code; false when `ch` opens none. */
  private opens(frame: CodeFrame, ch: string, next: string | undefined): boolean {
    const after = this.line[this.i + 2];
    let frameOpened: Frame;
    let length: number;
    if (ch === "'") [frameOpened, length] = [{ kind: 'single' }, 1];
    else if (ch === '"') [frameOpened, length] = [{ kind: 'double' }, 1];
    else if (ch === '$' && next === "'") [frameOpened, length] = [{ kind: 'ansi' }, 2];
    else if (ch === '$' && next === '(' && after === '(') [frameOpened, length] = [{ kind: 'arith', opener: '$((', depth: 2, brackets: 0 }, 3];
    else if (ch === '$' && next === '(') [frameOpened, length] = [codeFrame('$(', ')'), 2];
    else if (ch === '$' && next === '{') [frameOpened, length] = [{ kind: 'brace' }, 2];
    else if (ch === '`') [frameOpened, length] = [codeFrame('`', '`'), 1];
    else if (ch === '(' && !frame.inWord && next === '(' && !frame.started) [frameOpened, length] = [{ kind: 'arith', opener: '((', depth: 2, brackets: 0 }, 2];
    else if (ch === '(' && frame.inWord && /[<>]/.test(this.line[this.i - 1] ?? '')) {
      // `<(` and `>(`: the word already started with the `<`.
      this.push(codeFrame(`${this.line[this.i - 1] as string}(`, ')'));
      this.i++;
      return true;
    } else if (ch === '(' && frame.inWord) {
      this.push({ kind: 'list' });
      this.i++;
      return true;
    } else if (ch === '(') [frameOpened, length] = [codeFrame('(', ')'), 1];
    else if (ch === '<' && next === '<' && after === '<') {
      this.startWord(frame);
      this.i += 3;
      return true;
    } else return false;
    this.startWord(frame);
    this.push(frameOpened);
    this.i += length;
    return true;
  }

  /** `<<EOF`, `<<-'EOF'`: a heredoc whose body begins at the next line break. */
  private heredocStart(frame: CodeFrame): void {
    const { line } = this;
    // `(?=(-?))\1` takes the dash whole (a lookahead is atomic): it is never given back to the word.
    const declared = /^<<(?=(-?))\1[ \t]*((?:[^\s;&|<>()'"\\]|'[^']*'|"[^"]*"|\\.)+)/.exec(line.slice(this.i, Math.min(this.i + 512, line.length)));
    this.startWord(frame);
    if (!declared) {
      this.i += 2;
      return;
    }
    const word = declared[2] as string;
    this.state.pending.push({ delimiter: word.replace(/['"\\]/g, ''), quoted: /['"\\]/.test(word), stripTabs: declared[1] === '-' });
    this.endWord(frame);
    this.i += (declared[0] as string).length;
  }

  private startWord(frame: CodeFrame): void {
    if (frame.inWord) return;
    frame.inWord = true;
    frame.wordStart = this.i;
    frame.firstWord = !frame.started;
    frame.started = true;
  }

  private endWord(frame: CodeFrame): void {
    if (!frame.inWord) return;
    frame.inWord = false;
    // `A=1 claude`, `if claude`, `! claude`: the next word is still a command's name.
    // (Only a command's first word and a test's last are looked at: most words are neither.)
    if (frame.firstWord) {
      const word = this.line.slice(frame.wordStart, Math.min(this.i, frame.wordStart + 256));
      if (COMMAND_WORDS.has(word) || /^[A-Za-z_]\w*\+?=/.test(word)) frame.started = false;
      if (word === '[' || word === '[[') frame.test = word === '[' ? ' ]' : ' ]]';
    } else if (frame.test !== '' && this.i - frame.wordStart <= 2 && this.line[frame.wordStart] === ']') {
      frame.test = '';
    }
  }

  private endStatement(frame: CodeFrame, length: number): void {
    this.endWord(frame);
    frame.started = false;
    frame.test = '';
    this.i += length;
    if (this.state.frames.length === 1 && this.state.pending.length === 0) this.boundary = this.i;
  }
}
