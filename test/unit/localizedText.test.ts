import { strict as assert } from 'node:assert';
import { evaluatePolicy } from '../../src/core/findings';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { policyJsonSchema } from '../../src/core/policy/jsonSchema';
import { resolveText } from '../../src/core/policy/localizedText';
import { mergeLayers, type SourceState } from '../../src/core/policy/mergeLayers';
import type { Policy, PolicyLayer } from '../../src/core/policy/types';
import { allowedVerdict, blockCause } from '../../src/core/present/blockedBy';
import { formatMessage } from '../../src/core/present/localize';
import { buildPanelModel } from '../../src/core/present/panelModel';
import { buildReport, reportToMarkdown } from '../../src/core/present/report';
import { buildStatusView } from '../../src/core/present/statusView';
import { loadOk, loadProblems, SEED } from './helpers';

const text = (entries: Record<string, string>) => new Map(Object.entries(entries));
const now = new Date('2026-11-21T10:00:00Z');
const ok = (policy: Policy): SourceState => ({ layer: policy.source.layer, path: policy.source.path, status: 'ok', policy, problems: [] });

function seedViews(locale: string, installed = [{ id: 'anthropic.claude-code', version: '2.0.1', enabled: true }]) {
  const effective = mergeLayers([ok(loadOk(SEED, 'managed', '/etc/tool-policy/policy.yaml'))]);
  const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: installed }, now, { user: 'alice', workspaceFolders: [] });
  const model = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now, locale });
  return { effective, findings, model, status: buildStatusView(effective, findings, true, formatMessage, locale) };
}

