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

/**
 * Asked now and then while a parse runs (every hundred or so steps of the parser, with
 * whether it has met an error yet); true gives the parse up. Some inputs make the
 * grammar's error recovery hundreds of times slower per character than a valid line
 * (`)` after `)` after `)`…), so every parse of untrusted text has a way to stop.
 */
export type StopParse = (state: { readonly hasError: boolean }) => boolean;

export interface BashSyntax {
  /** Parses at once; undefined when `stop` gave the parse up. */
  parse(text: string, stop?: StopParse): Tree | undefined;
  /**
   * Parses in slices of at most `sliceMs` of work each, waiting on `pause` between slices,
   * so a long input never holds the caller's thread for longer than one slice; undefined
   * when `stop` gave the parse up.
   */
  parseSliced(text: string, sliceMs: number, pause: () => Promise<void>, stop?: StopParse): Promise<Tree | undefined>;
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
  // The callback's `true` halts a parse; web-tree-sitter's types call its result void.
  const progress = (callback: (state: { hasError: unknown }) => boolean) => ({ progressCallback: callback as unknown as () => void });
  return {
    parse(text, stop) {
      parser.reset();
      let stopped = false;
      const tree = parser.parse(text, null, stop ? progress((state) => (stopped = stop({ hasError: Boolean(state.hasError) }))) : undefined);
      if (tree) return tree;
      if (stopped) return undefined;
      throw new Error('the shell parser returned no tree');
    },
    parseSliced(text, sliceMs, pause, stop) {
      const run = async (): Promise<Tree | undefined> => {
        slicedParser.reset();
        let stopped = false;
        for (;;) {
          const started = performance.now();
          // Halted for the slice, the next call resumes where it stopped; halted by `stop`, it is given up.
          const tree = slicedParser.parse(text, null, progress((state) => (stopped = stop?.({ hasError: Boolean(state.hasError) }) ?? false) || performance.now() - started > sliceMs));
          if (tree) return tree;
          if (stopped) return undefined;
          await pause();
        }
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
