import { strict as assert } from 'node:assert';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { extensionsStillBlocked, extensionsToBlock } from '../../src/core/enforcement';
import { evaluatePolicy } from '../../src/core/findings';
import { allowedExtensionsPlan } from '../../src/core/export/vscodePolicy';
import { mergeLayers, type SourceState } from '../../src/core/policy/mergeLayers';
import type { Policy } from '../../src/core/policy/types';
import { formatMessage } from '../../src/core/present/localize';
import { buildPanelModel } from '../../src/core/present/panelModel';
import { loadOk } from './helpers';

const subject = { user: 'alice', workspaceFolders: [] };
const now = new Date('2026-11-21T10:00:00Z');
const ok = (policy: Policy): SourceState => ({ layer: policy.source.layer, path: policy.source.path, status: 'ok', policy, problems: [] });
const installed = (...ids: string[]) => ({ ...NOTHING_OBSERVED, extensions: ids.map((id) => ({ id, version: '1', enabled: true })) });

const ORG = ['version: 1', 'organization: Org', 'rules:', '  - id: org-ban', '    tool: claude-code', '    enforce: block', ''].join('\n');

describe('policy layers: matchers and blocks', () => {
  it('a lower layer\'s matchers never reach a higher layer\'s rules', () => {
    const workspace = loadOk([
      'version: 1', 'organization: Team',
      'tools:', '  - id: claude-code', '    extensions: [ms-python.python]', '  - id: team-tool', '    extensions: [team.tool]',
      'rules:', '  - id: team-ban', '    tool: [claude-code, team-tool]', '',
    ].join('\n'), 'workspace', '/ws/.vscode/tool-policy.yaml');
    const merged = mergeLayers([ok(loadOk(ORG, 'managed', '/etc/tool-policy/policy.yaml')), ok(workspace)]);
    const findings = evaluatePolicy(merged, installed('ms-python.python', 'team.tool'), now, subject);
    assert.deepEqual(findings.map((f) => f.id).sort(), ['team-ban/claude-code', 'team-ban/team-tool'], 'the org rule does not see ms-python.python');
    assert.deepEqual(extensionsToBlock(findings), [], 'so the org block never lands on it');
    assert.ok(!merged.toolsByLayer.managed.find((t) => t.id === 'claude-code')?.extensions.includes('ms-python.python'));
    assert.ok(merged.toolsByLayer.workspace.find((t) => t.id === 'claude-code')?.extensions.includes('ms-python.python'));
    // The command line's binding export follows the same rule.
    assert.deepEqual(allowedExtensionsPlan(merged.rules, (rule) => merged.toolsByLayer[rule.source.layer], now).blocked, ['anthropic.claude-code']);
  });

  it('the editor\'s block and the binding export spare the same extensions: one list of the never-blocked', () => {
    const text = ['version: 1', 'organization: Org', 'tools:', '  - id: acme', '    name: Acme', '    extensions: [Tool-Policy.Tool-Policy-Notices, VSCode.git, acme.tool]',
      'rules:', '  - id: acme-ban', '    tool: acme', '    deadline: 2026-01-01', '    enforce: block', ''].join('\n');
    const merged = mergeLayers([ok(loadOk(text, 'managed', '/etc/p.yaml'))]);
    const findings = evaluatePolicy(merged, installed('tool-policy.tool-policy-notices', 'vscode.git', 'acme.tool'), now, subject);
    assert.deepEqual(extensionsToBlock(findings), ['acme.tool']);
    assert.deepEqual(allowedExtensionsPlan(merged.rules, (rule) => merged.toolsByLayer[rule.source.layer], now).blocked, extensionsToBlock(findings));
  });

  it('a higher layer\'s matchers do reach a lower layer\'s rules, and layers that add nothing share one tool list', () => {
    const managed = loadOk(['version: 1', 'organization: Org', 'tools:', '  - id: claude-code', '    extensions: [corp.claude-wrapper]', 'rules:', '  - id: org-notice', '    tool: cursor', ''].join('\n'), 'managed', '/etc/p.yaml');
    const user = loadOk(['version: 1', 'organization: Me', 'rules:', '  - id: my-ban', '    tool: claude-code', ''].join('\n'), 'user', '/home/me/p.yaml');
    const merged = mergeLayers([ok(managed), ok(user)]);
    assert.equal(merged.toolsByLayer.user, merged.toolsByLayer.managed);
    assert.deepEqual(evaluatePolicy(merged, installed('corp.claude-wrapper'), now, subject).map((f) => f.id), ['my-ban/claude-code']);
  });

  it('keeps each matcher of a tool once, in a new tool and in a catalog tool it extends, across layers too', () => {
    const managed = loadOk(['version: 1', 'organization: Org', 'tools:', '  - id: t', '    extensions: [a.b, A.B, a.b]', '    commands: [x, x]',
      '  - id: claude-code', '    commands: [cc, cc, claude]', 'rules:', '  - {id: r, tool: t}', ''].join('\n'), 'managed', '/etc/p.yaml');
    const user = loadOk(['version: 1', 'organization: Me', 'tools:', '  - id: t', '    extensions: [c.d, a.b, c.d]', 'rules:', '  - {id: s, tool: t}', ''].join('\n'), 'user', '/home/me/p.yaml');
    const merged = mergeLayers([ok(managed), ok(user)]);
    const tool = (layer: 'managed' | 'user', id: string) => merged.toolsByLayer[layer].find((t) => t.id === id);
    assert.deepEqual(tool('managed', 't')?.extensions, ['a.b', 'A.B'], 'case variants are matched alike later, but kept as written');
    assert.deepEqual(tool('managed', 't')?.commands, ['x']);
    assert.deepEqual(tool('managed', 'claude-code')?.commands.filter((command) => command === 'cc' || command === 'claude'), ['claude', 'cc']);
    assert.deepEqual(tool('user', 't')?.extensions, ['a.b', 'A.B', 'c.d']);
  });

  it('lists a lower layer\'s allowed: entry that a higher layer bans, and not one its own layer bans', () => {
    const workspaceA = loadOk(['version: 1', 'organization: Team A', 'allowed: [claude-code, cursor]', 'rules:', '  - id: team-a', '    tool: windsurf', ''].join('\n'), 'workspace', '/a/.vscode/tool-policy.yaml');
    const workspaceB = loadOk(['version: 1', 'organization: Team B', 'allowed: [windsurf]', 'rules:', '  - id: team-b', '    tool: cline', ''].join('\n'), 'workspace', '/b/.vscode/tool-policy.yaml');
    // Team A's rule on windsurf is read before Team B allows it: same layer, so not a higher layer's ban.
    const merged = mergeLayers([ok(workspaceA), ok(workspaceB), ok(loadOk(ORG, 'managed', '/etc/tool-policy/policy.yaml'))]);
    const messages = merged.ignored.map((i) => `${i.path}: ${i.message}`);
    assert.deepEqual(messages.filter((m) => m.includes('allowed:')), ['/a/.vscode/tool-policy.yaml: allowed: "claude-code" is ignored; the managed rule "org-ban" bans it']);
    assert.ok(!messages.some((m) => m.includes('"cursor"')), 'no rule bans cursor');
    assert.ok(!messages.some((m) => m.includes('"windsurf"')), 'a rule of the same layer is not a higher layer\'s');
  });

  it('honours enforce: block from the managed and user layers only, and says so for a workspace rule', () => {
    const workspace = loadOk(['version: 1', 'organization: Team', 'rules:', '  - id: team-block', '    tool: github-copilot', '    enforce: block', ''].join('\n'), 'workspace', '/ws/.vscode/tool-policy.yaml');
    const merged = mergeLayers([ok(loadOk(ORG, 'user', '/home/me/p.yaml')), ok(workspace)]);
    const findings = evaluatePolicy(merged, installed('anthropic.claude-code', 'github.copilot'), now, subject);
    assert.deepEqual(extensionsToBlock(findings), ['anthropic.claude-code']);
    assert.match(merged.ignored.map((i) => i.message).join('\n'), /rule "team-block": enforce: block is not honoured from a workspace policy/);
    const cards = buildPanelModel(merged, findings, formatMessage, { user: 'alice', now }).cards;
    assert.match(cards.find((c) => c.ruleId === 'team-block')?.enforcementNote ?? '', /comes from the workspace policy/);
    assert.equal(cards.find((c) => c.ruleId === 'org-ban')?.enforcementNote, undefined);
  });

  it('shows the protected extensions a block rule covers, and never blocks them', () => {
    const org = loadOk([
      'version: 1', 'organization: Org',
      'tools:', '  - id: everything', '    extensions: ["*.*", tool-policy.tool-policy-notices]',
      'rules:', '  - id: block-all', '    tool: everything', '    enforce: block', '',
    ].join('\n'), 'managed', '/etc/p.yaml');
    const merged = mergeLayers([ok(org)]);
    const findings = evaluatePolicy(merged, installed('vscode.git', 'acme.tool'), now, subject);
    assert.deepEqual(extensionsToBlock(findings), ['acme.tool']);
    const card = buildPanelModel(merged, findings, formatMessage, { user: 'alice', now }).cards[0];
    assert.match(card?.enforcementNote ?? '', /Never disabled, although the rule covers them: tool-policy\.tool-policy-notices, vscode\.git/);
  });

  it('tells which file is in force from its last good version, and why', () => {
    const org = loadOk(ORG, 'managed', '/etc/p.yaml');
    const problems = [{ file: '/etc/p.yaml', line: 2, column: 1, endLine: 2, endColumn: 5, path: '', message: 'YAML syntax error' }];
    const merged = mergeLayers([{ layer: 'managed', path: '/etc/p.yaml', status: 'error', policy: org, lastGoodRestored: true, problems }]);
    assert.deepEqual(merged.rules.map((r) => r.id), ['org-ban']);
    const source = buildPanelModel(merged, [], formatMessage, { user: 'alice', now }).sources[0];
    assert.match(source?.note ?? '', /kept from an earlier session, is in force because the file is broken: \/etc\/p\.yaml:2:1: YAML syntax error/);
  });

  it('keeps a block while its rule stands, even when the blocked extension is seen nowhere for a moment', () => {
    const merged = mergeLayers([ok(loadOk(ORG, 'managed', '/etc/p.yaml'))]);
    const applied = ['*', 'anthropic.claude-code', 'someone.else'];
    assert.deepEqual(extensionsStillBlocked(merged, applied, now, subject), ['anthropic.claude-code']);
    const lifted = mergeLayers([ok(loadOk(ORG.replace('    enforce: block\n', ''), 'managed', '/etc/p.yaml'))]);
    assert.deepEqual(extensionsStillBlocked(lifted, applied, now, subject), [], 'gone with its rule');
    const future = mergeLayers([ok(loadOk(ORG.replace('    enforce: block', '    enforce: block\n    deadline: 2099-01-01'), 'managed', '/etc/p.yaml'))]);
    assert.deepEqual(extensionsStillBlocked(future, applied, now, subject), [], 'not before the deadline');
  });
});
