import { strict as assert } from 'node:assert';
import { matchExtensions } from '../../src/core/detect/extensions';
import { evaluateByLayer } from '../../src/core/findings';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { formatMessage } from '../../src/core/present/localize';
import { decidePanelMessage, linksIn, parsePanelMessage } from '../../src/core/present/panelMessages';
import { buildPanelModel, type PanelModel } from '../../src/core/present/panelModel';
import { loadOk, SEED } from './helpers';

function model(): PanelModel {
  const text = SEED.replace('      commands: [qodercli]', '      commands: [qodercli]\n      extensions: [qoder.qoder-vscode]')
    .replace('    exceptionRequestUrl:', '    links:\n      - { title: Memo, url: "https://intranet.example/memo" }\n    exceptionRequestUrl:');
  const effective = mergeLayers([{ layer: 'managed', path: 'org.yaml', status: 'ok', policy: loadOk(text, 'managed', 'org.yaml'), problems: [] }]);
  const now = new Date('2026-11-21T10:00:00Z');
  const installed = [{ id: 'Anthropic.claude-code', version: '2.0.1', enabled: true }];
  const observations = [...matchExtensions(effective.tools, installed), { toolId: 'claude-code', evidence: { kind: 'terminal' as const, terminalName: 'claude' } }];
  return buildPanelModel(effective, evaluateByLayer(effective, () => observations, now, { user: 'alice', workspaceFolders: [] }), formatMessage, { user: 'alice', now });
}

describe('panel messages', () => {
  describe('parsePanelMessage', () => {
    it('accepts exactly the shapes the panel sends', () => {
      assert.deepEqual(parsePanelMessage({ type: 'ready' }), { type: 'ready' });
      assert.deepEqual(parsePanelMessage({ type: 'openExternal', url: 'https://a.example' }), { type: 'openExternal', url: 'https://a.example' });
      assert.deepEqual(parsePanelMessage({ type: 'copy', text: 'qodercli' }), { type: 'copy', text: 'qodercli' });
      assert.deepEqual(parsePanelMessage({ type: 'uninstall', extensionId: 'a.b' }), { type: 'uninstall', extensionId: 'a.b' });
      assert.deepEqual(parsePanelMessage({ type: 'focusTerminal', name: 'claude' }), { type: 'focusTerminal', name: 'claude' });
      assert.deepEqual(parsePanelMessage({ type: 'installAlternative', extensionId: 'a.b' }), { type: 'installAlternative', extensionId: 'a.b' });
    });

    it('refuses everything else', () => {
      const refused: unknown[] = [
        undefined, null, 'ready', 42, [], ['ready'], {}, { type: 42 }, { type: 'Ready' }, { type: 'toString' }, { type: '__proto__' }, { type: 'constructor' },
        { type: 'ready', extra: 1 }, { type: 'openExternal' }, { type: 'openExternal', url: 7 }, { type: 'openExternal', url: '' },
        { type: 'openExternal', url: 'https://a.example', also: 'x' }, { type: 'openExternal', href: 'https://a.example' },
        { type: 'copy', text: 'x'.repeat(10_000) }, { type: 'uninstall', extensionId: { toString: () => 'a.b' } },
        { type: 'focusTerminal', name: ['claude'] }, JSON.parse('{"type":"copy","__proto__":{"text":"x"}}'),
      ];
      for (const message of refused) assert.equal(parsePanelMessage(message), undefined, JSON.stringify(message) ?? String(message));
    });
  });

  describe('decidePanelMessage against the shown model', () => {
    const shown = model();

    it('lists only the https: links the policy names', () => {
      assert.deepEqual([...linksIn(shown)].sort(), [
        'https://intranet.example/ai-tools',
        'https://intranet.example/forms/ai-exception?tool=claude-code&rule=claude-code-ban&user=alice',
        'https://intranet.example/memo',
        'https://qoder.com/',
      ]);
    });

    it('accepts what the panel offers', () => {
      for (const message of [
        { type: 'openExternal', url: 'https://qoder.com/' },
        { type: 'openExternal', url: 'https://intranet.example/memo' },
        { type: 'copy', text: 'qodercli' },
        { type: 'focusTerminal', name: 'claude' },
      ]) assert.deepEqual(decidePanelMessage(message, shown), { accepted: true, message }, JSON.stringify(message));
      // Ids act as the editor spells them, whatever case the webview sent.
      assert.deepEqual(decidePanelMessage({ type: 'uninstall', extensionId: 'anthropic.CLAUDE-code' }, shown),
        { accepted: true, message: { type: 'uninstall', extensionId: 'Anthropic.claude-code' }, toolName: 'Claude Code' });
      assert.deepEqual(decidePanelMessage({ type: 'installAlternative', extensionId: 'QODER.qoder-vscode' }, shown),
        { accepted: true, message: { type: 'installAlternative', extensionId: 'qoder.qoder-vscode' } });
    });

    it('refuses what it does not, with the reason', () => {
      const reasons = [
        { type: 'openExternal', url: 'https://evil.example/' },
        { type: 'openExternal', url: 'https://qoder.com/?x' },
        { type: 'openExternal', url: 'javascript:alert(1)' },
        { type: 'copy', text: 'rm -rf ~' },
        { type: 'uninstall', extensionId: 'ms-python.python' },
        { type: 'uninstall', extensionId: 'tool-policy.tool-policy-notices' },
        { type: 'installAlternative', extensionId: 'anthropic.claude-code' },
        { type: 'focusTerminal', name: 'bash' },
        { type: 'evil' },
      ].map((message) => {
        const decision = decidePanelMessage(message, shown);
        assert.equal(decision.accepted, false, JSON.stringify(message));
        return decision.accepted ? '' : decision.reason;
      });
      assert.deepEqual(reasons, [
        'the policy names no such https: link', 'the policy names no such https: link', 'the policy names no such https: link',
        'not a command the policy offers', 'no finding names this extension', 'no finding names this extension',
        'no alternative names this extension', 'no finding names this terminal', 'not a panel message',
      ]);
      assert.deepEqual(decidePanelMessage({ type: 'copy', text: 'qodercli' }, undefined), { accepted: false, reason: 'the panel has no content yet' });
    });

    it('never offers an http: link, even one the policy wrote', () => {
      const httpModel: PanelModel = { ...shown, policyUrl: 'http://intranet.example/ai-tools' };
      assert.equal(decidePanelMessage({ type: 'openExternal', url: 'http://intranet.example/ai-tools' }, httpModel).accepted, false);
    });
  });
});
