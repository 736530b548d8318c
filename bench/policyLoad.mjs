// Policy load (parse + validate + merge) for 10 … 10,000 rules, against a bare
// yaml.parse and a bare js-yaml load (the parser the loader is built on) of the same
// text, measured in the same run.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load as jsYamlLoad } from 'js-yaml';
import { parse } from 'yaml';
import { median, ms, ROOT, saveResults, table, time } from './lib.mjs';

const require = createRequire(import.meta.url);
const { parsePolicy } = require(join(ROOT, 'out/src/core/policy/parsePolicy.js'));
const { mergeLayers } = require(join(ROOT, 'out/src/core/policy/mergeLayers.js'));
const { BUILT_IN_TOOLS } = require(join(ROOT, 'out/src/core/catalog.js'));

function policyWithRules(count) {
  const tools = BUILT_IN_TOOLS.map((t) => t.id);
  const lines = ['version: 1', 'organization: Bench Corp', 'timezone: Asia/Shanghai', 'rules:'];
  // Compact rules, so that 10,000 of them stay under the 1 MiB file limit.
  for (let i = 0; i < count; i++) {
    const date = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    lines.push(`  - { id: rule-${i}, tool: ${tools[i % tools.length]}, classification: high-risk, deadline: ${date} }`);
  }
  return `${lines.join('\n')}\n`;
}

const rows = [];
const results = [];
for (const count of [10, 100, 1000, 10000]) {
  const text = policyWithRules(count);
  const source = { layer: 'user', path: 'bench.yaml' };
  const runs = count >= 10000 ? 5 : count >= 1000 ? 10 : 30;
  const load = await time(() => {
    const result = parsePolicy(text, source);
    if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
    mergeLayers([{ layer: 'user', path: 'bench.yaml', status: 'ok', policy: result.policy, problems: [] }]);
  }, { runs });
  const bare = await time(() => parse(text), { runs });
  const bareJsYaml = await time(() => jsYamlLoad(text), { runs });
  const row = { rules: count, bytes: text.length, loadMs: median(load), yamlParseMs: median(bare), jsYamlLoadMs: median(bareJsYaml) };
  row.ratio = row.loadMs / row.yamlParseMs;
  results.push(row);
}
for (const [i, row] of results.entries()) {
  const growth = i === 0 ? '—' : `${(row.loadMs / results[i - 1].loadMs).toFixed(1)}× for 10× rules`;
  rows.push([row.rules, `${(row.bytes / 1024).toFixed(0)} KB`, ms(row.loadMs), ms(row.yamlParseMs), `${row.ratio.toFixed(2)}×`, ms(row.jsYamlLoadMs), `${(row.loadMs / row.jsYamlLoadMs).toFixed(2)}×`, growth]);
}
table('Policy load (parse + validate + merge) vs bare yaml.parse and bare js-yaml load, median', ['rules', 'size', 'load', 'yaml.parse', 'load / yaml.parse', 'js-yaml load', 'load / js-yaml', 'growth'], rows);
saveResults('policy-load', { results });
