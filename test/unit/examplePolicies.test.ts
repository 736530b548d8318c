import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { REPO_ROOT } from './helpers';

describe('example policies', () => {
  const dir = path.join(REPO_ROOT, 'policies');
  const files = fs.readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));

  it('are the ones the README describes', () => {
    assert.deepEqual(files.sort(), ['alibaba-claude-code.yaml', 'all-assistants-except-sanctioned.yaml', 'team-workspace.yaml']);
  });

  for (const name of files) {
    it(`${name} loads without errors`, () => {
      const result = parsePolicy(fs.readFileSync(path.join(dir, name)), { layer: 'user', path: name });
      assert.ok(result.ok, JSON.stringify(!result.ok && result.problems, null, 2));
    });
  }
});
