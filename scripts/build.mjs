// Bundles the extension with esbuild: one CommonJS file, `vscode` left external, plus the
// policy reader's worker thread as a file of its own (dist/policyWorker.js), loaded only
// when a policy is read.
// --production minifies and drops source maps (for the .vsix); otherwise maps are kept
// for debugging and host tests.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const options = {
  entryPoints: { extension: 'src/extension.ts', policyWorker: 'src/machine/policyParseWorkerMain.ts' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  outdir: 'dist',
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

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('[build] watching src/ …');
} else {
  const result = await esbuild.build(options);
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (output.entryPoint) console.log(`[build] ${file} ${(output.bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
  }
}
