/**
 * Walks a bash syntax tree for every simple command that runs: through keywords
 * (if, while, until, for, case, `!`), groups, pipelines, lists, function bodies, and
 * command and process substitutions wherever they appear (also inside double quotes,
 * heredoc bodies with an unquoted delimiter, assignments and redirection targets, as the
 * shell runs them). Comments, quoted text, heredoc text and redirection targets are
 * never taken for commands. Words come back as the shell would pass them, quotes and
 * backslashes removed; what only the running shell knows (`$HOME`, `$(…)`) is DYNAMIC.
 */
import { BudgetSpent, type ReadBudget } from './readBudget';
import type { SyntaxNode, TreeCursor } from './shellParser';

/** Stands for text only known when the line runs (an expansion); it never matches a name. */
export const DYNAMIC = '\u0000';

/**
 * A word that is a process substitution whose text the line gives (`<(echo claude)`):
 * the file it names holds that text. It begins and ends with DYNAMIC, so it is never
 * taken for a program's name; `fileText` gives the text back (a shell reading that file
 * runs it: `bash <(echo claude)`).
 */
const FILE_WITH_TEXT = `${DYNAMIC}\u0001`;

/** The text a process-substitution word's file holds, when the line gives it. */
export function fileText(word: string): string | undefined {
  return word.startsWith(FILE_WITH_TEXT) && word.endsWith(DYNAMIC) && word.length > FILE_WITH_TEXT.length ? word.slice(FILE_WITH_TEXT.length, -1) : undefined;
}

/**
 * One simple command's words (`argv` as the shell would build it), and the text it reads
 * on its standard input where the line itself gives it: a here-string (`bash <<< claude`),
 * a heredoc body (`bash <<EOF`), or what `echo`/`printf` before it in a pipeline print
 * (`echo claude | bash`). A shell that reads its script from there runs that text.
 */
export interface Words extends ReadonlyArray<string> {
  readonly stdin?: string;
}

/**
 * The simple commands under `root`, one top-level statement at a time: the generator
 * yields after each, so a caller can pause a long walk. The walk moves one cursor through
 * the tree instead of materialising nodes, which keeps long lines cheap. Every node
 * visited spends NODE_COST units of `budget`; when it is spent the walk throws BudgetSpent.
 */
export function* bashCommands(root: SyntaxNode, source: string, out: Words[], budget: ReadBudget): Generator<void, void, void> {
  const cursor = root.walk();
  // Text comes from the source by the node's offsets (UTF-16 units, as the parser reads a
  // JavaScript string): the cursor's own text getter copies the rest of the input each time.
  const walker = new Walker(cursor, source, out, budget);
  try {
    if (!cursor.gotoFirstChild()) return;
    do {
      walker.visit();
      yield;
    } while (cursor.gotoNextSibling());
  } finally {
    cursor.delete();
  }
}

/** Types that never hold a command, not even a substitution. */
const LEAVES = new Set(['word', 'number', 'raw_string', 'ansi_c_string', 'string_content', 'variable_name', 'comment', 'heredoc_start', 'heredoc_end', 'file_descriptor', 'special_variable_name', 'test_operator', 'regex']);

const WORD_NODES = new Set(['word', 'string', 'raw_string', 'ansi_c_string', 'translated_string', 'concatenation', 'simple_expansion',
  'expansion', 'number', 'variable_name', 'command_substitution', 'process_substitution', 'arithmetic_expansion', 'brace_expression']);
