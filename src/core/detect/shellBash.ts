/**
 * Walks a bash syntax tree for every simple command that runs: through keywords
 * (if, while, until, for, case, `!`), groups, pipelines, lists, function bodies, and
 * command and process substitutions wherever they appear (also inside double quotes,
 * heredoc bodies with an unquoted delimiter, assignments and redirection targets, as the
 * shell runs them). Comments, quoted text, heredoc text and redirection targets are
 * never taken for commands. Words come back as the shell would pass them, quotes and
 * backslashes removed; what only the running shell knows (`$HOME`, `$(…)`) is DYNAMIC.
 */
import type { SyntaxNode } from './shellParser';

/** Stands for text only known when the line runs (an expansion); it never matches a name. */
export const DYNAMIC = '\u0000';

/** One simple command's words (`argv` as the shell would build it). */
export type Words = readonly string[];

/**
 * The simple commands under `root`, one top-level statement at a time: the generator
 * yields after each, so a caller can pause a long walk.
 */
export function* bashCommands(root: SyntaxNode, out: Words[]): Generator<void, void, void> {
  for (const statement of root.namedChildren) {
    if (statement) visit(statement, out);
    yield;
  }
}

function visit(node: SyntaxNode, out: Words[]): void {
  switch (node.type) {
    case 'comment':
    case 'heredoc_start':
    case 'heredoc_end':
      return;
    case 'command':
      out.push(commandWords(node));
      break;
    case 'ERROR':
      errorRegion(node, out);
      return;
    case 'function_definition': {
      // The body runs when the function is called, which is why it is defined here.
      const body = node.childForFieldName('body');
      if (body) visit(body, out);
      return;
    }
  }
  // Substitutions and nested statements, wherever they are.
  for (const child of node.namedChildren) if (child) visit(child, out);
}

const WORD_NODES = new Set(['word', 'string', 'raw_string', 'ansi_c_string', 'translated_string', 'concatenation', 'simple_expansion',
  'expansion', 'number', 'variable_name', 'command_substitution', 'process_substitution', 'arithmetic_expansion', 'brace_expression']);
/** Keywords after which a command starts. */
const COMMAND_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', '{', '(', 'time', 'coproc']);
/** Keywords whose clause names variables and values, not commands (`for x in a b`). */
const VALUE_KEYWORDS = new Set(['for', 'select', 'case', 'function', 'in']);

/**
 * A region the grammar could not read (a fish block, a zsh form, a half-typed line):
 * its tokens, split at separators and keywords, are read as simple commands. Quoted
 * text is one token here too, so it never splits into commands.
 */
function errorRegion(node: SyntaxNode, out: Words[]): void {
  let words: string[] = [];
  let values = false;
  const end = () => {
    if (!values && words.length > 0) out.push(words);
    words = [];
    values = false;
  };
  const tokens = (region: SyntaxNode): void => {
    for (const child of region.children) {
      if (!child) continue;
      if (child.type === 'ERROR') {
        tokens(child);
      } else if (!child.isNamed) {
        end();
        if (VALUE_KEYWORDS.has(child.type)) values = true;
        else if (!COMMAND_KEYWORDS.has(child.type) && /^[a-z]+$/.test(child.type)) values = true; // fi, done, esac…: nothing follows
      } else if (WORD_NODES.has(child.type)) {
        words.push(child.type === 'variable_name' ? child.text : wordText(child));
        visit(child, out); // substitutions inside it run
      } else {
        end();
        visit(child, out);
      }
    }
  };
  tokens(node);
  end();
}

function commandWords(node: SyntaxNode): string[] {
  const words: string[] = [];
  const name = node.childForFieldName('name');
  if (!name) return words;
  words.push(commandNameText(name));
  for (const argument of node.childrenForFieldName('argument')) if (argument) words.push(wordText(argument));
  return words;
}

function commandNameText(name: SyntaxNode): string {
  const word = name.namedChildren[0];
  return word ? wordText(word) : DYNAMIC;
}

/** The text a word stands for once the shell has removed quotes and escapes. */
export function wordText(node: SyntaxNode): string {
  switch (node.type) {
    case 'word':
      // A Windows path typed where the shell is unknown keeps its backslashes as separators.
      // (`C:` after an assignment reaches here as `:\Tools\claude`).
      return /^([A-Za-z]?:\\|\\\\|\.{1,2}\\)/.test(node.text) ? node.text : unescapeWord(node.text);
    case 'number':
      return node.text;
    case 'raw_string':
      return node.text.slice(1, node.text.endsWith("'") && node.text.length > 1 ? -1 : undefined);
    case 'ansi_c_string':
      return decodeAnsiC(node.text.slice(2, node.text.endsWith("'") && node.text.length > 2 ? -1 : undefined));
    case 'string':
    case 'translated_string':
      return node.namedChildren.map((part) => (part?.type === 'string_content' ? unescapeDoubleQuoted(part.text) : DYNAMIC)).join('');
    case 'concatenation':
      return node.namedChildren.map((part) => (part ? wordText(part) : '')).join('');
    default:
      return DYNAMIC;
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
