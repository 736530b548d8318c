import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { home, runCli, tempDir } from './helpers';

// Text from a policy that once took a regular expression of the text output quadratic
// time (minutes at 1 MiB): the scan now prints it as it prints a short one.
describe('tool-policy scan: hostile policy text', () => {
  it('a reason with a long run of spaces and no line break is printed whole and wrapped', async () => {
    const dir = tempDir('hostile-text-');
    try {
      const file = path.join(dir, 'policy.yaml');
      const spaces = ' '.repeat(400_000);
      fs.writeFileSync(file, [
        'version: 1', 'organization: Fixture Org', 'timezone: UTC',
        'tools:', '  - id: acme-helper', '    name: ACME Helper', '    extensions: ["acme.helper-*"]',
        'rules:', '  - id: acme-retire', '    tool: acme-helper', `    reason: "Sends${spaces}code\\n  away."`, '    alternative: { name: Qoder }', '',
      ].join('\n'));
      const run = await runCli(['scan', '--policy', file, '--home', home('many-editors'), '--now', '2026-12-02']);
      assert.equal(run.code, 2, run.stderr);
      const why = run.stdout.slice(run.stdout.indexOf('Why: '));
      assert.match(why, /^Why: Sends/);
      assert.match(why.replace(/\s+/g, ' '), /^Why: Sends code away\./);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
