import { strict as assert } from 'node:assert';
import type { Acknowledgement, FirstSeen } from '../../../src/core/acknowledgements';
import { evaluatePolicy } from '../../../src/core/findings';
import { mergeLayers } from '../../../src/core/policy/mergeLayers';
import { formatMessage } from '../../../src/core/present/localize';
import { decidePanelMessage, parsePanelMessage } from '../../../src/core/present/panelMessages';
import { buildPanelModel } from '../../../src/core/present/panelModel';
import { Acknowledgements } from '../../../src/vscode/acknowledgements';
import { NOTHING_OBSERVED } from '../../../src/core/detect/gatherEvidence';
import { loadOk, SEED } from '../helpers';

const now = new Date('2026-11-21T10:00:00Z');
const effective = mergeLayers([{ layer: 'managed', path: '/org.yaml', status: 'ok', policy: loadOk(SEED, 'managed', '/org.yaml'), problems: [] }]);
const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: [{ id: 'anthropic.claude-code', version: '2.0.1', enabled: true }] }, now, { user: 'alice', workspaceFolders: [] });
const rule = (findings[0] as (typeof findings)[number]).rule;

/** A store in memory that counts its writes. */
function fakeStore() {
  const state = { acknowledgements: [] as Acknowledgement[], firstSeen: {} as Record<string, FirstSeen>, writes: 0 };
  return {
    state,
    read: async () => ({ memory: { acknowledgements: state.acknowledgements, firstSeen: state.firstSeen }, problems: [] }),
    acknowledge: async (added: readonly Acknowledgement[]) => { state.writes++; state.acknowledgements = [...state.acknowledgements, ...added]; return state.acknowledgements; },
    see: async (ids: readonly string[], at: Date) => {
      state.writes++;
      for (const id of ids) state.firstSeen[id] = { first: state.firstSeen[id]?.first ?? at.toISOString(), last: at.toISOString() };
      return { ...state.firstSeen };
    },
  };
}

describe('acknowledgements in the editor', () => {
  it('shows the button on a card until the rule as written now is acknowledged, then "Read on" its date', () => {
    const before = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now });
    assert.equal(before.cards[0]?.acknowledgeLabel, 'I have read this');
    assert.equal(before.cards[0]?.acknowledged, undefined);
    const memory = { acknowledgements: [{ ruleId: rule.id, hash: rule.hash, at: '2026-11-20T09:00:00.000Z', phase: 'warning' as const }], firstSeen: {} };
    const after = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now, memory });
    assert.equal(after.cards[0]?.acknowledged, 'Read on November 20, 2026');
    assert.equal(after.cards[0]?.acknowledgeLabel, undefined);
    const changed = { acknowledgements: [{ ...memory.acknowledgements[0] as Acknowledgement, hash: 'f'.repeat(64) }], firstSeen: {} };
    assert.equal(buildPanelModel(effective, findings, formatMessage, { user: 'alice', now, memory: changed }).cards[0]?.acknowledgeLabel, 'I have read this', 'an acknowledgement of another text does not hold');
  });

  it('parses the panel\'s acknowledge message and accepts it only for a card that offers the button', () => {
    const model = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now });
    assert.deepEqual(parsePanelMessage({ type: 'acknowledge', ruleId: rule.id }), { type: 'acknowledge', ruleId: rule.id });
    for (const bad of [{ type: 'acknowledge' }, { type: 'acknowledge', ruleId: 7 }, { type: 'acknowledge', ruleId: '' }, { type: 'acknowledge', ruleId: rule.id, all: true }, { type: 'acknowledge', ruleId: 'x'.repeat(9000) }]) {
      assert.equal(parsePanelMessage(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
    assert.equal(decidePanelMessage({ type: 'acknowledge', ruleId: rule.id }, model).accepted, true);
    assert.equal(decidePanelMessage({ type: 'acknowledge', ruleId: 'another-rule' }, model).accepted, false);
    const read = buildPanelModel(effective, findings, formatMessage, { user: 'alice', now, memory: { acknowledgements: [{ ruleId: rule.id, hash: rule.hash, at: now.toISOString(), phase: 'warning' }], firstSeen: {} } });
    assert.equal(decidePanelMessage({ type: 'acknowledge', ruleId: rule.id }, read).accepted, false, 'already read');
  });

  it('acknowledges every rule with a finding once, with its phase and the time, and tells the views', async () => {
    const store = fakeStore();
    const acks = new Acknowledgements(store, () => now, () => undefined);
    let changes = 0;
    acks.onDidChange(() => changes++);
    assert.equal(await acks.acknowledge(findings), 1);
    assert.deepEqual(store.state.acknowledgements, [{ ruleId: rule.id, hash: rule.hash, at: now.toISOString(), phase: findings[0]?.phase.phase }]);
    assert.equal(changes, 1);
    assert.equal(await acks.acknowledge(findings), 0, 'nothing new to acknowledge');
    assert.equal(store.state.writes, 1);
    assert.deepEqual(acks.current.acknowledgements, store.state.acknowledgements);
  });

  it('records first-seen times at most once per new finding or per day', async () => {
    const store = fakeStore();
    const acks = new Acknowledgements(store, () => now, () => undefined);
    await acks.see(findings, now);
    await acks.see(findings, new Date(now.getTime() + 3_600_000));
    assert.equal(store.state.writes, 1);
    await acks.see(findings, new Date(now.getTime() + 2 * 86_400_000));
    assert.equal(store.state.writes, 2);
    assert.equal(acks.current.firstSeen[findings[0]?.id as string]?.first, now.toISOString());
  });

  it('the command answers with what it did, and an error in words', async () => {
    const registered = new Map<string, () => Promise<unknown>>();
    const shown: string[] = [];
    const editor = {
      commands: { registerCommand: (id: string, run: () => Promise<unknown>) => { registered.set(id, run); return { dispose: () => undefined }; } },
      window: { showInformationMessage: async (text: string) => { shown.push(text); return undefined; }, showErrorMessage: async (text: string) => { shown.push(`error: ${text}`); return undefined; } },
      l10n: { t: (message: string, ...args: unknown[]) => formatMessage(message, ...(args as string[])) },
    };
    const failing = { ...fakeStore(), acknowledge: async () => { throw new Error('disk full'); } };
    new Acknowledgements(failing, () => now, () => undefined).register(editor as never, () => findings);
    assert.equal(await registered.get('toolPolicy.acknowledge')?.(), 0);
    new Acknowledgements(fakeStore(), () => now, () => undefined).register(editor as never, () => findings);
    assert.equal(await registered.get('toolPolicy.acknowledge')?.(), 1);
    assert.deepEqual(shown, ['error: Could not record the acknowledgement: Error: disk full', 'Acknowledged 1 policy rule.']);
  });
});
