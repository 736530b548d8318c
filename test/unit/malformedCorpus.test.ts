import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { REPO_ROOT } from './helpers';

/**
 * Every file in test/fixtures/malformed starts with `# expect: LINE:COL text` (or just
 * `# expect: text`): loading it must fail with a problem at that place whose
 * "path: message" contains the text.
 */
describe('malformed policy corpus', () => {
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'malformed');
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();

  for (const name of files) {
    it(name, () => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const header = /^# expect: (?:(\d+):(\d+) )?(.*)$/m.exec(text.split('\n')[0] ?? '');
      assert.ok(header, 'the first line must be "# expect: …"');
      const [, line, column, expected = ''] = header;
      const result = parsePolicy(text, { layer: 'user', path: name });
      assert.ok(!result.ok, 'the policy must not load');
      const described = result.problems.map((p) => ({ ...p, text: p.path ? `${p.path}: ${p.message}` : p.message }));
      const match = described.find((p) => p.text.includes(expected) && (line === undefined || (p.line === Number(line) && p.column === Number(column))));
      assert.ok(match, `expected ${line ?? '?'}:${column ?? '?'} "${expected}", got:\n${described.map((p) => `  ${p.line}:${p.column} ${p.text}`).join('\n')}`);
    });
  }
});
