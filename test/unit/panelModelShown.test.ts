import { strict as assert } from 'node:assert';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { formatMessage } from '../../src/core/present/localize';
import { SHOWN_CARDS } from '../../src/core/present/panelModel';
import { buildSnapshot } from '../../src/core/snapshot';
import { runToEnd } from '../../src/core/steps';
import { loadOk } from './helpers';

/** `count` rules on Claude Code, with the same ids in the managed and the workspace layer: every workspace rule is refused. */
function clashingLayers(count: number) {
  const text = (organization: string) => ['version: 1', `organization: ${organization}`, 'rules:',
    ...Array.from({ length: count }, (_, i) => `  - {id: rule-${i}, tool: claude-code, deadline: 2026-01-01}`), ''].join('\n');
  return mergeLayers([
    { layer: 'managed', path: '/etc/tool-policy/policy.yaml', status: 'ok', policy: loadOk(text('Org'), 'managed', '/etc/tool-policy/policy.yaml'), problems: [] },
    { layer: 'workspace', path: '/ws/.vscode/tool-policy.yaml', status: 'ok', policy: loadOk(text('Workspace'), 'workspace', '/ws/.vscode/tool-policy.yaml'), problems: [] },
  ]);
}

describe('the panel\'s model: what it shows of a very large policy', () => {
  const snapshot = buildSnapshot({
    generation: 1, loaded: true, policy: clashingLayers(SHOWN_CARDS + 50),
    seen: { ...NOTHING_OBSERVED, extensions: [{ id: 'anthropic.claude-code', version: '2.0.0', enabled: true }] },
    now: new Date('2026-06-01T00:00:00Z'), subject: { user: 'me', workspaceFolders: [] }, t: formatMessage, showWhenCompliant: false, locale: 'en', enforced: [],
  });

  it('cards for the first findings only, the summary counting all; the whole model (the report) has every card', () => {
    const shown = runToEnd(snapshot.shownPanelSteps());
    assert.equal(shown.cards.length, SHOWN_CARDS);
    assert.deepEqual(shown.cards.map((card) => card.findingId), snapshot.findings.slice(0, SHOWN_CARDS).map((finding) => finding.id));
    assert.match(shown.summary, /^250 findings; the first: Claude Code, Not permitted$/);
    assert.equal(shown.notShown, '50 more findings are not shown here. Export the compliance report (Tool Policy: Export Compliance Report) to see every one.');
    assert.equal(snapshot.panel.cards.length, SHOWN_CARDS + 50);
    assert.equal(snapshot.panel.notShown, undefined);
    assert.equal(runToEnd(snapshot.shownPanelSteps()), shown, 'built once');
  });

  it('a workspace file that repeats every id of the organisation\'s: the first refusals listed, the rest counted', () => {
    const shown = runToEnd(snapshot.shownPanelSteps());
    assert.equal(shown.ignored.length, SHOWN_CARDS + 1);
    assert.match(shown.ignored[0] ?? '', /^\/ws\/\.vscode\/tool-policy\.yaml: rule "rule-0" is ignored/);
    assert.equal(shown.ignored.at(-1), '50 more refused changes are not listed here. Export the compliance report as JSON (Tool Policy: Export Compliance Report) to see every one.');
    assert.equal(snapshot.panel.ignored.length, SHOWN_CARDS + 50, 'the whole model lists every one');
  });

  it('no more findings than it shows: the shown model is the whole model', () => {
    const small = buildSnapshot({
      generation: 2, loaded: true, policy: clashingLayers(3), seen: { ...NOTHING_OBSERVED, extensions: [{ id: 'anthropic.claude-code', version: '2.0.0', enabled: true }] },
      now: new Date('2026-06-01T00:00:00Z'), subject: { user: 'me', workspaceFolders: [] }, t: formatMessage, showWhenCompliant: false, locale: 'en', enforced: [],
    });
    assert.equal(runToEnd(small.shownPanelSteps()), small.panel);
  });
});