/** Keywords after which a command starts. */
const COMMAND_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', '{', '(', 'time', 'coproc']);
/** Keywords whose clause names variables and values, not commands (`for x in a b`). */
const VALUE_KEYWORDS = new Set(['for', 'select', 'case', 'function', 'in']);

/** Deeper than this, the walk goes on without recursion (`$($($(…` thousands deep). */
const MAX_RECURSION = 200;

/** Budget units a syntax node walked costs: walking one takes about as long as parsing eight characters. */
const NODE_COST = 8;

/** Process substitutions inside process substitutions whose printed text is worked out. */
const MAX_SUBSTITUTIONS = 2;

class Walker {
  private depth = 0;
  /** Process substitutions being worked out around the word being read. */
  private substitutions = 0;
  /** Standard input for the command visited next (from a pipeline or a redirection around it). */
  private stdinForNext: string | undefined;

  constructor(readonly cursor: TreeCursor, private readonly source: string, readonly out: Words[], private readonly budget: ReadBudget) {}

  private spend(): void {
    if (!this.budget.spend(NODE_COST)) throw new BudgetSpent();
  }

  private text(): string {
    return this.source.slice(this.cursor.startIndex, this.cursor.endIndex);
  }

  /** Each child of the cursor's node in turn; the cursor is back on the node afterwards. */
  eachChild(visitChild: () => void): void {
    const cursor = this.cursor;
    if (!cursor.gotoFirstChild()) return;
    do visitChild(); while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }

  visit(): void {
    const { cursor } = this;
    const stdin = this.stdinForNext;
    this.stdinForNext = undefined;
    if (!cursor.nodeIsNamed) return;
    const type = cursor.nodeType;
    if (LEAVES.has(type)) return;
    this.spend();
    if (this.depth > MAX_RECURSION) {
      this.visitFlat();
      return;
    }
    this.depth++;
    try {
      this.visitNode(type, stdin);
    } finally {
      this.depth--;
    }
  }

  private visitNode(type: string, stdin: string | undefined): void {
    const { cursor, out } = this;
    if (type === 'ERROR') {
      this.errorRegion();
      return;
    }
    if (type === 'command') {
      const words = this.commandWords();
      const input = this.hereString() ?? stdin;
      out.push(input === undefined ? words : Object.assign(words, { stdin: input }));
    }
    if (type === 'pipeline') {
      this.pipeline(stdin);
      return;
    }
    if (type === 'redirected_statement') {
      this.redirectedStatement(stdin);
      return;
    }
    if (type === 'function_definition') {
      // The body runs when the function is called, which is why it is defined here.
      this.eachChild(() => { if (cursor.currentFieldName === 'body') this.visit(); });
      return;
    }
    // Substitutions and nested statements, wherever they are.
    this.eachChild(() => this.visit());
  }

  /**
   * A pipeline's commands, each fed what the one before it prints when the line says
   * exactly what that is (`echo …`, `printf …`).
   */
  private pipeline(stdin: string | undefined): void {
    const { cursor, out } = this;
    let output = stdin;
    this.eachChild(() => {
      if (!cursor.nodeIsNamed) return; // `|`, `|&`
      const isCommand = cursor.nodeType === 'command';
      const at = out.length;
      this.stdinForNext = output;
      this.visit();
      output = isCommand && out.length > at ? printedText(out[at] as Words) : undefined;
    });
  }

  /** The text of a here-string on the command at the cursor (`bash <<< 'claude -p hi'`). */
  private hereString(): string | undefined {
    const { cursor } = this;
    let text: string | undefined;
    this.eachChild(() => {
      if (cursor.nodeType !== 'herestring_redirect') return;
      this.eachChild(() => { if (cursor.nodeIsNamed) text = this.wordText(); });
    });
    return text;
  }

  /**
   * A statement with redirections: a heredoc or here-string on it is its command's input
   * (it wins over a pipe). In `cat <<EOF | bash` the grammar puts the rest of the pipeline
   * inside the heredoc's redirection; what `cat` prints there is the heredoc's text.
   */
  private redirectedStatement(stdin: string | undefined): void {
    const { cursor, out } = this;
    let input: string | undefined;
    let heredoc: string | undefined;
    this.eachChild(() => {
      if (cursor.currentFieldName !== 'redirect') return;
      if (cursor.nodeType === 'herestring_redirect') {
        this.eachChild(() => { if (cursor.nodeIsNamed) input = this.wordText(); });
      } else if (cursor.nodeType === 'heredoc_redirect') {
        input = heredoc = this.heredocText();
      } else if (cursor.nodeType === 'file_redirect') {
        input = this.fileRedirectInput() ?? input;
      }
    });
    let body: Words | undefined;
    this.eachChild(() => {
      if (cursor.currentFieldName === 'body') {
        const at = out.length;
        this.stdinForNext = input ?? stdin;
        const isCommand = cursor.nodeType === 'command';
        this.visit();
        if (isCommand && out.length > at) body = out[at];
      } else if (cursor.nodeType === 'heredoc_redirect') {
        const printed = body && body[0] === 'cat' && body.slice(1).every((arg) => arg.startsWith('-')) ? heredoc : undefined;
        this.eachChild(() => {
          if (cursor.nodeType === 'pipeline') this.stdinForNext = printed;
          this.visit();
        });
      } else {
        this.visit();
      }
    });
  }

  /** `< <(echo claude)`: the text a process substitution feeds the command as its input. */
  private fileRedirectInput(): string | undefined {
    const { cursor } = this;
    let reads = false;
    let text: string | undefined;
    this.eachChild(() => {
      if (cursor.nodeType === '<') reads = true;
      else if (cursor.currentFieldName === 'destination' && cursor.nodeType === 'process_substitution') text = fileText(this.wordText());
    });
    return reads ? text : undefined;
  }

  /** The text of the heredoc at the cursor as its command reads it. */
  private heredocText(): string | undefined {
    const { cursor } = this;
    let quoted = false;
    let body: string | undefined;
    this.eachChild(() => {
      if (cursor.nodeType === 'heredoc_start') quoted = /['"\\]/.test(this.text());
      else if (cursor.nodeType === 'heredoc_body') body = this.text();
    });
    // Unquoted, the shell expands the body first: `\$`, `\``, `\\` lose their backslash.
    return body === undefined || quoted ? body : body.replace(/\\(\r?\n|[$`\\])/g, (_, ch: string) => (ch.endsWith('\n') ? '' : ch));
  }

  /**
   * The commands of the subtree at the cursor, in a loop instead of recursion: every
   * command node counts (keywords and error regions are not told apart this deep). The
   * depth below the start is counted here: the cursor's own `currentDepth` walks its
   * whole stack each time, which made a walk 40,000 levels deep quadratic.
   */
  private visitFlat(): void {
    const cursor = this.cursor;
    let below = 0;
    for (;;) {
      let enter = false;
      if (cursor.nodeIsNamed) {
        const type = cursor.nodeType;
        if (type === 'command') this.out.push(this.commandWords());
        enter = !LEAVES.has(type);
        if (enter) this.spend();
      }
      if (enter && cursor.gotoFirstChild()) {
        below++;
        continue;
      }
      for (;;) {
        if (below === 0) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        below--;
      }
    }
  }

  /**
   * A region the grammar could not read (a fish block, a zsh form, a half-typed line):
   * its tokens, split at separators and keywords, are read as simple commands. Quoted
   * text is one token here too, so it never splits into commands.
   */
  errorRegion(): void {
    const { cursor, out } = this;
    let words: string[] = [];
    let values = false;
    const end = () => {
      if (!values && words.length > 0) out.push(words);
      words = [];
      values = false;
    };
    const tokens = (): void => this.eachChild(() => {
      const type = cursor.nodeType;
      if (type === 'ERROR' && this.depth > MAX_RECURSION) {
        end();
        this.visitFlat();
      } else if (type === 'ERROR') {
        this.depth++;
        tokens();
        this.depth--;
      } else if (!cursor.nodeIsNamed) {
        end();
        if (VALUE_KEYWORDS.has(type)) values = true;
        else if (!COMMAND_KEYWORDS.has(type) && /^[a-z]+$/.test(type)) values = true; // fi, done, esac…: nothing follows
      } else if (WORD_NODES.has(type)) {
        words.push(type === 'variable_name' ? this.text() : this.wordText());
        this.visit(); // substitutions inside it run
      } else {
        end();
        this.visit();
      }
    });
    tokens();
    end();
  }

  commandWords(): string[] {
    const cursor = this.cursor;
    let name: string | undefined;
    const args: string[] = [];
    this.eachChild(() => {
      const field = cursor.currentFieldName;
      if (field === 'name') {
        name = DYNAMIC;
        this.eachChild(() => { if (cursor.nodeIsNamed && name === DYNAMIC) name = this.wordText(); });
      } else if (field === 'argument') {
        args.push(this.wordText());
      }
    });
    return name === undefined ? [] : [name, ...args];
  }

  /** The text of the word at the cursor once the shell has removed quotes and escapes. */
  wordText(): string {
    const cursor = this.cursor;
    switch (cursor.nodeType) {
      case 'word': {
        const text = this.text();
        // A Windows path typed where the shell is unknown keeps its backslashes as separators
        // (`C:` after an assignment reaches here as `:\Tools\claude`). `\\claude` is no UNC
        // path (that needs `\\server\share`): bash reads it as `\claude`.
        return /^([A-Za-z]?:\\|\\\\[^\\\s]+\\|\.{1,2}\\)/.test(text) ? text : unescapeWord(text);
      }
      case 'number':
        return this.text();
      case 'raw_string': {
        const text = this.text();
        return text.slice(1, text.endsWith("'") && text.length > 1 ? -1 : undefined);
      }
      case 'ansi_c_string': {
        const text = this.text();
        return decodeAnsiC(text.slice(2, text.endsWith("'") && text.length > 2 ? -1 : undefined));
      }
      case 'string':
      case 'translated_string': {
        let text = '';
        this.eachChild(() => {
          if (cursor.nodeIsNamed) text += cursor.nodeType === 'string_content' ? unescapeDoubleQuoted(this.text()) : DYNAMIC;
        });
        return text;
      }
      case 'concatenation': {
        let text = '';
        this.eachChild(() => { if (cursor.nodeIsNamed) text += this.wordText(); });
        return text;
      }
      case 'process_substitution': {
        const printed = this.substitutedText();
        return printed === undefined ? DYNAMIC : `${FILE_WITH_TEXT}${printed}${DYNAMIC}`;
      }
      default:
        return DYNAMIC;
    }
  }

  /** What the file of `<(echo …)` or `<(printf …)` at the cursor holds: its one command's output. */
  private substitutedText(): string | undefined {
    const { cursor } = this;
    // `<(echo <(echo …))`: only the outermost few are worked out (each is read again inside the one around it).
    if (this.substitutions >= MAX_SUBSTITUTIONS) return undefined;
    let reading = false;
    let commands = 0;
    let printed: string | undefined;
    this.eachChild(() => {
      if (cursor.nodeType === '<(') reading = true;
      else if (cursor.nodeIsNamed && ++commands === 1 && cursor.nodeType === 'command') {
        this.substitutions++;
        try {
          printed = printedText(this.commandWords());
        } finally {
          this.substitutions--;
        }
      }
    });
    return reading && commands === 1 ? printed : undefined;
  }
}

/** Longest text a command's input is taken from; past it, the input is not read as a script. */
const MAX_INPUT_CHARS = 64 * 1024;

/**
 * What `echo` or `printf` prints, when its words are all there is to it; an expansion
 * becomes `$_`, which a shell reading the text cannot take for a program name either.
 */
function printedText(words: Words): string | undefined {
  const [name, ...args] = words;
  let text: string | undefined;
  if (name === 'echo') {
    let k = 0;
    let escapes = false;
    for (; k < args.length && /^-[neE]+$/.test(args[k] as string); k++) {
      const last = /[eE](?!.*[eE])/.exec(args[k] as string)?.[0];
      if (last) escapes = last === 'e'; // the last of -e and -E wins
    }
    text = args.slice(k).join(' ');
    if (escapes) text = text.replace(/\\(n|t|\\)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : '\\'));
  } else if (name === 'printf') {
    const at = args[0] === '--' ? 1 : 0;
    if (args[at] === undefined || args[at] === '-v') return undefined; // `printf -v var` prints nothing
    text = printf(args[at] as string, args.slice(at + 1));
  }
  if (text === undefined || text.length > MAX_INPUT_CHARS) return undefined;
  return text.split(DYNAMIC).join('$_');
}

/** printf's output: `%s`-like conversions take the arguments in turn, the format repeats while any are left. */
function printf(format: string, args: readonly string[]): string {
  let out = '';
  let next = 0;
  for (let round = 0; round < 64; round++) {
    const before = next;
    out += format.replace(/%%|%[-+ #0-9.]*[a-zA-Z]|\\([ntr\\"'])/g, (match: string, escape: string | undefined) => {
      if (escape !== undefined) return escape === 'n' ? '\n' : escape === 't' ? '\t' : escape === 'r' ? '\r' : escape;
      if (match === '%%') return '%';
      return args[next++] ?? '';
    });
    if (next >= args.length || next === before || out.length > MAX_INPUT_CHARS) break;
  }
  return out;
}

function unescapeWord(text: string): string {
  return text.replace(/\\(\r?\n|[\s\S])/g, (_, ch: string) => (ch === '\n' || ch === '\r\n' ? '' : ch));
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\(\r?\n|["\\$`])/g, (_, ch: string) => (ch.endsWith('\n') ? '' : ch));
}

const C_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** `$'…'` text: `\n`, `\x41`, `\u0041`, `\101`, `\cA`. */
function decodeAnsiC(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|[\s\S])/g, (whole, escape: string) => {
    const head = escape[0] as string;
    if (head === 'x' || head === 'u' || head === 'U') {
      const code = parseInt(escape.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    if (/[0-7]/.test(head)) return String.fromCharCode(parseInt(escape, 8) & 0xff);
    if (head === 'c' && escape.length === 2) return String.fromCharCode(escape.charCodeAt(1) & 0x1f);
    return C_ESCAPES[head] ?? whole;
  });
}