describe('localised policy text', () => {
  it('formatMessage fills each {N} with its argument, again and again, and leaves a placeholder with none as written', () => {
    assert.equal(formatMessage('{1} before {0}, {1} again', 'a', 'b'), 'b before a, b again');
    assert.equal(formatMessage('{1} before {0}, {1} again', 'x', 2), '2 before x, 2 again', 'the same message with other arguments');
    assert.equal(formatMessage('none {2} {007} {0}', '$&'), 'none {2} {007} $&', 'no argument: kept as written; "$&" is no pattern');
    assert.equal(formatMessage('{007}', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), 'h');
    assert.equal(formatMessage('plain text'), 'plain text');
    assert.equal(formatMessage(''), '');
    assert.equal(formatMessage('{0}{0}', 'ab'), 'abab');
    assert.equal(formatMessage('{x} {} {0', 'a'), '{x} {} {0');
  });

  describe('resolveText: the order README "Languages" gives', () => {
    const title = text({ en: 'English', 'zh-cn': '简体', 'zh-TW': '繁體', de: 'Deutsch' });

    it('returns a plain string as written, whatever the language', () => {
      assert.equal(resolveText('Only one', 'zh-cn'), 'Only one');
    });
    it('takes the exact tag, compared case-insensitively', () => {
      assert.equal(resolveText(title, 'zh-CN'), '简体');
      assert.equal(resolveText(title, 'zh-tw'), '繁體');
      assert.equal(resolveText(title, 'ZH_cn'), '简体', 'underscores as some systems write them');
    });
    it('falls back to the primary language', () => {
      assert.equal(resolveText(text({ en: 'E', zh: '中文', 'zh-tw': '繁體' }), 'zh-cn'), '中文');
      assert.equal(resolveText(text({ 'zh-tw': '繁體', zh: '中文', en: 'E' }), 'zh-cn'), '中文', 'whatever the order of the entries');
      assert.equal(resolveText(title, 'de-AT'), 'Deutsch');
    });
    it('never takes another tag of the same primary language: a zh-CN reader of {en, zh-TW} reads en', () => {
      assert.equal(resolveText(text({ en: 'English', 'zh-TW': '繁體' }), 'zh-CN'), 'English');
      assert.equal(resolveText(text({ 'zh-TW': '繁體', en: 'English' }), 'zh-cn'), 'English', 'not the first entry either');
      assert.equal(resolveText(text({ en: 'E', 'zh-cn': '简体' }), 'zh-hk'), 'E');
      assert.equal(resolveText(text({ 'en-GB': 'British', 'en-US': 'American', fr: 'Français' }), 'en-AU'), 'British', 'no en: the first entry');
    });
    it('then English, then the first entry', () => {
      assert.equal(resolveText(title, 'ja'), 'English');
      assert.equal(resolveText(text({ fr: 'Français', 'en-GB': 'British' }), 'ja'), 'Français', 'en-GB is not en');
      assert.equal(resolveText(text({ fr: 'Français', EN: 'English' }), 'ja'), 'English', 'EN is en');
      assert.equal(resolveText(text({ fr: 'Français', es: 'Español' }), 'ja'), 'Français');
      assert.equal(resolveText(text({ fr: 'Français', es: 'Español' }), undefined), 'Français');
      assert.equal(resolveText(text({ fr: 'Français', en: 'English' }), ''), 'English');
    });
  });

  describe('validation', () => {
    const policy = (field: string) => `version: 1\norganization: ACME\nrules:\n  - id: r\n    tool: claude-code\n${field}`;

    it('accepts the map form in every field the format names and keeps it as a Map', () => {
      const loaded = loadOk([
        'version: 1', 'organization: { en: ACME, zh-cn: 艾克米 }', 'rules:', '  - id: r', '    tool: claude-code',
        '    title: { en: T, zh-cn: 标题 }', '    reason: { en: R, zh-cn: 原因 }',
        '    alternative: { name: { en: Q, zh-cn: 阿Q }, description: { en: D, zh-cn: 描述 } }',
        '    links: [{ title: { en: Memo, zh-cn: 备忘 }, url: "https://intranet.example/m" }]',
        '    exceptions: [{ until: 2030-01-01, reason: { en: Migration, zh-cn: 迁移 } }]', '',
      ].join('\n'));
      const rule = loaded.rules[0];
      assert.ok(loaded.organization instanceof Map);
      assert.deepEqual([loaded.organization, rule?.title, rule?.reason, rule?.alternative?.name, rule?.alternative?.description, rule?.links[0]?.title, rule?.exceptions[0]?.reason]
        .map((field) => resolveText(field ?? '', 'zh-CN')), ['艾克米', '标题', '原因', '阿Q', '描述', '备忘', '迁移']);
    });

    it('refuses an empty map, a malformed or repeated tag, and anything but text as a value', () => {
      assert.match(loadProblems(policy('    title: {}\n'))[0]?.message ?? '', /map of languages is empty/);
      assert.match(loadProblems(policy('    title: { english: T }\n'))[0]?.message ?? '', /"english" is not a language tag/);
      assert.match(loadProblems(policy('    title: { en_US: T }\n'))[0]?.message ?? '', /not a language tag/);
      const twice = loadProblems(policy('    title: { EN: T, en: U }\n'))[0];
      assert.equal(twice?.path, 'rules[0].title.en');
      assert.match(twice?.message ?? '', /given twice \(also as "EN"\)/);
      assert.equal(loadProblems(policy('    title: { en: 3 }\n'))[0]?.path, 'rules[0].title.en');
      assert.match(loadProblems(policy('    title: [a]\n'))[0]?.message ?? '', /expected text, or a mapping from language tags to text, got a list/);
    });

    it('treats keys that are object-prototype names as the bad tags they are, never as properties', () => {
      for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
        const problems = loadProblems(policy(`    title: { ${key}: x, en: T }\n`));
        assert.equal(problems.length, 1, key);
        assert.match(problems[0]?.message ?? '', /is not a language tag/, key);
      }
      // A tag that looks like one stays a plain Map key.
      const title = loadOk(policy('    title: { en: T, ha: Hausa }\n')).rules[0]?.title;
      assert.ok(title instanceof Map && title.get('ha') === 'Hausa');
    });
  });

  it('gives editors both forms in the JSON Schema, with language-tag names and suggested tags', () => {
    const schema = policyJsonSchema() as { properties: Record<string, { oneOf?: Array<Record<string, unknown>> }> };
    const organization = schema.properties.organization?.oneOf;
    assert.ok(organization);
    assert.equal(organization[0]?.type, 'string');
    const map = organization[1] as { type: string; minProperties: number; propertyNames: { pattern: string }; properties: Record<string, unknown> };
    assert.equal(map.type, 'object');
    assert.equal(map.minProperties, 1);
    const pattern = new RegExp(map.propertyNames.pattern);
    assert.ok(pattern.test('zh-CN') && pattern.test('en') && !pattern.test('english') && !pattern.test('__proto__'));
    assert.ok('zh-cn' in map.properties && 'en' in map.properties);
  });

  describe('every view follows the display language', () => {
    it('panel, status tooltip and report in Simplified Chinese', () => {
      const { model, status } = seedViews('zh-cn');
      const card = model.cards[0];
      assert.equal(model.organization, '阿里巴巴集团');
      assert.equal(card?.title, '不再允许使用 Claude Code');
      assert.match(card?.reason ?? '', /高风险软件/);
      assert.equal(card?.alternative?.name, 'Qoder');
      assert.match(card?.alternative?.description ?? '', /智能编程平台/);
      assert.match(status.tooltip, /阿里巴巴集团/);
      assert.match(status.tooltip, /不再允许使用 Claude Code/);
      const report = buildReport(model, now);
      assert.equal(report.organization, '阿里巴巴集团');
      assert.equal(report.findings[0]?.title, '不再允许使用 Claude Code');
      assert.match(reportToMarkdown(report), /高风险软件/);
    });

    it('a zh-CN reader of a policy in English and Traditional Chinese reads the English entries', () => {
      const policy = [
        'version: 1', 'organization: { zh-TW: 繁體公司, en: Hant Corp }', 'rules:', '  - id: r', '    tool: claude-code',
        '    title: { zh-TW: 不再允許, en: No longer permitted }', '    reason: { zh-TW: 高風險, en: High risk }', '',
      ].join('\n');
      const effective = mergeLayers([ok(loadOk(policy, 'managed', '/etc/tool-policy/policy.yaml'))]);
      const installed = [{ id: 'anthropic.claude-code', version: '2.0.1', enabled: true }];
      const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: installed }, now, { user: 'alice', workspaceFolders: [] });
      const model = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now, locale: 'zh-CN' });
      assert.deepEqual([model.organization, model.cards[0]?.title, model.cards[0]?.reason], ['Hant Corp', 'No longer permitted', 'High risk']);
      const status = buildStatusView(effective, findings, true, formatMessage, 'zh-CN');
      assert.match(status.tooltip, /Hant Corp AI\\-tool policy/);
      assert.doesNotMatch(status.tooltip, /繁體|不再允許/);
      assert.doesNotMatch(reportToMarkdown(buildReport(model, now)), /繁體|不再允許|高風險/);
    });

    it('the same file in English', () => {
      const { model, status } = seedViews('en-US');
      assert.equal(model.organization, 'Alibaba Group');
      assert.equal(model.cards[0]?.title, 'Claude Code is no longer permitted');
      assert.match(status.tooltip, /Claude Code is no longer permitted/);
      assert.doesNotMatch(JSON.stringify(buildReport(model, now)), /[\u4e00-\u9fff]/);
    });
  });
});

