import { strict as assert } from 'node:assert';
import { escapeMarkdown } from '../../src/core/present/escape';
import { buildEditorReport } from '../../src/core/report/editorReport';
import { CLAUDE_RUNNING, claudePolicy, snapshotOf } from './editor/snapshots';

describe('one title per finding on every face', () => {
  const context = { generatedAt: new Date('2026-06-01T12:00:00Z'), host: 'h', home: '/home/me', version: '0.1.0', language: 'en' };
  for (const [name, extra] of [['derived from the tool', []], ['the rule\'s own, localised', ['    title: { en: "Claude Code is retired here", zh-cn: "此处已停用 Claude Code" }']]] as const) {
    it(`the panel, the status tooltip and the report say the same title: ${name}`, () => {
      const snapshot = snapshotOf(claudePolicy({ extra: [...extra] }), { extensions: CLAUDE_RUNNING });
      const title = buildEditorReport(snapshot, context).findings[0]?.title as string;
      assert.equal(snapshot.panel.cards[0]?.title, title);
      assert.ok(snapshot.status.tooltip.includes(escapeMarkdown(`Claude Code — ${title}`)), snapshot.status.tooltip);
    });
  }
});
