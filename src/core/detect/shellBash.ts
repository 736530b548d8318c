/**
 * Walks a bash syntax tree for every simple command that runs: through keywords
 * (if, while, until, for, case, `!`), groups, pipelines, lists, function bodies, and
 * command and process substitutions wherever they appear (also inside double quotes,
 * heredoc bodies with an unquoted delimiter, assignments and redirection targets, as the
 * shell runs them). Comments, quoted text, heredoc text and redirection targets are
 * never taken for commands. Words come back as the shell would pass them, quotes and
 * backslashes removed; what only the running shell knows (`$HOME`, `$(…)`) is DYNAMIC.
 */
import type { SyntaxNode, TreeCursor } from './shellParser';

/** Stands for text only known when the line runs (an expansion); it never matches a name. */
export const DYNAMIC = '\u0000';

/** One simple command's words (`argv` as the shell would build it). */
export type Words = readonly string[];

/**
 * The simple commands under `root`, one top-level statement at a time: the generator
 * yields after each, so a caller can pause a long walk. The walk moves one cursor through
 * the tree instead of materialising nodes, which keeps long lines cheap.
 */
export function* bashCommands(root: SyntaxNode, source: string, out: Words[]): Generator<void, void, void> {
  const cursor = root.walk();
  // Text comes from the source by the node's offsets (UTF-16 units, as the parser reads a
  // JavaScript string): the cursor's own text getter copies the rest of the input each time.
  const walker = new Walker(cursor, source, out);
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

class Walker {
  private depth = 0;

  constructor(readonly cursor: TreeCursor, private readonly source: string, readonly out: Words[]) {}

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
    if (!cursor.nodeIsNamed) return;
    const type = cursor.nodeType;
    if (LEAVES.has(type)) return;
    if (this.depth > MAX_RECURSION) {
      this.visitFlat();
      return;
    }
    this.depth++;
    try {
      this.visitNode(type);
    } finally {
      this.depth--;
    }
  }

  private visitNode(type: string): void {
    const { cursor, out } = this;
    if (type === 'ERROR') {
      this.errorRegion();
      return;
    }
    if (type === 'command') out.push(this.commandWords());
    if (type === 'function_definition') {
      // The body runs when the function is called, which is why it is defined here.
      this.eachChild(() => { if (cursor.currentFieldName === 'body') this.visit(); });
      return;
    }
    // Substitutions and nested statements, wherever they are.
    this.eachChild(() => this.visit());
  }

  /**
   * The commands of the subtree at the cursor, in a loop instead of recursion: every
   * command node counts (keywords and error regions are not told apart this deep).
   */
  private visitFlat(): void {
    const cursor = this.cursor;
    const top = cursor.currentDepth;
    for (;;) {
      let enter = false;
      if (cursor.nodeIsNamed) {
        const type = cursor.nodeType;
        if (type === 'command') this.out.push(this.commandWords());
        enter = !LEAVES.has(type);
      }
      if (enter && cursor.gotoFirstChild()) continue;
      for (;;) {
        if (cursor.currentDepth === top) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
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
        // (`C:` after an assignment reaches here as `:\Tools\claude`).
        return /^([A-Za-z]?:\\|\\\\|\.{1,2}\\)/.test(text) ? text : unescapeWord(text);
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
      default:
        return DYNAMIC;
    }
  }
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