describe('where each rule comes from', () => {
  it('every card names its layer and file; a workspace rule says it is not the organisation’s', () => {
    const layer = (name: PolicyLayer, file: string, id: string) =>
      ok(loadOk(`version: 1\norganization: ${name}\nrules:\n  - id: ${id}\n    tool: ${id === 'ws' ? 'qwen-code' : 'claude-code'}\n`, name, file));
    const effective = mergeLayers([layer('managed', '/etc/tool-policy/policy.yaml', 'org'), layer('workspace', '/repo/.vscode/tool-policy.yaml', 'ws')]);
    const installed = [{ id: 'anthropic.claude-code', version: '1', enabled: true }, { id: 'qwenlm.qwen-code-vscode-ide-companion', version: '1', enabled: true }];
    const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: installed }, now, { user: 'a', workspaceFolders: [] });
    const cards = buildPanelModel(effective, findings, formatMessage, { user: 'a', now }).cards;
    const org = cards.find((card) => card.ruleId === 'org');
    const ws = cards.find((card) => card.ruleId === 'ws');
    assert.deepEqual([org?.source.layer, org?.source.path], ['managed', '/etc/tool-policy/policy.yaml']);
    assert.match(org?.source.label ?? '', /organisation \(managed policy\): \/etc\/tool-policy\/policy\.yaml/);
    assert.equal(ws?.source.layer, 'workspace');
    assert.match(ws?.source.label ?? '', /added by this workspace, not by your organisation: \/repo\/\.vscode\/tool-policy\.yaml/);
  });
});

