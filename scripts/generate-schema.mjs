// Writes policies/schema.json from the validator's own format description
// (src/core/policy/schema.ts), so the two never drift. `--check` fails when the
// committed file is out of date instead of writing it.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const out = 'out/generate-schema.cjs';
await esbuild.build({ entryPoints: ['src/core/policy/jsonSchema.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error' });
const { policyJsonSchema } = createRequire(import.meta.url)(`../${out}`);
const text = `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
const target = 'policies/schema.json';
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== text) {
    console.error(`${target} is out of date: run npm run schema`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
