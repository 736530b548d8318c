import * as path from 'node:path';
import type { CommandLineReader } from '../core/detect/commandLine';

export type LazyDetectors = typeof import('./lazyDetectors');

/** Loaded parts of the extension, each once, on first use. */
export interface Detectors {
  module(): Promise<LazyDetectors>;
  reader(): Promise<CommandLineReader>;
  /** The reader if it has loaded (matching is synchronous after that). */
  readonly loadedReader: CommandLineReader | undefined;
  /** The module if it has loaded. */
  readonly loadedModule: LazyDetectors | undefined;
  /** How long loading the module and the shell parser took, for the benchmarks. */
  readonly loadMs: { module?: number; reader?: number };
}

/**
 * Loads dist/detectors.js and the shell parser from the extension's dist/ folder. A
 * failure is remembered, not retried in a loop: each caller gets the same error.
 */
export function createDetectors(distDir: string): Detectors {
  let modulePromise: Promise<LazyDetectors> | undefined;
  let readerPromise: Promise<CommandLineReader> | undefined;
  const state: { loadedReader: CommandLineReader | undefined; loadedModule: LazyDetectors | undefined; loadMs: Detectors['loadMs'] } = { loadedReader: undefined, loadedModule: undefined, loadMs: {} };
  const module = () => {
    modulePromise ??= (async () => {
      const started = performance.now();
      // A computed path keeps esbuild from bundling it into the activation bundle.
      const file = path.join(distDir, 'detectors.js');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded at run time
      const loaded = require(file) as LazyDetectors;
      state.loadMs.module = performance.now() - started;
      state.loadedModule = loaded;
      return loaded;
    })();
    return modulePromise;
  };
  return {
    module,
    reader() {
      readerPromise ??= module().then(async (loaded) => {
        const started = performance.now();
        const reader = await loaded.loadReader(distDir);
        state.loadMs.reader = performance.now() - started;
        state.loadedReader = reader;
        return reader;
      });
      return readerPromise;
    },
    get loadedReader() {
      return state.loadedReader;
    },
    get loadedModule() {
      return state.loadedModule;
    },
    loadMs: state.loadMs,
  };
}
