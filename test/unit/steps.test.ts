import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { matcherIndexSteps } from '../../src/core/detect/matcherIndex';
import { mergeLayerSteps, type SourceState } from '../../src/core/policy/mergeLayers';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { LAYER_ORDER, type PolicyLayer } from '../../src/core/policy/types';
import { formatMessage } from '../../src/core/present/localize';
import { snapshotSteps } from '../../src/core/snapshot';
import { ITEMS_PER_PIECE, Pace, runToEnd, sortInPieces, type Steps } from '../../src/core/steps';
import { mergeToolDefinitions, TOOL_MATCHER_KINDS, type ToolDefinition } from '../../src/core/tools';
import { matcherIndex } from '../../src/core/detect/matcherIndex';
import { CAUGHT_EXTENSION, combinatorialPolicies } from './combinatorialPolicies';

/** Runs `steps` to the end; returns the value and how many pieces it came in. */
function inPieces<T>(steps: Steps<T>): { value: T; pieces: number } {
  let pieces = 1;
  for (;;) {
    const next = steps.next();
    if (next.done) return { value: next.value, pieces };
    pieces++;
  }
}

describe('work in pieces (src/core/steps.ts)', () => {
  it('a pace pauses after every ITEMS_PER_PIECE items, counting what each item is worth', () => {
    const pace = new Pace();
    const dueAt: number[] = [];
    for (let i = 1; i <= 3 * ITEMS_PER_PIECE; i++) if (pace.due()) dueAt.push(i);
    assert.deepEqual(dueAt, [ITEMS_PER_PIECE, 2 * ITEMS_PER_PIECE, 3 * ITEMS_PER_PIECE]);
    assert.equal(new Pace().due(ITEMS_PER_PIECE - 1), false);
    assert.equal(new Pace().due(ITEMS_PER_PIECE + 5), true, 'one item worth more than a piece');
  });

  it('sorting in pieces gives the built-in stable sort\'s order, equal items in their first order', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 300 }),
      fc.integer({ min: 1, max: 40 }),
      (keys, runLength) => {
        const items = keys.map((key, position) => ({ key, position }));
        const expected = items.slice().sort((a, b) => a.key - b.key);
        const { value, pieces } = inPieces(sortInPieces(items, (a, b) => a.key - b.key, runLength));
        assert.equal(value, items, 'in place');
        assert.deepEqual(value, expected);
        if (items.length > runLength) assert.ok(pieces > 1, 'a list longer than a run is sorted in more than one piece');
      },
    ), { numRuns: 300 });
  });

  it('a long list merged in pieces keeps every matcher it adds, also to a known list that repeats one', () => {
    const none: readonly string[] = [];
    const base = { name: 'X', commands: none, packages: none, processes: none, terminalNames: none, apps: none, jetbrainsPlugins: none, acpAgents: none };
    const repeating = Array.from({ length: 299 }, (_, i) => `p.e${i}`).concat('p.e0');
    const known: ToolDefinition[] = [{ id: 'x', ...base, extensions: repeating }];
    const [merged] = mergeToolDefinitions(known, [{ id: 'x', extensions: [...repeating, 'p.new'] }]);
    assert.ok(merged?.extensions.includes('p.new'));
    assert.equal(mergeToolDefinitions(known, [{ id: 'x', extensions: repeating.slice() }]), known, 'nothing added: the known tool set itself');
  });

  it('a tool with hundreds of matchers of kinds the index does not read still has its place in the set', () => {
    const none: readonly string[] = [];
    const tool = (id: string, extra: Partial<ToolDefinition>): ToolDefinition => ({ id, name: id, extensions: none, commands: none, packages: none, processes: none, terminalNames: none, apps: none, jetbrainsPlugins: none, acpAgents: none, ...extra });
    const first = tool('first', { commands: ['first'] });
    const plugins = tool('plugins', { jetbrainsPlugins: Array.from({ length: ITEMS_PER_PIECE * 2 }, (_, i) => `com.example.p${i}`) });
    const last = tool('last', { commands: ['last'] });
    assert.deepEqual(matcherIndex([first, plugins, last]).inSetOrder([last, plugins, first]).map((t) => t.id), ['first', 'plugins', 'last']);
  });

  it('run at once, a long list is sorted by the built-in sort in one piece, to the same order', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 13);
    const items = keys.map((key, position) => ({ key, position }));
    const expected = items.slice().sort((a, b) => a.key - b.key);
    assert.deepEqual(runToEnd(sortInPieces(items.slice(), (a, b) => a.key - b.key)), expected);
    const sliced = inPieces(sortInPieces(items.slice(), (a, b) => a.key - b.key));
    assert.deepEqual(sliced.value, expected);
    assert.ok(sliced.pieces > 20_000 / ITEMS_PER_PIECE, `in pieces when advanced piece by piece (${sliced.pieces})`);
  });

  it('an ordinary policy is one piece: it is decided at once on any machine', () => {
    const text = 'version: 1\norganization: O\nrules: [{id: a, tool: claude-code}, {id: b, tool: "*"}]\n';
    const result = parsePolicy(text, { layer: 'user', path: 'u.yaml' });
    assert.ok(result.ok);
    const merged = inPieces(mergeLayerSteps([{ layer: 'user', path: 'u.yaml', status: 'ok', policy: result.policy, problems: [] }]));
    assert.equal(merged.pieces, 1);
    const snapshot = inPieces(snapshotSteps({
      generation: 1, loaded: true, policy: merged.value, seen: { ...NOTHING_OBSERVED, extensions: [{ id: 'anthropic.claude-code', version: '2.0.0', enabled: true }] },
      now: new Date('2026-01-01T00:00:00Z'), subject: { user: 'me', workspaceFolders: [] }, t: formatMessage, showWhenCompliant: false, locale: 'en', enforced: [],
    }));
    assert.equal(snapshot.pieces, 1);
    assert.equal(snapshot.value.findings.length, 2);
    assert.equal(inPieces(snapshot.value.panelSteps()).pieces, 1);
  });
});

