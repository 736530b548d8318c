// Bundles the extension with esbuild: one CommonJS file, `vscode` left external.
// --production minifies and drops source maps (for the .vsix); otherwise maps are kept
// for debugging and host tests.
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

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
  // yaml's ES-module build (the same code as its CommonJS one) lets esbuild drop what
  // the extension never calls, such as stringifying; it keeps the bundle in budget.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  metafile: true,
};

// The command line (`tool-policy`): one file that runs on Node 20 with no node_modules,
// also shipped in the .vsix. It needs the whole yaml package (the Fleet export writes YAML).
const cliOptions = {
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: 'dist/cli.js',
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

if (watch) {
  const contexts = await Promise.all([esbuild.context(options), esbuild.context(cliOptions)]);
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  console.log('[build] watching src/ …');
} else {
  const results = await Promise.all([esbuild.build(options), esbuild.build(cliOptions)]);
  for (const result of results) {
    const [file, output] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint) ?? ['?', { bytes: 0 }];
    console.log(`[build] ${file} ${(output.bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
  }
  chmodSync('dist/cli.js', 0o755);
}
