import { strict as assert } from 'node:assert';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { evaluatePolicy } from '../../src/core/findings';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { buildScanReport } from '../../src/core/report/scanReport';
import { loadOk } from './helpers';

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
});
