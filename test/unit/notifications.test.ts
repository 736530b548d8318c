import { strict as assert } from 'node:assert';
import type { Finding } from '../../src/core/findings';
import { evaluatePolicy } from '../../src/core/findings';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { findingsToNotify, MAX_NOTIFIED, pruneHistory, recordShown, snooze } from '../../src/core/notifications';
import type { Phase } from '../../src/core/phase';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { formatMessage } from '../../src/core/present/localize';
import { notificationMessage } from '../../src/core/present/notificationText';
import { loadOk, SEED, translateZhCn } from './helpers';

const finding = (id: string, phase: Phase, active = true) => ({ id, phase: { phase }, active } as unknown as Finding);
const now = new Date('2026-11-21T10:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);

describe('notification throttling', () => {
  const violation = finding('ban/claude-code', 'violation');
  const warning = finding('soon/codex', 'warning');

  it('notifies warnings and violations in use, as the setting allows', () => {
    const all = [violation, warning, finding('n/x', 'notice'), finding('e/y', 'excepted'), finding('d/z', 'violation', false)];
    assert.deepEqual(findingsToNotify(all, {}, now, 'all').map((f) => f.id), ['ban/claude-code', 'soon/codex']);
    assert.deepEqual(findingsToNotify(all, {}, now, 'violations').map((f) => f.id), ['ban/claude-code']);
    assert.deepEqual(findingsToNotify(all, {}, now, 'off'), []);
  });

  it('shows a finding at most once a day', () => {
    const history = recordShown({}, [violation], now);
    assert.deepEqual(findingsToNotify([violation], history, hours(23.9), 'all'), []);
    assert.deepEqual(findingsToNotify([violation], history, hours(24), 'all').map((f) => f.id), ['ban/claude-code']);
  });

  it('stays quiet for a day after "Remind me tomorrow"', () => {
    const history = snooze(recordShown({}, [warning], now), [warning], now);
    assert.deepEqual(findingsToNotify([warning], history, hours(12), 'all'), []);
    assert.deepEqual(findingsToNotify([warning], history, hours(24.1), 'all').map((f) => f.id), ['soon/codex']);
  });

  it('speaks for the first findings in use only, the same ones each time: a long list is never notified a batch at a time', () => {
    const many = [finding('n/x', 'notice'), ...Array.from({ length: MAX_NOTIFIED + 3000 }, (_, i) => finding(`rule-${i}/claude-code`, 'violation'))];
    const due = findingsToNotify(many, {}, now, 'all');
    assert.equal(due.length, MAX_NOTIFIED);
    assert.equal(due[0]?.id, 'rule-0/claude-code');
    assert.equal(due.at(-1)?.id, `rule-${MAX_NOTIFIED - 1}/claude-code`);
    const history = pruneHistory(recordShown({}, due, now), now);
    assert.deepEqual(findingsToNotify(many, history, hours(1), 'all'), [], 'the next publication notifies nothing');
    assert.equal(findingsToNotify(many, history, hours(24), 'all').length, MAX_NOTIFIED, 'a day later, the same first ones again');
  });

  it('keeps every entry that still holds a notification back (up to ten times the bound); of the older ones only as many as fit the bound', () => {
    const day = 86_400_000;
    const entries = (prefix: string, count: number, at: (i: number) => number) => Array.from({ length: count }, (_, i) => [`${prefix}-${i}/x`, { lastShown: at(i) }] as const);
    const count = (history: object, prefix: string) => Object.keys(history).filter((id) => id.startsWith(`${prefix}-`)).length;
    const holding = entries('held', 500, (i) => now.getTime() - 1000 - i);
    const older = entries('old', MAX_NOTIFIED * 2, (i) => now.getTime() - 2 * day - i * 1000);
    const pruned = pruneHistory(Object.fromEntries([...older, ...holding]), now);
    assert.equal(count(pruned, 'held'), 500);
    assert.equal(count(pruned, 'old'), MAX_NOTIFIED - 500, 'the newest of the older ones, up to the bound');
    assert.ok(pruned['old-0/x'] && !pruned[`old-${MAX_NOTIFIED - 500}/x`]);
    const many = pruneHistory(Object.fromEntries([...older, ...entries('held', MAX_NOTIFIED * 12, (i) => now.getTime() - 1000 - i)]), now);
    assert.equal(count(many, 'held'), MAX_NOTIFIED * 10, 'a hard bound on the file, newest first');
    assert.equal(count(many, 'old'), 0);
    const snoozed = pruneHistory(Object.fromEntries([...older, ...holding, ['snoozed/x', { lastShown: now.getTime() - 3 * day, snoozedUntil: now.getTime() + 1000 }]]), now);
    assert.ok(snoozed['snoozed/x'], 'a snooze still running holds one back');
  });

  it('findings in use that change within a day are not notified again when they come back, across the bound', () => {
    const set = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => finding(`${prefix}-${i}/claude-code`, 'violation'));
    const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
    let history: ReturnType<typeof pruneHistory> = {};
    const notify = (findings: Finding[], at: Date) => {
      const due = findingsToNotify(findings, history, at, 'all');
      if (due.length > 0) history = pruneHistory(recordShown(history, due, at), at);
      return due.length;
    };
    const a = set('a', MAX_NOTIFIED);
    assert.equal(notify(a, minutes(0)), MAX_NOTIFIED);
    assert.equal(notify(set('b', MAX_NOTIFIED), minutes(10)), MAX_NOTIFIED);
    assert.equal(notify(a, minutes(20)), 0);
    // A new finding that sorts first: it and the first of the others are the ones considered.
    const withNew = [finding('new/claude-code', 'violation'), ...a];
    assert.equal(notify(withNew, minutes(30)), 1);
    assert.equal(notify(withNew, minutes(31)), 0, 'the write at minute 30 kept what still holds them back');
    assert.equal(notify(a, minutes(32)), 0);
  });

  it('forgets entries older than a week', () => {
    const history = recordShown({}, [violation], now);
    assert.deepEqual(Object.keys(pruneHistory(history, hours(24 * 6))), ['ban/claude-code']);
    assert.deepEqual(Object.keys(pruneHistory(history, hours(24 * 8))), []);
  });
});

