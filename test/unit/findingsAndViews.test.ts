import { strict as assert } from 'node:assert';
import { resolveText } from '../../src/core/policy/localizedText';
import { matchExtensions } from '../../src/core/detect/extensions';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { evaluatePolicy } from '../../src/core/findings';
import { computePhase } from '../../src/core/phase';
import { mergeLayers, type SourceState } from '../../src/core/policy/mergeLayers';
import type { Policy } from '../../src/core/policy/types';
import { escapeMarkdown } from '../../src/core/present/escape';
import { formatMessage } from '../../src/core/present/localize';
import { buildPanelModel, fillRequestUrl } from '../../src/core/present/panelModel';
import { buildStatusView } from '../../src/core/present/statusView';
import { loadOk, SEED } from './helpers';

const subject = { user: 'alice', workspaceFolders: [] };
const source = (policy: Policy | undefined, extra: Partial<SourceState> = {}): SourceState => ({
  layer: policy?.source.layer ?? 'user', path: policy?.source.path ?? 'missing.yaml', status: policy ? 'ok' : 'missing',
  ...(policy ? { policy } : {}), problems: [], ...extra,
});
const claudeInstalled = [{ id: 'Anthropic.claude-code', version: '2.0.1', displayName: 'Claude Code', enabled: true }];

function scenario(now: string, installed = claudeInstalled, text = SEED) {
  const effective = mergeLayers([source(loadOk(text))]);
  const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: installed }, new Date(now), subject);
  return { effective, findings };
}

