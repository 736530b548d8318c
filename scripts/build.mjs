// Bundles the extension with esbuild: one CommonJS file, `vscode` left external, plus the
// policy reader's worker thread as a file of its own (dist/policyWorker.js), loaded only
// when a policy is read.
// --production minifies and drops source maps (for the .vsix); otherwise maps are kept
// for debugging and host tests.
// dist/parsers.js is a second bundle the extension loads on first need (the shell
// parser and the MCP config parser); the parser's WebAssembly files are copied beside it.
// dist/migration.js, likewise, is "Move my setup", loaded when a person first asks for a move.
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  outfile: 'dist/extension.js',
  external: ['vscode'],
  // js-yaml's ES-module build (the same code as its CommonJS one) lets esbuild drop what
  // a bundle never calls, such as writing YAML; the activation bundle calls none of it.
  alias: {
    'js-yaml': './node_modules/js-yaml/dist/js-yaml.mjs',
    // The CommonJS build: its ES-module build locates its WebAssembly through import.meta.
    'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs',
    // The ES-module build: the UMD one hides its own modules from the bundler.
    'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js',
  },
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  metafile: true,
};

const lazyOptions = { ...options, entryPoints: ['src/vscode/parsersBundle.ts'], outfile: 'dist/parsers.js' };
const migrationOptions = { ...options, entryPoints: ['src/vscode/migrationBundle.ts'], outfile: 'dist/migration.js' };
const workerOptions = { ...options, entryPoints: ['src/machine/policyParseWorkerMain.ts'], outfile: 'dist/policyWorker.js' };
// The thread that plans and applies "Move my setup" in the editor.
const moveWorkerOptions = { ...options, entryPoints: ['src/machine/migrate/moveWorkerMain.ts'], outfile: 'dist/moveWorker.js' };

const require = createRequire(import.meta.url);
function copyParserFiles() {
  mkdirSync('dist', { recursive: true });
  copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
  copyFileSync(join(dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm'), 'dist/tree-sitter-bash.wasm');
}

/**
 * The shell parser's WebAssembly, embedded in the command line brotli-compressed
 * (1.5 MB → 0.2 MB) and decompressed when first imported: every start of dist/cli.js
 * parses the whole file, so its size is start-up time.
 */
const compressedWasm = {
  name: 'compressed-wasm',
  setup(build) {
    build.onLoad({ filter: /\.wasm$/ }, (args) => {
      const packed = brotliCompressSync(readFileSync(args.path), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } });
      // An ES-module-shaped export: esbuild's interop copies every own property of a
      // CommonJS export, and a Buffer's own properties are its 1.4 million bytes (4 s and
      // 400 MB at every first use).
      return { loader: 'js', contents: `exports.__esModule = true; exports.default = require('node:zlib').brotliDecompressSync(Buffer.from(${JSON.stringify(packed.toString('base64'))}, 'base64'));` };
    });
  },
};

// The command line (`tool-policy`): one file that runs on Node 20 with no node_modules,
// also shipped in the .vsix. It also writes YAML (the Fleet export).
const cliOptions = {
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: 'dist/cli.js',
  plugins: [compressedWasm],
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  banner: { js: '#!/usr/bin/env node' },
  // jsonc-parser's UMD build requires its parts at run time; its ES module build bundles.
  mainFields: ['module', 'main'],
  define: { TOOL_POLICY_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  metafile: true,
};

const builds = [options, lazyOptions, migrationOptions, workerOptions, moveWorkerOptions, cliOptions];
copyParserFiles();
if (watch) {
  const contexts = await Promise.all(builds.map((build) => esbuild.context(build)));
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  console.log('[build] watching src/ …');
} else {
  const results = await Promise.all(builds.map((build) => esbuild.build(build)));
  for (const result of results) {
    const [file, output] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint) ?? ['?', { bytes: 0 }];
    console.log(`[build] ${file} ${(output.bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
  }
  chmodSync('dist/cli.js', 0o755);
}
