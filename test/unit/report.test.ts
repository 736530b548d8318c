import { strict as assert } from 'node:assert';
import { matchExtensions } from '../../src/core/detect/extensions';
import { evaluateFindings } from '../../src/core/findings';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { formatMessage } from '../../src/core/present/localize';
import { buildPanelModel } from '../../src/core/present/panelModel';
import { buildReport, reportToMarkdown } from '../../src/core/present/report';
import { loadOk, SEED } from './helpers';

describe('compliance report', () => {
  const policy = loadOk(SEED);
  const effective = mergeLayers([{ layer: 'user', path: 'seed.yaml', status: 'ok', policy, problems: [] }]);
  const now = new Date('2026-11-21T10:00:00Z');
  const installed = [{ id: 'anthropic.claude-code', version: '2.0.1', displayName: 'Claude `Code` <b>', enabled: true }];
  const findings = evaluateFindings(effective.rules, effective.tools, matchExtensions(effective.tools, installed), now, { user: 'alice', workspaceFolders: [] });
  const report = buildReport(buildPanelModel(effective, findings, formatMessage, { user: 'alice', now }), now);

  it('holds the same findings and evidence as the panel, as data', () => {
    assert.equal(report.generatedAt, '2026-11-21T10:00:00.000Z');
    assert.equal(report.organization, 'Alibaba Group');
    assert.deepEqual(report.findings.map((f) => [f.rule, f.tool, f.phase, f.deadline, f.timezone, f.relative]),
      [['claude-code-ban', 'Claude Code', 'violation', '2026-07-10', 'Asia/Shanghai', '134 days overdue']]);
    assert.match(report.findings[0]?.evidence[0]?.detail ?? '', /anthropic\.claude-code 2\.0\.1/);
  });

  it('writes Markdown in which untrusted text stays literal', () => {
    const markdown = reportToMarkdown(report);
    assert.match(markdown, /^# Tool policy compliance report/);
    assert.match(markdown, /### ` Claude Code ` — Not permitted/);
    assert.match(markdown, /- Deadline: 2026-07-10 \(` Asia\/Shanghai `\), 134 days overdue/);
    // The display name holds a backtick and HTML: it sits in a longer code span, unrendered.
    assert.ok(markdown.includes('`` Claude `Code` <b> — anthropic.claude-code 2.0.1 ``'), markdown);
  });
});