describe('findings and views', () => {
  it('matches extension ids case-insensitively and with wildcards', () => {
    const tools = loadOk('version: 1\norganization: A\ntools:\n  - id: acme\n    extensions: ["acme.helper-*"]\nrules:\n  - id: r\n    tool: acme\n').tools;
    assert.equal(matchExtensions(tools, [{ id: 'ACME.Helper-Pro', version: '1', enabled: true }]).length, 1);
    assert.equal(matchExtensions(tools, [{ id: 'acme.helperpro', version: '1', enabled: true }]).length, 0);
    assert.equal(matchExtensions(tools, claudeInstalled)[0]?.toolId, 'claude-code');
    assert.equal(matchExtensions(tools, [{ id: 'anthropic.claude-code-notes', version: '1', enabled: true }]).length, 0);
  });

  it('shows a violation in the status bar with the error background', () => {
    const { effective, findings } = scenario('2026-11-21T10:00:00Z');
    const view = buildStatusView(effective, findings, false, formatMessage);
    assert.equal(view.text, '$(error) Claude Code not permitted · 134 days overdue');
    assert.equal(view.background, 'error');
    assert.equal(view.visible, true);
    assert.match(view.tooltip, /Alibaba Group/);
  });

  it('lists the twenty worst findings in the tooltip and counts the rest', () => {
    const rules = Array.from({ length: 25 }, (_, i) => `  - { id: rule-${String(i).padStart(2, '0')}, tool: claude-code, title: "Rule ${i}", deadline: 2026-${i < 5 ? '12' : '01'}-01 }`);
    const { effective, findings } = scenario('2026-11-21T10:00:00Z', claudeInstalled, ['version: 1', 'organization: Many', 'timezone: UTC', 'rules:', ...rules, ''].join('\n'));
    assert.equal(findings.length, 25);
    const items = buildStatusView(effective, findings, false, formatMessage).tooltip.split('\n').filter((line) => line.startsWith('- '));
    assert.equal(items.length, 21);
    assert.equal(items[20], `- ${escapeMarkdown('… and 5 more in the policy panel')}`);
    // Violations first: the five rules still in their notice or warning window are the ones counted.
    assert.ok(items.slice(0, 20).every((line) => /overdue/.test(line)), items.join('\n'));
  });

  it('shows a warning with days left inside the notice window', () => {
    const { effective, findings } = scenario('2026-06-28T10:00:00Z');
    const view = buildStatusView(effective, findings, false, formatMessage);
    assert.equal(view.text, '$(warning) Claude Code: 12 days left');
    assert.equal(view.background, 'warning');
  });

  it('is quiet before the notice window and hidden when compliant unless asked', () => {
    const notice = scenario('2026-05-01T00:00:00Z');
    const view = buildStatusView(notice.effective, notice.findings, false, formatMessage);
    assert.equal(view.background, undefined);
    assert.equal(view.state, 'notice');
    const clean = scenario('2026-11-21T10:00:00Z', []);
    assert.equal(clean.findings.length, 0);
    assert.equal(buildStatusView(clean.effective, clean.findings, false, formatMessage).visible, false);
    const shown = buildStatusView(clean.effective, clean.findings, true, formatMessage);
    assert.equal(shown.visible, true);
    assert.match(shown.text, /shield/);
  });

  it('never shows OK when a policy has an error', () => {
    const broken = mergeLayers([source(undefined, { status: 'error', path: 'org.yaml', problems: [{ file: 'org.yaml', line: 3, column: 1, endLine: 3, endColumn: 2, path: 'rules', message: 'rules is required' }] })]);
    const view = buildStatusView(broken, [], true, formatMessage);
    assert.equal(view.text, '$(alert) Policy error');
    assert.equal(view.state, 'policy-error');
    assert.match(view.tooltip, /rules is required/);
  });

  it('builds the panel model the webview renders', () => {
    const { effective, findings } = scenario('2026-11-21T10:00:00Z');
    const model = buildPanelModel(effective, findings, formatMessage);
    assert.equal(model.organization, 'Alibaba Group');
    const card = model.cards[0];
    assert.ok(card);
    assert.equal(card.deadlineDate, '2026-07-10');
    assert.equal(card.timezone, 'Asia/Shanghai');
    assert.equal(card.relative, '134 days overdue');
    assert.equal(card.classification, 'high-risk');
    assert.equal(card.alternative?.name, 'Qoder');
    assert.match(card.evidence[0]?.detail ?? '', /Anthropic\.claude-code 2\.0\.1/);
  });

  it('fills the exception-request link and lays out the timeline in the policy zone', () => {
    assert.equal(fillRequestUrl('https://x.example/f?tool={tool}&rule={rule}&user={user}', { tool: 'claude-code', rule: 'r 1', user: 'ann&bob' }),
      'https://x.example/f?tool=claude-code&rule=r%201&user=ann%26bob');
    const { effective, findings } = scenario('2026-11-21T10:00:00Z');
    const card = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now: new Date('2026-11-21T10:00:00Z') }).cards[0];
    const zh = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now: new Date('2026-11-21T10:00:00Z'), locale: 'zh-cn' }).cards[0];
    assert.equal(zh?.deadlineDisplay, '2026年7月10日');
    assert.equal(card?.deadlineDisplay, 'July 10, 2026');
    assert.equal(card?.exceptionRequestUrl, 'https://intranet.example/forms/ai-exception?tool=claude-code&rule=claude-code-ban&user=alice');
    assert.deepEqual(card?.timeline, [
      { label: 'Warnings start', date: '2026-06-10', current: false },
      { label: 'Deadline', date: '2026-07-10', current: false },
      { label: 'Today', date: '2026-11-21', current: true },
    ]);
  });

  it('a lower layer cannot replace a rule or allow a banned tool', () => {
    const org = loadOk(SEED, 'managed', '/etc/tool-policy/policy.yaml');
    const team = loadOk([
      'version: 1', 'organization: Team', 'allowed: [claude-code]',
      'tools:', '  - id: acme-helper', '    extensions: [acme.helper]',
      'rules:', '  - id: claude-code-ban', '    tool: acme-helper', '    deadline: 2030-01-01',
      '  - id: no-acme', '    tool: acme-helper', '',
    ].join('\n'), 'workspace', '/ws/.vscode/tool-policy.yaml');
    const merged = mergeLayers([source(team), source(org)]);
    assert.equal(resolveText(merged.organization ?? '', 'en'), 'Alibaba Group');
    assert.deepEqual(merged.rules.map((r) => `${r.source.layer}:${r.id}`), ['managed:claude-code-ban', 'workspace:no-acme']);
    assert.equal(merged.rules[0]?.deadline?.toISOString(), '2026-07-09T16:00:00.000Z');
    assert.equal(merged.ignored.length, 2);
    assert.ok(merged.ignored.every((change) => change.layer === 'workspace'));
  });

  it('escapes untrusted text for Markdown', () => {
    const payload = '<img src=x onerror=alert(1)> [click](command:evil) **bold**';
    const md = escapeMarkdown(payload);
    assert.ok(!md.includes('<img'));
    assert.ok(!md.includes('[click]('));
    assert.ok(md.includes('\\*\\*bold\\*\\*'));
  });
  it("gives every finding its own rule's phase, also where rules share a deadline, a notice period and a zone", () => {
    // Santiago skips midnight on 2026-09-06: the date-only deadline and the written
    // instant below are the same instant, but their warnings start an hour apart.
    const rules = (prefix: string) => [
      `  - {id: ${prefix}a, tool: claude-code, deadline: 2026-09-06, noticeDays: 30}`,
      `  - {id: ${prefix}b, tool: claude-code, deadline: 2026-09-06, noticeDays: 10}`,
      `  - {id: ${prefix}c, tool: claude-code, deadline: 2026-09-06}`,
      `  - {id: ${prefix}d, tool: claude-code, deadline: "2026-09-06T01:00:00-03:00", noticeDays: 30}`,
      `  - {id: ${prefix}e, tool: claude-code}`,
      `  - {id: ${prefix}f, tool: claude-code, deadline: 2026-09-06, exceptions: [{until: 2027-01-01, users: [alice]}]}`,
      `  - {id: ${prefix}g, tool: claude-code, deadline: 2026-09-06, exceptions: [{until: 2027-01-01, users: [bob]}]}`,
    ].join('\n');
    const managed = loadOk(`version: 1\norganization: A\ntimezone: America/Santiago\nrules:\n${rules('m')}\n`, 'managed', 'managed.yaml');
    const user = loadOk(`version: 1\norganization: A\ntimezone: Asia/Shanghai\nrules:\n${rules('u')}\n`, 'user', 'user.yaml');
    const effective = mergeLayers([source(managed), source(user)]);
    for (const now of ['2026-07-01T00:00:00Z', '2026-08-07T04:30:00Z', '2026-08-30T00:00:00Z', '2026-09-06T04:00:00Z', '2026-12-01T00:00:00Z']) {
      const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: claudeInstalled }, new Date(now), subject);
      assert.equal(findings.length, 14);
      for (const finding of findings) {
        assert.deepEqual(finding.phase, computePhase(finding.rule, new Date(now), finding.rule.timezone, subject), `${finding.rule.id} at ${now}`);
      }
      const phaseOf = (id: string) => findings.find((finding) => finding.rule.id === id)?.phase;
      assert.notDeepEqual(phaseOf('ma')?.warningStarts, phaseOf('md')?.warningStarts, 'a date-only deadline and the same instant written out');
      assert.notDeepEqual(phaseOf('ma')?.warningStarts, phaseOf('ua')?.warningStarts, 'the same date in two zones');
      assert.notDeepEqual(phaseOf('ma')?.warningStarts, phaseOf('mb')?.warningStarts, 'two notice periods');
      assert.equal(phaseOf('mf')?.phase, 'excepted');
      assert.notEqual(phaseOf('mg')?.phase, 'excepted');
    }
  });
});
