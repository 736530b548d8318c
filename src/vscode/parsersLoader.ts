import * as path from 'node:path';
import type { CommandLineReader } from '../core/detect/commandLine';

export type ParsersBundle = typeof import('./parsersBundle');

/** The parsers bundle and the shell parser, each loaded once, on first use. */
export interface Parsers {
  bundle(): Promise<ParsersBundle>;
  reader(): Promise<CommandLineReader>;
}

/**
 * Loads dist/parsers.js and the shell parser from the extension's dist/ folder. A failure
 * is remembered, not retried in a loop: each caller gets the same error.
 */
export function createParsers(distDir: string): Parsers {
  let bundlePromise: Promise<ParsersBundle> | undefined;
  let readerPromise: Promise<CommandLineReader> | undefined;
  const bundle = () => {
    bundlePromise ??= (async () => {
      // A computed path keeps esbuild from bundling it into the activation bundle.
      const file = path.join(distDir, 'parsers.js');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded at run time
      return require(file) as ParsersBundle;
    })();
    return bundlePromise;
  };
  return {
    bundle,
    reader() {
      readerPromise ??= bundle().then((loaded) => loaded.loadReader(distDir));
      return readerPromise;
    },
  };
}
