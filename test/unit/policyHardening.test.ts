import { strict as assert } from 'node:assert';
import { calendarDateIn, resolvePolicyDate } from '../../src/core/dates';
import { computePhase } from '../../src/core/phase';
import { globMatchCost, matchGlob, MAX_GLOB_LENGTH, MAX_MATCHED_PATH_LENGTH, parseGlob } from '../../src/core/policy/glob';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { formatProblem } from '../../src/core/policy/types';
import { hostilePolicies } from './hostilePolicies';
import { loadOk, loadProblems } from './helpers';

const RESERVED = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf', '__defineGetter__'];
const source = { layer: 'user' as const, path: 'policy.yaml' };

/** Every mapping of the format, with a reserved key inserted, in YAML and in JSON. */
function documentsWithKey(key: string): { where: string; yaml: string; json: string }[] {
  const base = () => ({
    version: 1,
    organization: 'ACME',
    tools: [{ id: 'acme', name: 'ACME' }],
    rules: [{
      id: 'r', tool: 'claude-code',
      alternative: { name: 'Q' },
      links: [{ title: 'Memo', url: 'https://intranet.example/memo' }],
      exceptions: [{ until: '2026-08-01' }],
    }],
  });
  type Doc = ReturnType<typeof base>;
  const places: [string, (doc: Doc) => Record<string, unknown>][] = [
    ['top level', (doc) => doc as unknown as Record<string, unknown>],
    ['tool', (doc) => doc.tools[0] as Record<string, unknown>],
    ['rule', (doc) => doc.rules[0] as Record<string, unknown>],
    ['alternative', (doc) => doc.rules[0]?.alternative as Record<string, unknown>],
    ['link', (doc) => doc.rules[0]?.links[0] as Record<string, unknown>],
    ['exception', (doc) => doc.rules[0]?.exceptions[0] as Record<string, unknown>],
  ];
  return places.map(([where, pick]) => {
    const doc = base();
    // defineProperty: an assignment to __proto__ would change the prototype instead.
    Object.defineProperty(pick(doc), key, { value: 'x', enumerable: true });
    const json = JSON.stringify(doc);
    const yaml = json.replace(/^\{/, '{\n').replace(/,"/g, ',\n"');
    return { where, yaml, json };
  });
}

describe('policy hardening', () => {
  describe('reserved keys are unknown keys (never a refusal without a problem)', () => {
    for (const key of RESERVED) {
      it(`"${key}" at every level, YAML and JSON`, () => {
        for (const { where, yaml, json } of documentsWithKey(key)) {
          for (const text of [yaml, json, `version: 1\norganization: ACME\n${key}: x\nrules:\n  - id: r\n    tool: claude-code\n`]) {
            const result = parsePolicy(text, source);
            assert.ok(!result.ok, `${where}: ${key} must not load`);
            const problem = result.problems.find((p) => p.message.startsWith(`unknown key "${key}"`));
            assert.ok(problem, `${where}: ${JSON.stringify(result.problems)}`);
            assert.ok(problem.line >= 1 && problem.column >= 1);
            assert.ok(problem.path.endsWith(key));
          }
        }
      });
    }

    it('never lets a key reach Object.prototype', () => {
      parsePolicy('version: 1\norganization: ACME\nrules:\n  - {id: r, tool: claude-code, __proto__: {polluted: true}}\n', source);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });

  describe('messages', () => {
    const rule = (extra: string) => `version: 1\norganization: ACME\nrules:\n  - id: r\n    tool: claude-code\n${extra}`;

    it('an undefined alias says so at its position', () => {
      const [problem] = loadProblems(rule('    deadline: *nope\n'));
      assert.equal(problem && formatProblem(problem), 'policy.yaml:6:15: the alias *nope refers to no anchor; define &nope before it');
    });

    it('reusing one scalar 149 times is fine; an alias bomb is not', () => {
      const users = Array.from({ length: 149 }, () => '*me').join(', ');
      const policy = loadOk(rule(`    exceptions:\n      - until: 2026-08-01\n        reason: &me alice\n        users: [${users}]\n`));
      assert.equal(policy.rules[0]?.exceptions[0]?.users.length, 149);
      const levels = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
      for (const [i, name] of [...'bcdefghi'].entries()) levels.push(`${name}: &${name} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(',')}]`);
      const problems = loadProblems(levels.join('\n'));
      assert.match(problems[0]?.message ?? '', /expand to more than 200,000 values \(an alias bomb\)/);
    });

    it('YAML 1.1, !!binary, !!timestamp, %TAG and a second document are named as such', () => {
      const [yaml11] = loadProblems(`%YAML 1.1\n---\n${rule('    deadline: 2026-07-10\n')}`);
      assert.equal(yaml11 && `${yaml11.line}:${yaml11.column}`, '1:1');
      assert.match(yaml11?.message ?? '', /^the file asks for YAML 1\.1 \(%YAML 1\.1\), where dates, yes\/no and numbers mean other things/);
      assert.match(loadProblems(`%TAG !e! tag:example.com,2026:\n---\n${rule('')}`)[0]?.message ?? '', /directives other than %YAML 1\.2 \(such as %TAG\) are not supported/);
      assert.match(loadProblems(`${rule('')}---\n${rule('')}`)[0]?.message ?? '', /more than one YAML document/);
      assert.match(loadProblems(rule('    noticeDays: !!int abc\n'))[0]?.message ?? '', /the tag !!int does not fit this value/);
      // YAML 1.2 is what a policy is read as anyway.
      assert.equal(loadOk(`%YAML 1.2\n---\n${rule('    noticeDays: !!int "12"\n')}`).rules[0]?.noticeDays, 12);
      assert.match(loadProblems(rule('    reason: !!binary aGVsbG8=\n'))[0]?.message ?? '', /the tag !!binary is not supported/);
      assert.match(loadProblems(rule('    deadline: !!timestamp 2026-07-10\n'))[0]?.message ?? '', /the tag !!timestamp is not supported/);
      assert.match(loadProblems(rule('    reason: !secret x\n'))[0]?.message ?? '', /unknown tag !secret/);
      // Tags that only restate plain YAML are fine.
      assert.equal(loadOk(rule('    reason: !!str 12\n')).rules[0]?.reason, '12');
    });

    it('a complex key says so', () => {
      const [problem] = loadProblems(rule('    ? [a, b]\n    : 1\n'));
      assert.match(problem?.message ?? '', /complex keys such as "\? \[a, b\]" are not allowed/);
      assert.equal(problem?.line, 6);
    });

    it('a bad 900 KB value is quoted cut short', () => {
      const huge = 'x'.repeat(900 * 1024);
      const problems = loadProblems(`version: 1\norganization: ACME\ncontact: ${huge}\nrules:\n  - id: r\n    tool: claude-code\n`);
      const message = problems[0]?.message ?? '';
      assert.ok(message.length < 300, `${message.length} characters`);
      assert.match(message, /^"x{80}…" \(921600 characters\) is neither an e-mail address nor an https: URL$/);
    });

    it('names from the file are echoed cut short, in ids, aliases, tags and field paths', () => {
      const long = 'a'.repeat(400 * 1024);
      const echoes = [
        loadProblems(`version: 1\norganization: ACME\nrules:\n  - id: ${long}\n    tool: claude-code\n  - id: ${long}\n    tool: claude-code\n`),
        loadProblems(rule(`    tool: ${long}\n`).replace('    tool: claude-code\n', '')),
        loadProblems(rule(`    deadline: *${long}\n`)),
        loadProblems(rule(`    reason: !${long} x\n`)),
        loadProblems(rule(`    ${long}: x\n`)),
      ];
      for (const problems of echoes) {
        assert.ok(problems.length > 0);
        for (const problem of problems) assert.ok(problem.message.length + problem.path.length < 600, `${problem.path}: ${problem.message.slice(0, 120)}`);
      }
    });

    it('invisible characters in a name are shown, so a key that only looks right is named as it is', () => {
      const problem = loadProblems('version: 1\norganization: ACME\nr\ufeffules:\n  - id: r\n    tool: claude-code\n').find((p) => p.message.startsWith('unknown key'));
      assert.equal(problem?.path, '"r\\u{feff}ules"');
      assert.match(problem?.message ?? '', /^unknown key "r\\u\{feff\}ules" \(did you mean "rules"\?\)/);
      const [separator] = loadProblems(rule('    re\u2028ason: x\n'));
      assert.equal(separator?.path, 'rules[0]."re\\u{2028}ason"');
    });

    it('"did you mean" stops once its work for the file is spent, and every unknown tool is still named', () => {
      const tools = Array.from({ length: 1000 }, (_, i) => `  - {id: known-${i}}`).join('\n');
      const refs = Array.from({ length: 20 }, (_, i) => `  - {id: r${i}, tool: known-${i}x}`).join('\n');
      const problems = loadProblems(`version: 1\norganization: ACME\ntools:\n${tools}\nrules:\n${refs}\n`);
      assert.equal(problems.length, 20);
      const suggested = problems.filter((p) => /did you mean/.test(p.message)).length;
      // 1,025 known ids (the catalog's and the file's) per suggestion: 3 of 20 fit in 4,000 distances.
      assert.equal(suggested, 3, problems.map((p) => p.message).join('\n'));
      assert.ok(problems.every((p) => /^unknown tool "known-\d+x"/.test(p.message)));
    });

    it('a duplicate key keeps its message and position', () => {
      const [problem] = loadProblems('version: 1\norganization: ACME\nversion: 1\nrules: [{id: r, tool: claude-code}]\n');
      assert.equal(problem && `${problem.line}:${problem.column} ${problem.message}`, '3:1 YAML syntax error: Map keys must be unique; "version" is already set on line 1');
    });
  });

  describe('validation gaps', () => {
    const withContact = (contact: string) => `version: 1\norganization: ACME\ncontact: ${JSON.stringify(contact)}\nrules: [{id: r, tool: claude-code}]\n`;
    const withPolicyUrl = (url: string) => `version: 1\norganization: ACME\npolicyUrl: ${JSON.stringify(url)}\nrules: [{id: r, tool: claude-code}]\n`;

    it('contact is an e-mail address or an https: URL', () => {
      assert.equal(loadOk(withContact('it-security@example.com')).contact, 'it-security@example.com');
      assert.equal(loadOk(withContact('https://intranet.example/security')).contact, 'https://intranet.example/security');
      for (const bad of ['http://intranet.example/security', 'javascript:alert(1)', 'https:evil.example']) {
        assert.equal(loadProblems(withContact(bad))[0]?.path, 'contact', bad);
      }
    });

    it('links are https: URLs written as a browser reads them', () => {
      assert.equal(loadOk(withPolicyUrl('https://intranet.example/ai-tools')).policyUrl, 'https://intranet.example/ai-tools');
      assert.ok(loadOk(withPolicyUrl('https://Intranet.Example/AI?x=1#top')));
      for (const bad of [' https://intranet.example/', 'https:evil.example', 'https:\\\\evil.example', 'https://intranet.example@evil.example/', 'https://evil.example\t/', 'http://intranet.example/', 'https:///x']) {
        const [problem] = loadProblems(withPolicyUrl(bad));
        assert.equal(problem?.path, 'policyUrl', JSON.stringify(bad));
      }
    });

    it('malformed globs are refused with what is wrong', () => {
      const withGlob = (glob: string) => `version: 1\norganization: ACME\nrules:\n  - id: r\n    tool: claude-code\n    exceptions:\n      - until: 2026-08-01\n        workspaces: [${JSON.stringify(glob)}]\n`;
      const cases: [string, RegExp][] = [
        ['[', /"\[" at character 1 is never closed/],
        ['**/{a', /"\{" at character 4 is never closed/],
        ['**/a}', /"\}" at character 5 has no matching "\{"/],
        ['**/[]', /never closed|matches nothing/],
        ['**/[z-a]', /runs backwards/],
        ['**/+(a|b)', /extended globs/],
        ['x'.repeat(MAX_GLOB_LENGTH + 1), /limited to 256/],
        ['{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}', /more than 32 alternatives/],
      ];
      for (const [glob, expected] of cases) {
        const [problem] = loadProblems(withGlob(glob));
        assert.equal(problem?.path, 'rules[0].exceptions[0].workspaces[0]', glob);
        assert.match(problem?.message ?? '', expected, glob);
      }
      assert.ok(loadOk(withGlob('**/payments-{api,web}/[a-z]*')));
    });

    it('tool: "*" that covers no tool is applied, with a warning', () => {
      const result = parsePolicy('version: 1\norganization: ACME\ntools: [{id: only}]\nallowed: [only]\nrules: [{id: r, tool: "*", alternative: {name: Only}}]\n', source, { knownTools: [] });
      assert.ok(result.ok, 'a warning never keeps a file from being applied');
      assert.equal(result.policy.rules.length, 1);
      assert.equal(result.warnings.length, 1);
      assert.equal(result.warnings[0]?.severity, 'warning');
      assert.equal(result.warnings[0]?.path, 'rules[0].tool');
      assert.match(formatProblem(result.warnings[0] as never), /^policy\.yaml:5:\d+: warning: rules\[0\]\.tool: "\*" covers no tool here/);
      const normal = parsePolicy('version: 1\norganization: ACME\nrules: [{id: r, tool: "*", alternative: {name: Qoder}}]\n', source);
      assert.ok(normal.ok && normal.warnings.length === 0);
    });
  });

  describe('exception globs', () => {
    const compile = (pattern: string) => {
      const parsed = parseGlob(pattern);
      assert.ok(parsed.ok, pattern);
      return parsed.glob;
    };

    it('the backtracking reproducer is decided in bounded steps (no timing involved)', () => {
      const pattern = '**/*-*-*-*-*-*-*-*-*-*-*-*-*-x';
      const folder = `/home/alice/src/${'a-'.repeat(32)}`;
      globMatchCost.steps = 0;
      assert.equal(matchGlob(compile(pattern), folder), false);
      assert.ok(globMatchCost.steps <= pattern.length * folder.length, `${globMatchCost.steps} steps`);
      globMatchCost.steps = 0;
      assert.equal(matchGlob(compile(pattern), `${folder}x`), true);
      // The worst case the validator admits: the longest pattern against the longest path matched.
      const worst = `**/${'*a'.repeat((MAX_GLOB_LENGTH - 4) / 2)}b`;
      const longPath = `/${'a'.repeat(MAX_MATCHED_PATH_LENGTH - 1)}`;
      globMatchCost.steps = 0;
      assert.equal(matchGlob(compile(worst), longPath), false);
      assert.ok(globMatchCost.steps <= worst.length * longPath.length * 2, `${globMatchCost.steps} steps`);
    });

    it('brace alternatives cannot multiply the work: their expansion is bounded, and a longer path never matches', () => {
      // 32 alternatives of a 250-character pattern each would be 32 times the work of one.
      const multiplied = `**/{?,?}{?,?}{?,?}{?,?}{?,?}*${'a'.repeat(220)}b`;
      const refused = parseGlob(multiplied);
      assert.ok(!refused.ok && /expand to 7\d{3} characters of patterns; a folder glob may expand to at most 512/.test(refused.problem), JSON.stringify(refused));
      // Past the length bound an exception never applies: the rule stays in force.
      assert.equal(matchGlob(compile('/**'), `/${'a'.repeat(MAX_MATCHED_PATH_LENGTH)}`), false);
      assert.equal(matchGlob(compile('/**'), `/${'a'.repeat(MAX_MATCHED_PATH_LENGTH - 1)}`), true);
    });

    it('no pattern of a hostile family costs more than 200,000 steps against any folder up to the length bound', () => {
      let worst = { steps: 0, pattern: '', names: 0 };
      for (const k of [4, 8, 16, 30, 60, 120, 250]) {
        for (const m of [1, 2, 4, 8, 16]) {
          const pattern = `**/${Array.from({ length: m }, () => `*${'a'.repeat(k)}b`).join('/**/')}`;
          if (pattern.length > MAX_GLOB_LENGTH) continue;
          for (const nameLength of [10, 50, 100, 255, 1020]) {
            const names = Math.max(1, Math.floor((MAX_MATCHED_PATH_LENGTH - 1) / (nameLength + 1)));
            globMatchCost.steps = 0;
            assert.equal(matchGlob(compile(pattern), `/${'a'.repeat(nameLength)}`.repeat(names)), false);
            if (globMatchCost.steps > worst.steps) worst = { steps: globMatchCost.steps, pattern, names };
          }
        }
      }
      assert.ok(worst.steps > 1000, 'the family is hostile at all');
      assert.ok(worst.steps <= 200_000, JSON.stringify(worst));
    });

    it('a folder asked about again is answered without matching again', () => {
      const glob = compile('**/*-*-*-*-x');
      const folder = `/home/alice/src/${'a-'.repeat(32)}x`;
      assert.equal(matchGlob(glob, folder), true);
      globMatchCost.steps = 0;
      assert.equal(matchGlob(glob, folder), true);
      assert.equal(globMatchCost.steps, 0);
      assert.equal(matchGlob(glob, folder.toUpperCase(), { nocase: true }), true);
      assert.ok(globMatchCost.steps > 0, 'case-insensitive is its own question');
    });

    it('matches as picomatch did for the patterns a policy uses', () => {
      const yes: [string, string][] = [
        ['**/payments-*', '/home/alice/src/payments-api'],
        ['**/payments-*', 'C:/src/payments-web'],
        ['/srv/**', '/srv/a/b/c'],
        ['/srv/**', '/srv'],
        ['**/src/*/web', '/home/alice/src/shop/web'],
        ['**/{api,web}', '/x/web'],
        ['**/proj-[0-9]', '/x/proj-7'],
        ['**/proj-[!0-9]', '/x/proj-a'],
        ['**/?at', '/x/cat'],
        ['**/*', '/x/.hidden'],
        ['**/a\\*b', '/x/a*b'],
        ['/home/alice/src/payments-api/', '/home/alice/src/payments-api'],
      ];
      const no: [string, string][] = [
        ['**/payments-*', '/home/alice/src/web'],
        ['/srv/*', '/srv/a/b'],
        ['**/proj-[0-9]', '/x/proj-a'],
        ['**/a\\*b', '/x/axxb'],
        ['payments-*', '/home/alice/payments-api'],
        ['**/{api,web}', '/x/app'],
      ];
      for (const [pattern, path] of yes) assert.equal(matchGlob(compile(pattern), path), true, `${pattern} ~ ${path}`);
      for (const [pattern, path] of no) assert.equal(matchGlob(compile(pattern), path), false, `${pattern} !~ ${path}`);
      assert.equal(matchGlob(compile('**/Payments-*'), 'C:/SRC/payments-web', { nocase: true }), true);
      assert.equal(matchGlob(compile('**/Payments-*'), '/src/payments-web'), false);
    });

    it('an exception with the reproducer glob leaves the rule in force', () => {
      const policy = loadOk('version: 1\norganization: ACME\nrules:\n  - id: r\n    tool: claude-code\n    exceptions:\n      - until: 2099-01-01\n        workspaces: ["**/*-*-*-*-*-*-*-*-*-*-*-*-*-x"]\n');
      const rule = policy.rules[0];
      assert.ok(rule);
      const info = computePhase(rule, new Date('2026-08-01T00:00:00Z'), rule.timezone, { user: 'alice', workspaceFolders: [`/home/alice/src/${'a-'.repeat(32)}`] });
      assert.equal(info.phase, 'violation');
    });
  });

  describe('dates', () => {
    it('years 0000-0099 are those years', () => {
      assert.equal(resolvePolicyDate('0050-01-01', 'UTC')?.toISOString(), '0050-01-01T00:00:00.000Z');
      assert.equal(resolvePolicyDate('0000-03-01', 'UTC')?.toISOString(), '0000-03-01T00:00:00.000Z');
      assert.equal(resolvePolicyDate('0099-12-31T12:00:00Z', 'UTC')?.toISOString(), '0099-12-31T12:00:00.000Z');
      assert.equal(loadOk('version: 1\norganization: ACME\ntimezone: UTC\nrules: [{id: r, tool: claude-code, deadline: 0050-01-01}]\n').rules[0]?.deadline?.getUTCFullYear(), 50);
    });

    it('offsets beyond ±14:00 are refused, ±14:00 is fine', () => {
      for (const bad of ['2026-07-10T00:00:00+99:00', '2026-07-10T00:00:00-15:00', '2026-07-10T00:00:00+14:01', '2026-07-10T00:00+05:60']) {
        const [problem] = loadProblems(`version: 1\norganization: ACME\nrules: [{id: r, tool: claude-code, deadline: "${bad}"}]\n`);
        assert.match(problem?.message ?? '', /outside the −14:00 to \+14:00/, bad);
      }
      assert.equal(resolvePolicyDate('2026-07-10T00:00:00+14:00', 'UTC')?.toISOString(), '2026-07-09T10:00:00.000Z');
      assert.equal(resolvePolicyDate('2026-07-10T00:00:00-12:00', 'UTC')?.toISOString(), '2026-07-10T12:00:00.000Z');
    });

    it('a day whose midnight does not exist starts at its first instant, for deadlines and warnings', () => {
      // Santiago skips 00:00-01:00 on 2026-09-06 (clocks go from 00:00 to 01:00, UTC-4 to UTC-3).
      const zone = 'America/Santiago';
      assert.equal(resolvePolicyDate('2026-09-06', zone)?.toISOString(), '2026-09-06T04:00:00.000Z');
      const policy = loadOk(`version: 1\norganization: ACME\ntimezone: ${zone}\nrules: [{id: r, tool: claude-code, deadline: 2026-09-16, noticeDays: 10}]\n`);
      const rule = policy.rules[0];
      assert.ok(rule);
      const info = computePhase(rule, new Date('2026-09-01T00:00:00Z'), zone, { user: 'a', workspaceFolders: [] });
      assert.equal(info.warningStarts?.toISOString(), '2026-09-06T04:00:00.000Z', 'the first instant of 6 September in Santiago');
      // A deadline on the day of the gap, with warnings starting on an ordinary day.
      const onGap = loadOk(`version: 1\norganization: ACME\ntimezone: ${zone}\nrules: [{id: r, tool: claude-code, deadline: 2026-09-06, noticeDays: 1}]\n`).rules[0];
      assert.ok(onGap);
      const gapInfo = computePhase(onGap, new Date('2026-09-01T00:00:00Z'), zone, { user: 'a', workspaceFolders: [] });
      assert.equal(gapInfo.warningStarts?.toISOString(), '2026-09-05T04:00:00.000Z', '00:00 on 5 September (UTC-4)');
    });

    it('names the calendar date of an instant in the rule\'s zone', () => {
      const deadline = new Date('2026-07-09T16:00:00Z'); // midnight of 10 July in Shanghai
      assert.equal(calendarDateIn(deadline, 'Asia/Shanghai'), '2026-07-10');
      assert.equal(calendarDateIn(deadline, 'America/New_York'), '2026-07-09');
      assert.equal(calendarDateIn(new Date('2026-07-09T15:59:59.999Z'), 'Asia/Shanghai'), '2026-07-09');
      assert.equal(calendarDateIn(new Date('2026-09-06T04:00:00Z'), 'America/Santiago'), '2026-09-06', 'the first instant after a skipped midnight');
      assert.equal(calendarDateIn(new Date('2026-01-01T00:00:00Z'), 'Pacific/Kiritimati'), '2026-01-01');
      assert.equal(calendarDateIn(new Date('2025-12-31T10:00:00Z'), 'Pacific/Kiritimati'), '2026-01-01', 'UTC+14');
      assert.equal(calendarDateIn(new Date('0050-01-01T00:00:00Z'), 'UTC'), '0050-01-01');
    });
  });

  describe('hostile files (decided correctly; `npm run bench` times them)', function () {
    this.timeout(120_000);
    for (const hostile of hostilePolicies()) {
      it(`${hostile.name} (${Buffer.byteLength(hostile.text).toLocaleString('en')} bytes)`, () => {
        assert.ok(Buffer.byteLength(hostile.text) <= 1024 * 1024);
        const result = parsePolicy(hostile.text, source);
        if (hostile.expect.ok) {
          assert.ok(result.ok, JSON.stringify(!result.ok && result.problems.slice(0, 3)));
          assert.equal(result.policy.rules.length, hostile.expect.rules);
        } else {
          assert.ok(!result.ok);
          const expected = hostile.expect.problem;
          assert.ok(result.problems.some((p) => `${p.path}: ${p.message}`.includes(expected)), JSON.stringify(result.problems.slice(0, 3)));
        }
      });
    }

    it('a mapping with 60,000 unknown keys lists 100 of them and counts the rest', () => {
      const lines = ['version: 1', 'organization: ACME', 'rules: [{id: r, tool: claude-code}]'];
      for (let i = 0; i < 60_000; i++) lines.push(`k${i}: 0`);
      const problems = loadProblems(lines.join('\n'));
      assert.equal(problems.length, 101);
      assert.equal(problems[100]?.message, '59900 more problems not listed');
    });

    it('10,000 unknown tool ids against 48,000 defined ones are refused without a suggestion search for each', () => {
      const defined = Array.from({ length: 48_000 }, (_, i) => `{id: t${i}}`).join(',');
      const unknown = Array.from({ length: 10_000 }, (_, i) => `u${i}`).join(',');
      const problems = loadProblems(`version: 1\norganization: ACME\ntools: [${defined}]\nrules: [{id: r, tool: [${unknown}]}]\n`);
      assert.ok(problems.length >= 100 && problems.length <= 101, `${problems.length} problems`);
      assert.match(problems[0]?.message ?? '', /^unknown tool "u0"; define it under tools:/);
    });

    it('the 48,000 tools of the hostile file stay out of "*"', () => {
      const hostile = hostilePolicies().find((h) => h.name.startsWith('48,000'));
      const result = parsePolicy(hostile?.text ?? '', source);
      assert.ok(result.ok);
      const tools = result.policy.rules[0]?.tools ?? [];
      assert.ok(tools.includes('claude-code') && !tools.includes('t0') && !tools.includes('t47999'));
    });
  });
});