describe('notification text', () => {
  /** What the notifier would show for `text` at `at`, with the Claude Code extension running. */
  function message(text: string, at: Date, locale: string) {
    const effective = mergeLayers([{ layer: 'user', path: 'p.yaml', status: 'ok', policy: loadOk(text), problems: [] }]);
    const installed = [{ id: 'anthropic.claude-code', version: '2.0.1', enabled: true }];
    const due = findingsToNotify(evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: installed }, at, { user: 'a', workspaceFolders: [] }), {}, at, 'all');
    return notificationMessage(due, effective.organization, locale.startsWith('zh') ? translateZhCn : formatMessage, locale);
  }
  const overdue = new Date('2026-11-21T10:00:00Z');
  const soon = new Date('2026-07-05T10:00:00Z');

  it('gives the rule’s own title and alternative in Simplified Chinese, from the file written in two languages', () => {
    assert.equal(message(SEED, overdue, 'zh-cn'), '阿里巴巴集团：不再允许使用 Claude Code（已逾期 134 天）。请改用 Qoder。');
    assert.equal(message(SEED, soon, 'zh-CN'), '阿里巴巴集团：不再允许使用 Claude Code——自 2026年7月10日 起（还剩 5 天）。请改用 Qoder。');
  });

  it('and the English entries to an English reader', () => {
    assert.equal(message(SEED, overdue, 'en'), 'Alibaba Group: Claude Code is no longer permitted (134 days overdue). Use Qoder instead.');
    assert.equal(message(SEED, soon, 'en-US'), 'Alibaba Group: Claude Code is no longer permitted — from July 10, 2026 (5 days left). Use Qoder instead.');
  });

  it('names the tool when the title does not, and says it plainly when the rule has no title', () => {
    const rule = (extra: string) => `version: 1\norganization: { en: ACME, zh-cn: 艾克米 }\nrules:\n  - id: r\n    tool: claude-code\n${extra}`;
    assert.equal(message(rule('    title: { en: High-risk software, zh-cn: 高风险软件 }\n    alternative: { name: { en: Helper, zh-cn: 助手 } }\n'), overdue, 'zh-cn'),
      '艾克米：Claude Code — 高风险软件。请改用 助手。');
    assert.equal(message(rule(''), overdue, 'en'), 'ACME: Claude Code is not permitted.');
    assert.equal(message(rule(''), overdue, 'zh-cn'), '艾克米：不允许使用 Claude Code。');
  });

  it('keeps link syntax in policy text from becoming a link', () => {
    const text = message('version: 1\norganization: "[Org](command:x)"\nrules:\n  - id: r\n    tool: claude-code\n    title: "Claude Code [click](https://evil.example)"\n    alternative: { name: "[Q](command:y)" }\n', overdue, 'en');
    assert.doesNotMatch(text, /\]\s*\(/);
    assert.equal(text.split('\u2060(').length, 4, text);
  });
});
