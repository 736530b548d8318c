import { strict as assert } from 'node:assert';
import { recordWrites } from '../../src/core/migrate/plan';
import { formatMessage } from '../../src/core/present/localize';
import { appliedView, failedView, planningView, planView, type MigrationView } from '../../src/core/present/migrationView';
import { decidePanelMessage, parsePanelMessage } from '../../src/core/present/panelMessages';
import type { PanelModel } from '../../src/core/present/panelModel';
import { CLAUDE_RUNNING, claudePolicy, snapshotOf } from './editor/snapshots';
import { translateZhCn } from './helpers';
import { samplePlan, TOKEN } from './migrationFixture';

const NAMES = { fromName: 'Claude Code', toName: 'GitHub Copilot' };
const items = (view: MigrationView) => view.groups.flatMap((group) => group.items);
const item = (view: MigrationView, kind: string) => {
  const found = items(view).find((i) => i.kind === kind);
  assert.ok(found, `no ${kind} item: ${items(view).map((i) => i.kind).join(', ')}`);
  return found;
};

describe('"Move my setup": the plan as the panel shows it', () => {
  const plan = samplePlan('github-copilot');

  it('lists every item under its root with what the target takes, why, and the target file', () => {
    const view = planView('p1', plan, NAMES, formatMessage);
    assert.equal(view.title, 'Move my setup from Claude Code to GitHub Copilot');
    assert.deepEqual(view.groups.map((g) => g.title), ['Your user settings (home folder /home/dev)', 'Project /home/dev/shop']);
    assert.equal(items(view).length, plan.items.length, 'no item is dropped');
    const command = item(view, 'command');
    assert.deepEqual([command.fidelityLabel, command.stateLabel, command.source, command.target], ['converted', 'to write', '.claude/commands/hello.md', '.github/prompts/hello.prompt.md']);
    assert.deepEqual(command.losses, ['model: VS Code names its models differently']);
    const permissions = item(view, 'permissions');
    assert.deepEqual([permissions.fidelityLabel, permissions.stateLabel, permissions.target], ['lost', '', undefined]);
    assert.match(permissions.reason, /no permission rules file/);
    assert.equal(item(view, 'mcp-server').target, '.vscode/mcp.json [servers.<img src=x onerror=alert(1)>]');
    assert.deepEqual(view.groups[1]?.problems, ['.claude/agents: cannot be listed: EACCES'], 'a folder that could not be read is named');
    assert.equal(view.canApply, true);
    assert.equal(view.stage, 'plan');
    assert.match(view.intro, /Nothing is written until you choose Apply and confirm/);
    assert.match(view.summary ?? '', /^5 to write · 0 already there · 0 conflicts · 1 lost · 2 carried over with losses · 0 still run unchanged by GitHub Copilot · 1 unreadable$/);
  });

  it('names the secrets of an MCP server, masked, and never holds their values or any file\'s bytes', () => {
    for (const view of [planView('p1', plan, NAMES, formatMessage), appliedView('p1', written(plan), NAMES, formatMessage)]) {
      const text = JSON.stringify(view);
      assert.ok(!text.includes(TOKEN), 'a secret value reached the view');
      assert.ok(!text.includes('Say hello'), 'file contents reached the view');
      assert.equal(item(view, 'mcp-server').secrets, 'env GITHUB_TOKEN=********');
    }
  });

  it('marks what the target still runs unchanged (Qoder reads .mcp.json as it is)', () => {
    const view = planView('q', samplePlan('qoder'), { fromName: 'Claude Code', toName: 'Qoder' }, formatMessage);
    const server = item(view, 'mcp-server');
    assert.deepEqual([server.fidelity, server.fidelityLabel, server.target], ['still-run', 'still run unchanged', undefined]);
    assert.match(view.summary ?? '', /1 still run unchanged by Qoder/);
  });

  it('after the writes: each file written, and what is left for the person (conflicts, losses, unreadable)', () => {
    const conflicted = samplePlan('github-copilot', { 'AGENTS.md': '# Someone else\'s\n' });
    const view = appliedView('p1', written(conflicted), NAMES, formatMessage);
    assert.equal(view.stage, 'applied');
    assert.equal(view.canApply, false);
    assert.ok(view.written.includes('.claude/commands/hello.md → .github/prompts/hello.prompt.md'), view.written.join('\n'));
    assert.ok(!view.written.some((line) => line.startsWith('CLAUDE.md')), 'the conflicting item was not written');
    assert.ok(view.left.some((line) => /^CLAUDE\.md: not written: AGENTS\.md exists/.test(line)), view.left.join('\n'));
    assert.ok(view.left.some((line) => /^~\/\.claude\/settings\.json: lost: Copilot has no permission rules file/.test(line)), view.left.join('\n'));
    assert.ok(view.left.includes('.claude/commands/hello.md: lost: model: VS Code names its models differently'));
    assert.ok(view.left.includes('.claude/agents: could not be read: cannot be listed: EACCES'));
    assert.match(view.intro, /items written\. Some things are left for you/);
  });

  it('a plan with nothing to write offers no Apply and says so', () => {
    const again = planView('p2', { ...plan, items: plan.items.map((i) => (i.state === 'write' ? { ...i, state: 'done' as const } : i)) }, NAMES, formatMessage);
    assert.equal(again.canApply, false);
    assert.equal(again.intro, 'Nothing to write: everything that carries over to GitHub Copilot is already there.');
  });

  it('while planning or writing it offers nothing to click; a failure says nothing was written', () => {
    assert.deepEqual([planningView('a', NAMES, formatMessage).canApply, planView('a', plan, NAMES, formatMessage, { applying: true }).canApply], [false, false]);
    const failed = failedView('a', NAMES, 'the engine made no plan', formatMessage);
    assert.deepEqual([failed.stage, failed.error, failed.intro], ['failed', 'the engine made no plan', 'Nothing was written.']);
  });

  it('speaks Simplified Chinese in its own words (the engine\'s reasons stay as the engine wrote them)', () => {
    const view = planView('p1', plan, { fromName: 'Claude Code', toName: 'GitHub Copilot' }, translateZhCn);
    assert.equal(view.title, '将我的配置从 Claude Code 迁移到 GitHub Copilot');
    assert.equal(item(view, 'command').fidelityLabel, '已转换');
    assert.equal(view.labels.apply, '应用…');
  });
});

