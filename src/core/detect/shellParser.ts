/**
 * The bash grammar, parsed by tree-sitter (web-tree-sitter with tree-sitter-bash, the
 * parser VS Code itself uses for terminal command lines). It recovers from errors, so a
 * zsh, fish or half-typed line still yields the commands it can see. Loading compiles two
 * WebAssembly modules (about 1.6 MB), so callers load it once, on first need, and pass the
 * bytes in: this module reads no files.
 */
import { Language, Parser, type Node, type Tree, type TreeCursor as Cursor } from 'web-tree-sitter';

export type SyntaxNode = Node;
export type TreeCursor = Cursor;

export interface BashSyntax {
  /** Parses at once; for input that fits in one slice of work (see `parseSliced`). */
  parse(text: string): Tree;
  /**
   * Parses in slices of at most `sliceMs` of work each, waiting on `pause` between slices,
   * so a long input never holds the caller's thread for longer than one slice.
   */
  parseSliced(text: string, sliceMs: number, pause: () => Promise<void>): Promise<Tree>;
}

let runtime: Promise<void> | undefined;

/** Loads the tree-sitter runtime and the bash grammar from their WebAssembly bytes. */
export async function loadBashSyntax(runtimeWasm: Uint8Array, grammarWasm: Uint8Array): Promise<BashSyntax> {
  runtime ??= Parser.init({ wasmBinary: runtimeWasm });
  await runtime;
  const bash = await Language.load(grammarWasm);
  const parser = new Parser();
  parser.setLanguage(bash);
  // Sliced parses run one at a time on their own parser, so a quick parse in between
  // cannot reset one that is paused.
  const slicedParser = new Parser();
  slicedParser.setLanguage(bash);
  let queue: Promise<unknown> = Promise.resolve();
  return {
    parse(text) {
      parser.reset();
      const tree = parser.parse(text);
      if (!tree) throw new Error('the shell parser returned no tree');
      return tree;
    },
    parseSliced(text, sliceMs, pause) {
      const run = async (): Promise<Tree> => {
        slicedParser.reset();
        for (;;) {
          const started = performance.now();
          // Returning true halts the parse; the next call resumes where it stopped.
          const progressCallback = (() => performance.now() - started > sliceMs) as unknown as () => void;
          const tree = slicedParser.parse(text, null, { progressCallback });
          if (tree) return tree;
          await pause();
        }
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
