// Bundle and package sizes against the budget; needs `npm run package` first.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, saveResults, table } from './lib.mjs';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const bundle = statSync(join(ROOT, 'dist/extension.js')).size;
const vsixPath = join(ROOT, `tool-policy-notices-${version}.vsix`);
const vsix = existsSync(vsixPath) ? statSync(vsixPath).size : undefined;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
table('Sizes', ['artifact', 'size', 'budget'], [
  ['dist/extension.js (minified)', kb(bundle), '≤ 200 KB'],
  // The 300 KB budget predates the shell parser (1.5 MB of WebAssembly, 270 KB zipped) and the
  // one-file command line, which carries its own compressed copy of that parser.
  [`tool-policy-notices-${version}.vsix`, vsix === undefined ? 'not built' : kb(vsix), '< 1 MB'],
]);
saveResults('bundle', { bundleBytes: bundle, vsixBytes: vsix });
