import { strict as assert } from 'node:assert';
import { escapeNotificationText, MAX_NOTIFICATION_NAME } from '../../src/core/present/escape';

// VS Code's notifications link `[text](https:…)`, `[text](command:…)` and `[text](file:…)`.
const NOTIFICATION_LINK = /(?<!\[)\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('notification text', () => {
  it('keeps Markdown-style links in untrusted names from becoming links, and shows the same characters', () => {
    for (const name of ['[quit](command:workbench.action.quit)', '[x] (https://evil.example)', 'a](file:///etc/passwd)', 'plain [brackets] (and parens)']) {
      const escaped = escapeNotificationText(name);
      assert.equal(escaped.match(NOTIFICATION_LINK), null, name);
      assert.equal(escaped.replace(/\u2060/g, ''), name);
    }
    assert.equal(escapeNotificationText('Claude Code'), 'Claude Code');
  });

  it('cuts a very long name at whole code points, with an ellipsis', () => {
    const cut = escapeNotificationText('😀'.repeat(500));
    assert.equal(Array.from(cut).length, MAX_NOTIFICATION_NAME);
    assert.ok(cut.endsWith('😀…'));
    assert.equal(escapeNotificationText('a'.repeat(MAX_NOTIFICATION_NAME)), 'a'.repeat(MAX_NOTIFICATION_NAME));
  });
});
