import { strict as assert } from 'node:assert';
import { evaluatePolicy } from '../../src/core/findings';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { formatMessage } from '../../src/core/present/localize';
import { buildPanelModel } from '../../src/core/present/panelModel';
import { buildReport, markdownReportSteps, reportToMarkdown } from '../../src/core/present/report';
import { ITEMS_PER_PIECE, runToEnd } from '../../src/core/steps';
import { loadOk, SEED, translateZhCn } from './helpers';

describe('compliance report', () => {
  const policy = loadOk(SEED);
  const effective = mergeLayers([{ layer: 'user', path: 'seed.yaml', status: 'ok', policy, problems: [] }]);
  const now = new Date('2026-11-21T10:00:00Z');
  const installed = [{ id: 'anthropic.claude-code', version: '2.0.1', displayName: 'Claude `Code` <b>', enabled: true }];
  const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: installed }, now, { user: 'alice', workspaceFolders: [] });
  const report = buildReport(buildPanelModel(effective, findings, formatMessage, { user: 'alice', now }), now);

  it('holds the same findings and evidence as the panel, as data', () => {
    assert.equal(report.generatedAt, '2026-11-21T10:00:00.000Z');
    assert.equal(report.organization, 'Alibaba Group');
    assert.deepEqual(report.findings.map((f) => [f.rule, f.tool, f.phase, f.deadline, f.timezone, f.relative]),
      [['claude-code-ban', 'Claude Code', 'violation', '2026-07-10', 'Asia/Shanghai', '134 days overdue']]);
    assert.match(report.findings[0]?.evidence[0]?.detail ?? '', /anthropic\.claude-code 2\.0\.1/);
  });

  it('the editor\'s export writes the same Markdown from the panel\'s model, in pieces when it is long', () => {
    const model = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now });
    assert.equal(runToEnd(markdownReportSteps(model, now, formatMessage)), reportToMarkdown(buildReport(model, now)));
    const many = { ...model, cards: Array.from({ length: 3000 }, (_, i) => ({ ...model.cards[0] as (typeof model.cards)[number], ruleId: `rule-${i}` })) };
    const steps = markdownReportSteps(many, now, formatMessage);
    let pieces = 1;
    let next = steps.next();
    for (; !next.done; next = steps.next()) pieces++;
    // Against the one-finding report's own text: its heading, its finding's section once per card, its end.
    const single = reportToMarkdown(buildReport(model, now));
    const [head, rest] = [single.slice(0, single.indexOf('### ')), single.slice(single.indexOf('### '))];
    const [section, tail] = [rest.slice(0, rest.indexOf('## Policy files')), rest.slice(rest.indexOf('## Policy files'))];
    const expected = head + many.cards.map((card) => section.replace('Rule: ` claude-code-ban `', `Rule: \` ${card.ruleId} \``)).join('') + tail;
    assert.equal(next.value, expected);
    assert.ok(pieces >= 3000 * 2 / ITEMS_PER_PIECE, `${pieces} pieces`);
  });

  it('writes Markdown in which untrusted text stays literal', () => {
    const markdown = reportToMarkdown(report);
    assert.match(markdown, /^# Tool policy compliance report/);
    assert.match(markdown, /### ` Claude Code ` — Not permitted/);
    assert.match(markdown, /- Deadline: 2026-07-10 \(` Asia\/Shanghai `\), 134 days overdue/);
    // The display name holds a backtick and HTML: it sits in a longer code span, unrendered.
    assert.ok(markdown.includes('`` Claude `Code` <b> — anthropic.claude-code 2.0.1 ``'), markdown);
  });

  describe('for a reader in Simplified Chinese, from the same policy file', () => {
    const workspaceRule = 'version: 1\norganization: Repo\nrules:\n  - id: ws-rule\n    tool: qwen-code\n';
    const zhEffective = mergeLayers([
      { layer: 'user', path: '/home/alice/policy.yaml', status: 'ok', policy: loadOk(SEED, 'user', '/home/alice/policy.yaml'), problems: [] },
      { layer: 'workspace', path: '/repo/.vscode/tool-policy.yaml', status: 'ok', policy: loadOk(workspaceRule, 'workspace', '/repo/.vscode/tool-policy.yaml'), problems: [] },
      { layer: 'managed', path: '/etc/tool-policy/policy.yaml', status: 'missing', problems: [] },
    ]);
    const zhInstalled = [
      { id: 'anthropic.claude-code', version: '2.0.1', enabled: false },
      { id: 'qwenlm.qwen-code-vscode-ide-companion', version: '1.0.0', enabled: true },
    ];
    const zhFindings = evaluatePolicy(zhEffective, { ...NOTHING_OBSERVED, extensions: zhInstalled }, now, { user: 'alice', workspaceFolders: [] });
    const zhReport = buildReport(buildPanelModel(zhEffective, zhFindings, translateZhCn, { user: 'alice', now, locale: 'zh-cn' }), now);

    /** Words in Latin letters outside code spans (policy text, paths and ids sit in those) and the ISO time stamp. */
    const latinWords = (markdown: string) =>
      [...new Set(markdown.replace(/(?<!`)(`+) [\s\S]*? \1/g, '').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '').match(/[A-Za-z][\w.]*/g) ?? [])].sort();

    it('writes Markdown whose every word is Chinese, the layers and file states included', () => {
      const markdown = reportToMarkdown(zhReport, translateZhCn);
      // Only setting and variable names, which are the same in every language, stay as written.
      assert.deepEqual(latinWords(markdown), ['TOOL_POLICY_FILE', 'toolPolicy.policyFile'], markdown);
      assert.match(markdown, /- 来源：您的用户政策中的规则（toolPolicy\.policyFile 或 TOOL_POLICY_FILE）：` \/home\/alice\/policy\.yaml `/);
      assert.match(markdown, /- 来源：.*工作区.*：` \/repo\/\.vscode\/tool-policy\.yaml `/);
      assert.match(markdown, /- ` \/home\/alice\/policy\.yaml ` \(用户，已应用\)/);
      assert.match(markdown, /- ` \/etc\/tool-policy\/policy\.yaml ` \(托管，不存在\)/);
    });

    it('writes JSON with stable English identifiers and every human-readable text in Chinese', () => {
      const json = JSON.parse(JSON.stringify(zhReport)) as typeof zhReport;
      const [seed, workspace] = [json.findings.find((f) => f.rule === 'claude-code-ban'), json.findings.find((f) => f.rule === 'ws-rule')];
      assert.deepEqual([seed?.phase, seed?.source.layer, seed?.blocked[0]?.cause, workspace?.source.layer], ['violation', 'user', 'person', 'workspace']);
      assert.deepEqual(json.sources.map((s) => [s.layer, s.status]), [['managed', 'missing'], ['user', 'ok'], ['workspace', 'ok']]);
      const chinese = /[\u4e00-\u9fff]/;
      const readable = [
        seed?.title, seed?.phaseLabel, seed?.source.label, seed?.reason, seed?.alternative?.description, seed?.blocked[0]?.text, seed?.relative,
        ...(seed?.evidence ?? []).map((e) => e.label), workspace?.phaseLabel, workspace?.source.label, ...json.sources.map((s) => s.label),
      ];
      for (const text of readable) assert.match(text ?? '(missing)', chinese);
      assert.match(workspace?.source.label ?? '', /工作区/);
    });
  });
});
