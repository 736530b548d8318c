import * as assert from 'node:assert/strict';
import { formatSarif } from '../../src/cli/formatSarif';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import type { ReportFinding, ScanReport } from '../../src/core/report/scanReport';
import { itemsSearched, loadOk } from '../unit/helpers';

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

  it('writes each result from its own evidence: every place once, none for a process, one piece shared by many findings described alike', () => {
    const policy = mergeLayers([{ layer: 'user', path: 'policy.yaml', status: 'ok', policy: loadOk('version: 1\norganization: Org\ntimezone: UTC\nrules:\n  - {id: a, tool: claude-code}\n  - {id: b, tool: claude-code}\n'), problems: [] }]);
    const extension = { kind: 'extension', id: 'anthropic.claude-code', version: '2.0.0', folder: '/home/me/.vscode/extensions/anthropic.claude-code-2.0.0' } as const;
    const mcp = { kind: 'mcp', file: '/home/me/.claude.json', server: 's', commandLine: 'claude mcp serve' } as const;
    const sameFile = { kind: 'mcp', file: '/home/me/.claude.json', server: 't', commandLine: 'claude' } as const;
    const process = { kind: 'process', pid: 7, name: 'claude', commandLine: 'claude', owner: { uid: 1000, user: 'me' } } as const;
    const findings: ReportFinding[] = [
      { ...finding('a'), evidence: [extension, mcp, sameFile, process], firstSeen: '2026-01-01T00:00:00.000Z' },
      { ...finding('b'), evidence: [extension], exception: { until: '2026-12-31', reason: 'Pilot' }, phase: 'excepted', acknowledged: { at: '2026-02-01T00:00:00.000Z', phase: 'violation' } },
      { ...finding('a'), id: 'a/other', evidence: [extension] },
      { ...finding('b'), id: 'b/process', evidence: [process], deadline: '2026-07-10' },
    ];
    const report = { tool: { name: 'tool-policy', version: '0.0.0' }, host: 'host', home: '/home/me', owner: { user: 'me', groups: [] }, processOwners: 'owner', status: 'violation', exitCode: 2, policies: [], scanProblems: [], findings } as unknown as ScanReport;
    const results = (JSON.parse(formatSarif(report, policy, 'en')) as { runs: Array<{ results: unknown[] }> }).runs[0]?.results;
    const folder = { physicalLocation: { artifactLocation: { uri: 'file:///home/me/.vscode/extensions/anthropic.claude-code-2.0.0' } } };
    const claudeJson = { physicalLocation: { artifactLocation: { uri: 'file:///home/me/.claude.json' } } };
    const found = 'extension anthropic.claude-code 2.0.0 /home/me/.vscode/extensions/anthropic.claude-code-2.0.0';
    assert.deepEqual(results, [
      {
        ruleId: 'a', ruleIndex: 0, level: 'error',
        message: { text: `Claude Code: Claude Code is not permitted (violation). Found: ${found}; MCP server “s” in /home/me/.claude.json claude mcp serve; MCP server “t” in /home/me/.claude.json claude; process 7 of me (uid 1000) claude` },
        locations: [folder, claudeJson],
        properties: { phase: 'violation', toolId: 'claude-code', active: true, evidence: [extension, mcp, sameFile, process], firstSeen: '2026-01-01T00:00:00.000Z' },
      },
      {
        ruleId: 'b', ruleIndex: 1, level: 'note',
        message: { text: `Claude Code: Claude Code is not permitted (excepted). Found: ${found}` },
        locations: [folder],
        suppressions: [{ kind: 'external', status: 'accepted', justification: 'Exception until 2026-12-31: Pilot' }],
        properties: { phase: 'excepted', toolId: 'claude-code', active: true, evidence: [extension], acknowledged: { at: '2026-02-01T00:00:00.000Z', phase: 'violation' } },
      },
      {
        ruleId: 'a', ruleIndex: 0, level: 'error',
        message: { text: `Claude Code: Claude Code is not permitted (violation). Found: ${found}` },
        locations: [folder],
        properties: { phase: 'violation', toolId: 'claude-code', active: true, evidence: [extension] },
      },
      {
        ruleId: 'b', ruleIndex: 1, level: 'error',
        message: { text: 'Claude Code: Claude Code is not permitted (violation, deadline 2026-07-10). Found: process 7 of me (uid 1000) claude' },
        properties: { phase: 'violation', toolId: 'claude-code', active: true, evidence: [process] },
      },
    ]);
  });
});
