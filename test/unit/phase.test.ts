import { strict as assert } from 'node:assert';
import { computePhase, MAX_TRUSTED_AHEAD_MS, MonotonicClock } from '../../src/core/phase';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { buildPanelModel } from '../../src/core/present/panelModel';
import { loadOk, SEED } from './helpers';

const subject = { user: 'alice', workspaceFolders: ['/home/alice/src/web'] };
const seedRule = () => {
  const rule = loadOk(SEED).rules[0];
  assert.ok(rule);
  return rule;
};

describe('phases', () => {
  it('is notice before the notice window, warning inside it, violation from the deadline (Asia/Shanghai)', () => {
    const rule = seedRule();
    // Warnings start 30 days before 2026-07-10 00:00 Shanghai = 2026-06-10 00:00 Shanghai = 2026-06-09T16:00Z.
    assert.equal(computePhase(rule, new Date('2026-06-09T15:59:59Z'), rule.timezone, subject).phase, 'notice');
    const warning = computePhase(rule, new Date('2026-06-09T16:00:00Z'), rule.timezone, subject);
    assert.equal(warning.phase, 'warning');
    assert.equal(warning.daysLeft, 30);
    assert.equal(computePhase(rule, new Date('2026-07-09T15:59:59Z'), rule.timezone, subject).phase, 'warning');
    const due = computePhase(rule, new Date('2026-07-09T16:00:00Z'), rule.timezone, subject);
    assert.equal(due.phase, 'violation');
    assert.equal(due.daysOverdue, 0);
  });

  it('counts 134 days overdue on 2026-11-21 and schedules nothing further', () => {
    const rule = seedRule();
    const info = computePhase(rule, new Date('2026-11-21T10:00:00Z'), rule.timezone, subject);
    assert.equal(info.phase, 'violation');
    assert.equal(info.daysOverdue, 134);
    assert.equal(info.nextChange, undefined);
  });

  it('names the next boundary so one timer can be scheduled', () => {
    const rule = seedRule();
    const early = computePhase(rule, new Date('2026-05-01T00:00:00Z'), rule.timezone, subject);
    assert.equal(early.nextChange?.toISOString(), '2026-06-09T16:00:00.000Z');
    const inWindow = computePhase(rule, new Date('2026-06-20T00:00:00Z'), rule.timezone, subject);
    assert.equal(inWindow.nextChange?.toISOString(), '2026-07-09T16:00:00.000Z');
  });

  it('keeps the wall-clock boundary across a DST change (America/New_York)', () => {
    const rule = loadOk('version: 1\norganization: A\ntimezone: America/New_York\nrules:\n  - id: r\n    tool: claude-code\n    deadline: 2026-03-20\n    noticeDays: 14\n').rules[0];
    assert.ok(rule);
    // 2026-03-20 00:00 EDT = 04:00Z; 14 days earlier is 2026-03-06 00:00 EST = 05:00Z (DST starts 03-08).
    assert.equal(rule.deadline?.toISOString(), '2026-03-20T04:00:00.000Z');
    assert.equal(computePhase(rule, new Date('2026-03-06T04:59:59Z'), rule.timezone, subject).phase, 'notice');
    assert.equal(computePhase(rule, new Date('2026-03-06T05:00:00Z'), rule.timezone, subject).phase, 'warning');
  });

  it('counts days in the policy zone, not the machine zone (Asia/Kolkata, UTC+05:30)', () => {
    const rule = loadOk('version: 1\norganization: A\ntimezone: Asia/Kolkata\nrules:\n  - id: r\n    tool: claude-code\n    deadline: 2026-09-01\n    noticeDays: 7\n').rules[0];
    assert.ok(rule);
    // 2026-09-01 00:00 IST = 2026-08-31T18:30Z; warnings from 2026-08-25 00:00 IST = 08-24T18:30Z.
    assert.equal(rule.deadline?.toISOString(), '2026-08-31T18:30:00.000Z');
    assert.equal(computePhase(rule, new Date('2026-08-24T18:29:59Z'), rule.timezone, subject).phase, 'notice');
    const first = computePhase(rule, new Date('2026-08-24T18:30:00Z'), rule.timezone, subject);
    assert.equal(first.phase, 'warning');
    assert.equal(first.daysLeft, 7);
    // 23:00 UTC on 08-31 is already 04:30 on 09-01 in Kolkata: overdue since today there.
    const after = computePhase(rule, new Date('2026-08-31T23:00:00Z'), rule.timezone, subject);
    assert.equal(after.phase, 'violation');
    assert.equal(after.daysOverdue, 0);
  });

  it('is a violation at once when there is no deadline', () => {
    const rule = loadOk('version: 1\norganization: A\ntimezone: UTC\nrules:\n  - id: r\n    tool: claude-code\n').rules[0];
    assert.ok(rule);
    const info = computePhase(rule, new Date('2020-01-01T00:00:00Z'), 'UTC', subject);
    assert.equal(info.phase, 'violation');
    assert.equal(info.daysOverdue, undefined);
  });

  it('is excepted for a matching user or workspace until the exception ends', () => {
    const text = `version: 1\norganization: A\ntimezone: Europe/Berlin\nrules:\n  - id: r\n    tool: claude-code\n    deadline: 2026-07-10\n    exceptions:\n      - until: 2026-08-01\n        users: [alice]\n      - until: 2026-09-01\n        workspaces: ["**/payments-*"]\n`;
    const rule = loadOk(text).rules[0];
    assert.ok(rule);
    const during = new Date('2026-07-20T12:00:00Z');
    const alice = computePhase(rule, during, rule.timezone, subject);
    assert.equal(alice.phase, 'excepted');
    assert.equal(alice.nextChange?.toISOString(), '2026-07-31T22:00:00.000Z');
    assert.equal(computePhase(rule, during, rule.timezone, { user: 'bob', workspaceFolders: ['/src/web'] }).phase, 'violation');
    assert.equal(computePhase(rule, during, rule.timezone, { user: 'bob', workspaceFolders: ['/src/payments-api'] }).phase, 'excepted');
    assert.equal(computePhase(rule, new Date('2026-08-01T00:00:00Z'), rule.timezone, subject).phase, 'violation');
  });

  it('never runs backwards when the machine clock is set back', () => {
    let reading = Date.parse('2026-07-11T00:00:00Z');
    const remembered: number[] = [];
    const clock = new MonotonicClock(() => reading, 0, (latest) => remembered.push(latest));
    assert.equal(clock.now().toISOString(), '2026-07-11T00:00:00.000Z');
    reading = Date.parse('2026-07-01T00:00:00Z');
    assert.equal(clock.now().toISOString(), '2026-07-11T00:00:00.000Z');
    const restored = new MonotonicClock(() => reading, remembered[remembered.length - 1]);
    assert.equal(restored.now().toISOString(), '2026-07-11T00:00:00.000Z');
  });

  it('trusts a remembered time only up to a year ahead of the clock, and says which it uses', () => {
    const day = 86_400_000;
    let reading = Date.parse('2026-07-11T00:00:00Z');
    const remembered: number[] = [];
    // Clock set back 200 days: the remembered time is still used.
    const clock = new MonotonicClock(() => reading, reading + 200 * day, (latest) => remembered.push(latest));
    assert.equal(clock.now().getTime(), reading + 200 * day);
    const state = clock.state();
    assert.equal(state.usingLatestSeen, true);
    assert.equal(state.latestSeen?.getTime(), reading + 200 * day);
    assert.equal(state.reading.getTime(), reading);
    assert.equal(state.distrusted, undefined);
    reading += 200 * day;
    assert.equal(clock.state().usingLatestSeen, false);

    // One glitch to 2099 remembered: set aside, the clock's reading is used, and that is shown.
    reading = Date.parse('2026-07-11T00:00:00Z');
    const glitch = Date.parse('2099-01-01T00:00:00Z');
    const healed = new MonotonicClock(() => reading, glitch, (latest) => remembered.push(latest));
    assert.equal(healed.now().getTime(), reading);
    assert.equal(remembered[remembered.length - 1], reading, 'the glitch is no longer remembered');
    const after = healed.state();
    assert.equal(after.usingLatestSeen, false);
    assert.equal(after.distrusted?.getTime(), glitch);
    assert.ok(reading + MAX_TRUSTED_AHEAD_MS < glitch);
  });

  it('never yields an Invalid Date, whatever was remembered or read', () => {
    let reading = Date.parse('2026-07-11T00:00:00Z');
    for (const stored of [9e15, Number.MAX_VALUE, Infinity, NaN, -1]) {
      const clock = new MonotonicClock(() => reading, stored);
      assert.equal(clock.now().getTime(), reading, String(stored));
    }
    const clock = new MonotonicClock(() => reading);
    clock.now();
    reading = 9e15;
    assert.ok(!Number.isNaN(clock.now().getTime()), 'a reading beyond what a Date holds is ignored');
    assert.equal(clock.now().toISOString(), '2026-07-11T00:00:00.000Z');
  });

  it('the panel says when deadlines are reckoned from the remembered time, or when one was set aside', () => {
    const t = (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));
    const model = (clock: MonotonicClock) => buildPanelModel(mergeLayers([]), [], t, { user: 'a', now: clock.now(), clock: clock.state() });
    const reading = Date.parse('2026-07-01T08:30:00Z');
    assert.equal(model(new MonotonicClock(() => reading, reading)).clock, undefined, 'nothing to say when the clock is right');
    assert.equal(model(new MonotonicClock(() => reading, Date.parse('2026-07-11T00:00:00Z'))).clock,
      'This machine’s clock reads 2026-07-01 08:30 UTC, earlier than the latest time seen (2026-07-11 00:00 UTC); deadlines are reckoned from 2026-07-11 00:00 UTC.');
    assert.match(model(new MonotonicClock(() => reading, Date.parse('2099-01-01T00:00:00Z'))).clock ?? '', /^A remembered time \(2099-01-01 00:00 UTC\) lay more than a year ahead/);
  });
});
