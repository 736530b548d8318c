import { strict as assert } from 'node:assert';
import { blockPlanFor, extensionsToBlock, planEnforcement } from '../../src/core/enforcement';
import type { Finding } from '../../src/core/findings';

const finding = (enforce: 'notify' | 'block', phase: string, extensions: string[], evidenceIds: string[], layer = 'managed') => ({
  rule: { enforce, source: { layer, path: `${layer}.yaml` } },
  phase: { phase },
  tool: { extensions },
  evidence: evidenceIds.map((extensionId) => ({ kind: 'extension', extensionId, version: '1', enabled: true })),
} as unknown as Finding);

describe('enforce: block', () => {
  it('blocks the extensions of block rules past their deadline only', () => {
    assert.deepEqual(extensionsToBlock([
      finding('block', 'violation', ['anthropic.claude-code', 'acme.helper-*'], ['ACME.helper-pro']),
      finding('block', 'warning', ['openai.chatgpt'], []),
      finding('notify', 'violation', ['cline.cline'], []),
      finding('block', 'excepted', ['sst-dev.opencode'], []),
    ]), ['acme.helper-pro', 'anthropic.claude-code']);
  });

  it('never blocks from a workspace rule, nor this extension or a built-in one, whatever the wildcards cover', () => {
    assert.deepEqual(extensionsToBlock([finding('block', 'violation', ['ms-python.python'], ['anthropic.claude-code'], 'workspace')]), []);
    assert.deepEqual(extensionsToBlock([
      finding('block', 'violation', ['*.*', 'tool-policy.*', 'TOOL-POLICY.tool-policy-notices', 'vscode.git'], ['Tool-Policy.tool-policy-notices', 'vscode.typescript-language-features', 'anthropic.claude-code'], 'user'),
    ]), ['anthropic.claude-code']);
    const builtIn = { ...finding('block', 'violation', [], [], 'managed'), evidence: [{ kind: 'extension', extensionId: 'ms-vscode.js-debug', version: '1', enabled: true, builtIn: true }] } as unknown as Finding;
    assert.deepEqual(blockPlanFor(builtIn), { block: [], spared: ['ms-vscode.js-debug'] });
    assert.deepEqual(planEnforcement(undefined, [], ['tool-policy.tool-policy-notices', 'vscode.git']).allowed, undefined, 'nothing protected is ever written');
  });

  it('adds its own entries and never touches what someone else wrote', () => {
    const plan = planEnforcement({ 'ms-python.python': true, 'Anthropic.claude-code': 'stable' }, [], ['anthropic.claude-code', 'openai.chatgpt']);
    assert.deepEqual(plan.allowed, { 'ms-python.python': true, 'Anthropic.claude-code': 'stable', 'openai.chatgpt': false });
    assert.deepEqual(plan.applied, ['openai.chatgpt']);
  });

  it('undoes exactly its own entries when the rule goes away, and is stable when nothing changes', () => {
    const applied = planEnforcement(undefined, [], ['anthropic.claude-code']);
    // Creating the allow-list from nothing keeps every other extension allowed.
    assert.deepEqual(applied.allowed, { 'anthropic.claude-code': false, '*': true });
    assert.deepEqual(applied.applied, ['*', 'anthropic.claude-code']);
    const again = planEnforcement(applied.allowed, applied.applied, ['anthropic.claude-code']);
    assert.equal(again.allowed, undefined, 'no write when nothing changes');
    const undone = planEnforcement({ ...applied.allowed, 'ms-python.python': true }, applied.applied, []);
    assert.deepEqual(undone.allowed, { 'ms-python.python': true });
    assert.deepEqual(undone.applied, []);
    assert.deepEqual(planEnforcement(applied.allowed, applied.applied, []).allowed, {}, 'an emptied setting is removed by the caller');
  });
});
