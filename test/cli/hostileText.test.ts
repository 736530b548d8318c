import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CAUGHT_EXTENSION, starRulesOverManyTools } from '../unit/combinatorialPolicies';
import { home, runCli, tempDir } from './helpers';

// Policies that once took the scan's output minutes: a regular expression of the text
// output that rescanned runs of spaces, and SARIF rule descriptors that named (and looked
// up, tool by tool) every tool of every "*" rule. What is asserted is the output.
describe('tool-policy scan: hostile policies in every output format', () => {
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

  it('SARIF for thousands of "*" rules over thousands of tools: one result per rule, each rule\'s tools written as "*"', async () => {
    const dir = tempDir('hostile-sarif-');
    try {
      const kase = starRulesOverManyTools(128 * 1024);
      const file = path.join(dir, 'policy.yaml');
      fs.writeFileSync(file, kase.layers[0] as string);
      const extension = path.join(dir, 'home', '.vscode', 'extensions', `${CAUGHT_EXTENSION.id}-${CAUGHT_EXTENSION.version}`);
      fs.mkdirSync(extension, { recursive: true });
      fs.writeFileSync(path.join(extension, 'package.json'), JSON.stringify({ publisher: CAUGHT_EXTENSION.publisher, name: CAUGHT_EXTENSION.name, version: CAUGHT_EXTENSION.version }));
      const run = await runCli(['scan', '--policy', file, '--home', path.join(dir, 'home'), '--format', 'sarif']);
      assert.equal(run.code, 2, run.stderr);
      const sarif = JSON.parse(run.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ properties: { tools: string[] } }> } }; results: Array<{ message: { text: string } }> }> };
      const [only] = sarif.runs;
      // The caught tool's results (a process of this machine's may add others).
      assert.equal(only?.results.filter((result) => result.message.text.startsWith('t0: ')).length, kase.rules);
      assert.equal(only?.tool.driver.rules.length, kase.rules);
      assert.ok(only?.tool.driver.rules.every((rule) => rule.properties.tools.length === 1 && rule.properties.tools[0] === '*'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
