import { strict as assert } from 'node:assert';
import type { Finding } from '../../src/core/findings';
import { findingsToNotify, pruneHistory, recordShown, snooze } from '../../src/core/notifications';
import type { Phase } from '../../src/core/phase';

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

  it('forgets entries older than a week', () => {
    const history = recordShown({}, [violation], now);
    assert.deepEqual(Object.keys(pruneHistory(history, hours(24 * 6))), ['ban/claude-code']);
    assert.deepEqual(Object.keys(pruneHistory(history, hours(24 * 8))), []);
  });
});