describe('who disabled an extension', () => {
  const id = 'anthropic.claude-code';

  it('reads extensions.allowed as VS Code does: id, then publisher, then "*", else blocked', () => {
    assert.equal(allowedVerdict(undefined, id), undefined);
    assert.equal(allowedVerdict({}, id), undefined);
    assert.equal(allowedVerdict({ '*': true, 'Anthropic.Claude-Code': false }, id), false);
    assert.equal(allowedVerdict({ '*': true, anthropic: false }, id), false);
    assert.equal(allowedVerdict({ anthropic: false, [id]: true }, id), true);
    assert.equal(allowedVerdict({ 'ms-python.python': true }, id), false, 'an allow-list that does not name it');
    assert.equal(allowedVerdict({ '*': 'stable' }, id), true);
  });

  it('names the organisation’s machine policy, this extension, the user setting or the person', () => {
    assert.equal(blockCause(id, { policy: { '*': true, [id]: false }, user: undefined, effective: { '*': true, [id]: false }, enforcedByUs: [] }), 'organization-policy');
    assert.equal(blockCause(id, { effective: { [id]: false }, user: undefined, enforcedByUs: [] }), 'organization-policy', 'no policyValue: an effective value that is not the user’s');
    assert.equal(blockCause(id, { effective: { '*': true, [id]: false }, user: { '*': true, [id]: false }, enforcedByUs: [id] }), 'this-extension');
    assert.equal(blockCause(id, { effective: { '*': true, [id]: false }, user: { '*': true, [id]: false }, enforcedByUs: [] }), 'user-setting');
    assert.equal(blockCause(id, { effective: undefined, user: undefined, enforcedByUs: [] }), 'person');
    assert.equal(blockCause(id, { effective: { '*': true }, user: { '*': true }, enforcedByUs: [id] }), 'person', 'a stale record of ours is not a block');
  });

  it('the card shows the cause next to the rule’s deadline, alternative and exception link', () => {
    const effective = mergeLayers([ok(loadOk(SEED, 'managed', '/etc/tool-policy/policy.yaml'))]);
    const installed = [{ id, version: '2.0.1', enabled: false }];
    const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: installed }, now, { user: 'alice', workspaceFolders: [] });
    const byHand = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now }).cards[0];
    assert.deepEqual(byHand?.blocks.map((b) => [b.cause, b.extensionIds]), [['person', [id]]]);
    assert.match(byHand?.blocks[0]?.text ?? '', /Disabled by hand/);
    const byPolicy = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now, allowed: { policy: { [id]: false }, effective: { [id]: false } } }).cards[0];
    assert.equal(byPolicy?.blocks[0]?.cause, 'organization-policy');
    assert.match(byPolicy?.blocks[0]?.text ?? '', /AllowedExtensions/);
    assert.ok(byPolicy?.exceptionRequestUrl && byPolicy.alternative && byPolicy.deadlineDate && byPolicy.reason);
    const report = buildReport(buildPanelModel(effective, findings, formatMessage, { user: 'alice', now }), now);
    assert.equal(report.findings[0]?.blocked[0]?.cause, 'person');
  });
});
