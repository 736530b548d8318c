import * as assert from 'node:assert/strict';
import { formatSarif } from '../../src/cli/formatSarif';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import type { ReportFinding, ScanReport } from '../../src/core/report/scanReport';
import { loadOk } from '../unit/helpers';

const SEARCHES = ['indexOf', 'lastIndexOf', 'includes', 'find', 'findIndex', 'findLast', 'findLastIndex'] as const;

/**
 * Runs `work` while every linear search of an array at least `longerThan` long adds that
 * array's length to the count: how many items searches may have looked at, whatever array
 * (the rules, or a list made from them) they ran over.
 */
function itemsSearched<T>(longerThan: number, work: () => T): { result: T; items: number } {
  const prototype = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = SEARCHES.map((name) => [name, prototype[name]!] as const);
  let items = 0;
  for (const [name, original] of originals) {
    prototype[name] = function (this: unknown[], ...args: unknown[]) {
      if (this.length >= longerThan) items += this.length;
      return original.apply(this, args);
    };
  }
  try {
    return { result: work(), items };
  } finally {
    for (const [name, original] of originals) prototype[name] = original;
  }
}

function finding(ruleId: string): ReportFinding {
  return { id: `${ruleId}/claude-code`, ruleId, toolId: 'claude-code', toolName: 'Claude Code', title: 'Claude Code is not permitted', phase: 'violation', active: true, enforce: 'notify', timezone: 'UTC', policyFile: 'policy.yaml', evidence: [] };
}

describe('SARIF of many findings', () => {
  // A finding's rule was once found by a scan of every rule: findings × rules steps, over a
  // minute for 57,000 findings of as many rules (three 1 MiB policy layers of "*" rules).
  it('finds each result\'s rule index with a constant number of reads of the rules, however many there are', () => {
    const count = 2_000;
    const text = ['version: 1', 'organization: Scale Org', 'timezone: UTC', 'rules:', ...Array.from({ length: count }, (_, i) => `  - {id: r${i}, tool: claude-code, alternative: {name: Qoder}}`), ''].join('\n');
    const policy = mergeLayers([{ layer: 'user', path: 'policy.yaml', status: 'ok', policy: loadOk(text), problems: [] }]);
    const findings = [...Array.from({ length: count }, (_, i) => finding(`r${count - 1 - i}`)), finding('no-such-rule')];
    const report = { tool: { name: 'tool-policy', version: '0.0.0' }, host: 'host', home: '/home/me', owner: { user: 'me', groups: [] }, processOwners: 'owner', status: 'violation', exitCode: 2, policies: [], scanProblems: [], findings } as unknown as ScanReport;

    const { result, items } = itemsSearched(count, () => formatSarif(report, policy, 'en'));
    const sarif = JSON.parse(result) as { runs: Array<{ results: Array<{ ruleId: string; ruleIndex?: number }> }> };

    const results = sarif.runs[0]?.results ?? [];
    assert.deepEqual(results.slice(0, 2).map((r) => [r.ruleId, r.ruleIndex]), [[`r${count - 1}`, count - 1], [`r${count - 2}`, count - 2]]);
    assert.equal(results.at(-1)?.ruleIndex, undefined, 'a finding of no rule in the policy has no index');
    // A search of the rules per finding would look at millions of items.
    assert.ok(items <= 4 * count, `searches looked at ${items} items of lists of ${count} rules for ${findings.length} findings`);
  });
});