// What the editor runs in slices must pause inside every long loop: a loop over tens of
// thousands of rules, tools, matchers or findings with no pause would stall the editor for
// the whole of it. Counted, not timed: each phase comes in at least one piece per few
// ITEMS_PER_PIECE items of its input.
describe('the editor\'s work on combinatorial policies comes in pieces', () => {
  const matchers = (tools: readonly ToolDefinition[]) => tools.reduce((sum, tool) => sum + TOOL_MATCHER_KINDS.reduce((n, kind) => n + (tool[kind]?.length ?? 0), 0), 0);
  const atLeast = (items: number) => Math.floor(items / (4 * ITEMS_PER_PIECE));
  const caught = { ...NOTHING_OBSERVED, extensions: [{ id: CAUGHT_EXTENSION.id, version: CAUGHT_EXTENSION.version, enabled: true }] };

  for (const kase of combinatorialPolicies(128 * 1024)) {
    it(`${kase.name} (128 KB a file): the merge, the matcher index, the findings and the panel`, () => {
      const sources: SourceState[] = kase.layers.map((text, index) => {
        const layer = LAYER_ORDER[index] as PolicyLayer;
        const result = parsePolicy(text, { layer, path: `${layer}.yaml` });
        assert.ok(result.ok);
        return { layer, path: `${layer}.yaml`, status: 'ok', policy: result.policy, problems: [] };
      });
      // Rules, the tool lists they name (each distinct list is walked once) and the tools' matchers.
      const lists = new Set(sources.flatMap((source) => source.policy?.rules.map((rule) => rule.tools) ?? []));
      const input = sources.reduce((sum, source) => sum + (source.policy?.rules.length ?? 0) + matchers(source.policy?.tools ?? []), 0)
        + [...lists].reduce((sum, list) => sum + list.length, 0);
      const merged = inPieces(mergeLayerSteps(sources));
      assert.ok(merged.pieces >= atLeast(input), `merge: ${merged.pieces} pieces for ${input} rules, listed tools and matchers`);

      const toolSets = [...new Set(LAYER_ORDER.map((layer) => merged.value.toolsByLayer[layer]))];
      for (const tools of toolSets) {
        const index = inPieces(matcherIndexSteps(tools));
        assert.ok(index.pieces >= atLeast(matchers(tools)), `index: ${index.pieces} pieces for ${matchers(tools)} matchers`);
      }

      // Indexed already (above): the snapshot's pieces are the findings'.
      const snapshot = inPieces(snapshotSteps({
        generation: 1, loaded: true, policy: merged.value, seen: caught, now: new Date('2026-01-01T00:00:00Z'),
        subject: { user: 'me', workspaceFolders: [] }, t: formatMessage, showWhenCompliant: false, locale: 'en', enforced: [],
      }));
      assert.equal(snapshot.value.findings.length, kase.findings);
      assert.ok(snapshot.pieces >= atLeast(merged.value.rules.length), `findings: ${snapshot.pieces} pieces for ${merged.value.rules.length} rules`);
      const panel = inPieces(snapshot.value.panelSteps());
      assert.equal(panel.value.cards.length, kase.findings);
      assert.ok(panel.pieces >= atLeast(kase.findings), `panel: ${panel.pieces} pieces for ${kase.findings} cards`);
      assert.equal(snapshot.value.panel, panel.value, 'built once, whichever way it was asked for');
    });
  }

  it('running to the end gives what the pieces give', () => {
    const [kase] = combinatorialPolicies(32 * 1024);
    assert.ok(kase);
    const source = (): SourceState => {
      const result = parsePolicy(kase.layers[0] as string, { layer: 'managed', path: 'm.yaml' });
      assert.ok(result.ok);
      return { layer: 'managed', path: 'm.yaml', status: 'ok', policy: result.policy, problems: [] };
    };
    const whole = runToEnd(mergeLayerSteps([source()]));
    const pieces = inPieces(mergeLayerSteps([source()]));
    assert.deepEqual(pieces.value.rules.map((rule) => rule.id), whole.rules.map((rule) => rule.id));
    assert.deepEqual(pieces.value.tools.map((tool) => tool.id), whole.tools.map((tool) => tool.id));
  });
});
