import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { matchExtensions } from '../../src/core/detect/extensions';
import { gatherEvidence, NOTHING_OBSERVED, runsRuledTool } from '../../src/core/detect/gatherEvidence';
import { matchesWildcard } from '../../src/core/detect/wildcard';
import { extensionsStillBlocked } from '../../src/core/enforcement';
import { evaluatePolicy } from '../../src/core/findings';
import { mergeLayers, type SourceState } from '../../src/core/policy/mergeLayers';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { LAYER_ORDER, type PolicyLayer } from '../../src/core/policy/types';
import type { ToolDefinition } from '../../src/core/tools';
import { PolicyParseWorker } from '../../src/machine/policyParseWorker';
import { CAUGHT_EXTENSION, combinatorialPolicies, repeatedMatchersInTwoLayers, starRulesOverManyTools } from './combinatorialPolicies';

const now = new Date('2026-01-01T00:00:00Z');
const subject = { user: 'alice', workspaceFolders: [] };
const caught = { ...NOTHING_OBSERVED, extensions: [{ id: CAUGHT_EXTENSION.id, version: CAUGHT_EXTENSION.version, enabled: true }] };

function layerSource(text: string, index: number): SourceState {
  const layer = LAYER_ORDER[index] as PolicyLayer;
  const result = parsePolicy(text, { layer, path: `${layer}.yaml` });
  if (!result.ok) throw new Error(`${layer}: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return { layer, path: `${layer}.yaml`, status: 'ok', policy: result.policy, problems: [] };
}

// Each of these once took the engine minutes or all its memory (rules × tools expanded per
// rule, matchers compared with matchers, tools scanned per rule per piece of evidence); a
// hang fails them by mocha's timeout. What they assert is the outcome, never a duration.
describe('combinatorial policies: rules × tools × layers × matchers', () => {
  for (const kase of combinatorialPolicies(128 * 1024)) {
    it(`${kase.name} (128 KB a file): merged, and one finding per rule that covers the caught tool`, () => {
      const policy = mergeLayers(kase.layers.map(layerSource));
      assert.equal(policy.rules.length, kase.rules);
      assert.equal(policy.ignored.length, 0);
      const findings = evaluatePolicy(policy, caught, now, subject);
      assert.equal(findings.length, kase.findings);
      assert.ok(findings.every((finding) => finding.evidence.length === 1 && finding.evidence[0]?.kind === 'extension'));
    });
  }

  // The two below assert sharing by identity (one list, one tool set), which a file of any
  // size shows; `npm run bench` times the full 1 MiB files.
  it('a 128 KiB file of "*" rules over thousands of tools: every "*" rule holds one shared list, which leaves out allowed tools', () => {
    const kase = starRulesOverManyTools(128 * 1024);
    const [source] = kase.layers.map(layerSource);
    const rules = source?.policy?.rules ?? [];
    assert.equal(rules.length, kase.rules);
    const list = rules[0]?.tools;
    assert.ok(rules.every((rule) => rule.allTools && rule.tools === list), 'one list for the whole file, not one per rule');
    assert.ok(Object.isFrozen(list));
    assert.equal(list?.length, (source?.policy?.tools.length ?? 0) - 3);
    assert.ok(!list?.includes('t1') && list?.includes('t0') && list.includes('claude-code'));
    const findings = evaluatePolicy(mergeLayers([source as SourceState]), caught, now, subject);
    assert.equal(findings.length, kase.rules);
    assert.equal(findings[0]?.tool.id, 't0');
  });

  it('the "*" list survives the worker thread: sent once, shared again on arrival', async () => {
    const reader = new PolicyParseWorker({ workerFile: path.resolve(__dirname, '..', '..', 'src', 'machine', 'policyParseWorkerMain.js'), deadlineMs: 60_000 });
    try {
      const kase = starRulesOverManyTools(64 * 1024);
      const result = await reader.parse(kase.layers[0] as string, { layer: 'managed', path: 'managed.yaml' });
      assert.ok(result.ok);
      const direct = parsePolicy(kase.layers[0] as string, { layer: 'managed', path: 'managed.yaml' });
      assert.ok(direct.ok);
      const list = result.policy.rules[0]?.tools;
      assert.ok(result.policy.rules.every((rule) => rule.tools === list));
      assert.deepEqual(list, direct.policy.rules[0]?.tools);
      const listed = parsePolicy('version: 1\norganization: O\nrules: [{id: a, tool: [cursor, claude-code]}, {id: b, tool: "*"}]\nallowed: [qoder]\n', { layer: 'user', path: 'u.yaml' });
      const viaThread = await reader.parse('version: 1\norganization: O\nrules: [{id: a, tool: [cursor, claude-code]}, {id: b, tool: "*"}]\nallowed: [qoder]\n', { layer: 'user', path: 'u.yaml' });
      assert.ok(listed.ok && viaThread.ok);
      assert.deepEqual(viaThread.policy.rules.map((rule) => rule.tools), listed.policy.rules.map((rule) => rule.tools));
    } finally {
      reader.dispose();
    }
  });

  it('two 128 KiB layers repeating 11,000 matchers: the lower one adds nothing, so the higher tool set is kept as it is', () => {
    const kase = repeatedMatchersInTwoLayers(128 * 1024);
    const policy = mergeLayers(kase.layers.map(layerSource));
    assert.equal(policy.toolsByLayer.user, policy.toolsByLayer.managed);
    assert.equal(policy.tools.find((tool) => tool.id === 'claude-code')?.extensions.length, Number(/× ([\d,]+)/.exec(kase.name)?.[1]?.replace(/,/g, '')) + 1);
    assert.equal(evaluatePolicy(policy, caught, now, subject).length, 2);
  });

  it('the typed-line filter and the block\'s memory read each "*" list once, and still answer right', () => {
    const kase = starRulesOverManyTools(128 * 1024);
    const text = (kase.layers[0] as string).replace('rules:\n', 'rules:\n  - {id: blocker, tool: "*", enforce: block}\n');
    const policy = mergeLayers([layerSource(text, 0)]);
    assert.ok(runsRuledTool(policy.rules, policy.tools, [{ program: 'claude' }]));
    assert.ok(!runsRuledTool(policy.rules, policy.tools, [{ program: 'ls' }]));
    assert.deepEqual(extensionsStillBlocked(policy, [CAUGHT_EXTENSION.id, 'acme.t1', 'acme.t5', 'someone.else'], now, subject), [CAUGHT_EXTENSION.id, 'acme.t5'],
      't1 is allowed, so only t0 and t5 stay blocked');
  });
});

describe('matcher index: the same answers as comparing every matcher', () => {
  /** A deterministic pseudo-random sequence (no flaky seeds). */
  function* numbers(seed: number): Generator<number> {
    let state = seed;
    for (;;) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      yield state;
    }
  }

  it('extension ids against exact and wildcard matchers of many tools', () => {
    const random = numbers(7);
    const pick = <T>(items: readonly T[]): T => items[(random.next().value as number) % items.length] as T;
    const pieces = ['a', 'b', 'ab', '.', '-', 'x', '*', '**', 'A'];
    const word = (length: number) => Array.from({ length }, () => pick(pieces)).join('');
    const tools: ToolDefinition[] = Array.from({ length: 60 }, (_, i) => ({
      id: `t${i}`, name: `T${i}`, commands: [], packages: [], processes: [], terminalNames: [], apps: [], jetbrainsPlugins: [], acpAgents: [],
      extensions: Array.from({ length: 1 + (i % 4) }, () => word(1 + ((random.next().value as number) % 6))),
    }));
    const ids = Array.from({ length: 400 }, () => word(1 + ((random.next().value as number) % 7)).replace(/\*/g, ''));
    const installed = ids.map((id) => ({ id, version: '1', enabled: true }));
    const slow = installed.flatMap((extension) => tools.filter((tool) => tool.extensions.some((pattern) => matchesWildcard(pattern, extension.id))).map((tool) => `${tool.id}:${extension.id}`));
    const fast = matchExtensions(tools, installed).map((o) => `${o.toolId}:${o.evidence.kind === 'extension' ? o.evidence.extensionId : ''}`);
    assert.ok(slow.length > 50, 'the sample has matches');
    assert.deepEqual(fast, slow);
  });

  it('commands, packages, processes, terminals and editors of the catalog, by every name they list, in any case', () => {
    for (const tool of BUILT_IN_TOOLS) {
      const seen = {
        ...NOTHING_OBSERVED,
        installedCommands: tool.commands.map((command) => ({ command: `${command.toUpperCase()}.exe`, path: `/bin/${command}` })),
        typedCommands: tool.packages.map((pkg) => ({ terminalName: 'bash', commandLine: `npx ${pkg}`, at: '', invocations: [{ program: 'npx', package: pkg.toLowerCase() }] })),
        terminalProcesses: [{ processes: tool.processes.map((name, i) => ({ pid: i + 2, ppid: 1, name, argv: [] })) }],
        terminalNames: tool.terminalNames.map((name) => name.toUpperCase()),
      };
      const kinds = new Set(gatherEvidence(BUILT_IN_TOOLS, seen).filter((o) => o.toolId === tool.id).map((o) => o.evidence.kind));
      if (tool.commands.length > 0) assert.ok(kinds.has('installed'), `${tool.id}: commands`);
      if (tool.packages.length > 0) assert.ok(kinds.has('command'), `${tool.id}: packages`);
      if (tool.processes.length > 0) assert.ok(kinds.has('process'), `${tool.id}: processes`);
      if (tool.terminalNames.length > 0) assert.ok(kinds.has('terminal'), `${tool.id}: terminal names`);
      for (const app of tool.apps) {
        assert.ok(gatherEvidence(BUILT_IN_TOOLS, { ...NOTHING_OBSERVED, hostEditor: { appName: `${app.toUpperCase()} Insiders`, uriScheme: 'none' } }).some((o) => o.toolId === tool.id), `${tool.id}: ${app}`);
      }
    }
  });
});