/** The plan as applyMove returns it when every write went through. */
function written(plan: ReturnType<typeof samplePlan>) {
  return recordWrites(plan, plan.writes.map((write) => ({ itemIds: write.itemIds, outcome: 'written' as const })));
}

describe('"Move my setup" on a rule\'s card and in the panel\'s messages', () => {
  const TARGETED = claudePolicy({ alternativeTool: 'qoder' });
  const cardOf = (policy: string) => snapshotOf(policy, { extensions: CLAUDE_RUNNING }).panel.cards[0];

  it('a card offers the move when its tool is Claude Code and its alternative names a tool the engine writes', () => {
    assert.equal(cardOf(TARGETED)?.alternative?.moveLabel, 'Move my setup to Qoder');
    assert.equal(cardOf(claudePolicy())?.alternative?.moveLabel, undefined, 'no alternative.tool: no button');
    assert.equal(cardOf(claudePolicy({ alternativeTool: 'lingma' }))?.alternative?.moveLabel, undefined, 'not a target');
    const copilotRule = ['version: 1', 'organization: O', 'timezone: UTC', 'rules:', '  - id: copilot-ban', '    tool: github-copilot',
      '    alternative: { name: Cursor, tool: cursor }', ''].join('\n');
    const copilot = snapshotOf(copilotRule, { extensions: [{ id: 'github.copilot', version: '1.0.0', displayName: 'GitHub Copilot', enabled: true }] }).panel.cards[0];
    assert.ok(copilot, 'the Copilot rule has a finding');
    assert.equal(copilot.alternative?.moveLabel, undefined, 'not a tool whose setup the engine reads');
  });

  it('parses the three messages exactly: one string field each, nothing more', () => {
    assert.deepEqual(parsePanelMessage({ type: 'planMigration', ruleId: 'claude-ban' }), { type: 'planMigration', ruleId: 'claude-ban' });
    assert.deepEqual(parsePanelMessage({ type: 'applyMigration', planId: 'p1' }), { type: 'applyMigration', planId: 'p1' });
    assert.deepEqual(parsePanelMessage({ type: 'closeMigration', planId: 'p1' }), { type: 'closeMigration', planId: 'p1' });
    for (const bad of [{ type: 'planMigration' }, { type: 'planMigration', ruleId: 7 }, { type: 'planMigration', ruleId: '' }, { type: 'applyMigration', planId: 'p1', confirmed: true },
      { type: 'applyMigration', ruleId: 'p1' }, { type: 'planMigration', ruleId: 'x'.repeat(9000) }]) {
      assert.equal(parsePanelMessage(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
  });

  it('plans only for a rule whose shown card offers it; applies and closes only the plan shown', () => {
    const model = snapshotOf(TARGETED, { extensions: CLAUDE_RUNNING }).panel as PanelModel;
    const plain = snapshotOf(claudePolicy(), { extensions: CLAUDE_RUNNING }).panel as PanelModel;
    assert.equal(decidePanelMessage({ type: 'planMigration', ruleId: 'claude-ban' }, model).accepted, true);
    assert.deepEqual(decidePanelMessage({ type: 'planMigration', ruleId: 'claude-ban' }, plain), { accepted: false, reason: 'no card offers to move a setup for this rule' });
    assert.equal(decidePanelMessage({ type: 'planMigration', ruleId: 'other' }, model).accepted, false);
    const shown = { id: 'p1', canApply: true };
    assert.equal(decidePanelMessage({ type: 'applyMigration', planId: 'p1' }, model, shown).accepted, true);
    assert.deepEqual(decidePanelMessage({ type: 'applyMigration', planId: 'p0' }, model, shown), { accepted: false, reason: 'not the plan the panel shows' });
    assert.deepEqual(decidePanelMessage({ type: 'applyMigration', planId: 'p1' }, model, { id: 'p1', canApply: false }), { accepted: false, reason: 'the plan shown has nothing to apply' });
    assert.equal(decidePanelMessage({ type: 'applyMigration', planId: 'p1' }, model).accepted, false, 'no plan shown');
    assert.equal(decidePanelMessage({ type: 'closeMigration', planId: 'p1' }, model, shown).accepted, true);
    assert.equal(decidePanelMessage({ type: 'closeMigration', planId: 'p9' }, model, shown).accepted, false);
  });
});
