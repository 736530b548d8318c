import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { evaluatePolicy } from '../../src/core/findings';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { buildScanReport } from '../../src/core/report/scanReport';
import { loadOk, REPO_ROOT } from './helpers';

describe('scan report evidence', () => {
  it('describes one installed extension once, however many rules find it', () => {
    // Thousands of `tool: "*"` rules each find the same extension: described per finding,
    // the report (and every format written from it) would repeat that work per rule.
    const rules = Array.from({ length: 50 }, (_, i) => `  - {id: r${i}, tool: "*", alternative: {name: Qoder}}`).join('\n');
    const policy = loadOk(`version: 1\norganization: Acme\ntimezone: UTC\ntools:\n  - {id: in-house, extensions: [acme.caught]}\nrules:\n${rules}\n`);
    const effective = mergeLayers([{ layer: 'user', path: 'policy.yaml', status: 'ok', policy, problems: [] }]);
    const now = new Date('2026-01-01T00:00:00Z');
    const installed = [{ id: 'acme.caught', version: '1.0.0', enabled: true, location: '/home/alice/.vscode/extensions/acme.caught-1.0.0' }];
    const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: installed }, now, { user: 'alice', workspaceFolders: [] });
    const report = buildScanReport({
      policy: effective, findings, now, generatedAt: now, host: 'host', home: '/home/alice', owner: { user: 'alice', groups: [] },
      processOwners: 'owner', version: '0.0.0', scanned: { editorFolders: [], mcpFiles: [], processes: 0 }, scanProblems: [], language: 'en',
    });

    assert.equal(report.findings.length, 50);
    const described = new Set(report.findings.flatMap((finding) => finding.evidence));
    assert.equal(described.size, 1, 'every finding holds the one description of the extension');
    assert.deepEqual([...described][0], { kind: 'extension', id: 'acme.caught', version: '1.0.0', folder: '/home/alice/.vscode/extensions/acme.caught-1.0.0' });
  });

  it('writes each finding\'s fields in the order the schema lists them, every optional one included', () => {
    const policy = loadOk([
      'version: 1', 'organization: Acme', 'timezone: UTC', 'rules:',
      '  - id: ban', '    tool: claude-code', '    deadline: 2026-03-01', '    classification: high-risk', '    reason: Data residency',
      '    alternative: {name: Qoder, url: "https://qoder.example", description: In-house}',
      '    exceptions: [{users: [alice], until: 2026-06-01, reason: Pilot}]', '',
    ].join('\n'));
    const effective = mergeLayers([{ layer: 'user', path: 'policy.yaml', status: 'ok', policy, problems: [] }]);
    const now = new Date('2026-01-01T00:00:00Z');
    const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: [{ id: 'anthropic.claude-code', version: '2.0.0', enabled: true }] }, now, { user: 'alice', workspaceFolders: [] });
    const rule = effective.rules[0]!;
    const report = buildScanReport({
      policy: effective, findings, now, generatedAt: now, host: 'host', home: '/home/alice', owner: { user: 'alice', groups: [] },
      processOwners: 'owner', version: '0.0.0', scanned: { editorFolders: [], mcpFiles: [], processes: 0 }, scanProblems: [], language: 'en',
      memory: { acknowledgements: [{ ruleId: 'ban', hash: rule.hash, at: '2025-12-01T00:00:00.000Z', phase: 'notice' }], firstSeen: { 'ban/claude-code': { first: '2025-11-01T00:00:00.000Z', last: '2025-12-31T00:00:00.000Z' } } },
    });
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'scan-report.v1.json'), 'utf8')) as { definitions: { finding: { properties: object } } };
    const listed = Object.keys(schema.definitions.finding.properties).filter((key) => key !== 'daysOverdue');
    assert.deepEqual(Object.keys(report.findings[0]!), listed, 'every field but daysOverdue (the deadline is ahead), in the schema\'s order');
    const late = buildScanReport({
      policy: effective, findings: evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: [{ id: 'anthropic.claude-code', version: '2.0.0', enabled: true }] }, new Date('2027-01-01T00:00:00Z'), { user: 'bob', workspaceFolders: [] }),
      now, generatedAt: now, host: 'host', home: '/home/bob', owner: { user: 'bob', groups: [] },
      processOwners: 'owner', version: '0.0.0', scanned: { editorFolders: [], mcpFiles: [], processes: 0 }, scanProblems: [], language: 'en',
    });
    assert.deepEqual(Object.keys(late.findings[0]!), listed.filter((key) => !['daysLeft', 'exception', 'firstSeen', 'acknowledged'].includes(key)).flatMap((key) => (key === 'timezone' ? [key, 'daysOverdue'] : [key])));
  });
});
