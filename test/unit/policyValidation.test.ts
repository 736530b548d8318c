import { strict as assert } from 'node:assert';
import { calendarDateIn } from '../../src/core/dates';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { formatProblem, type PolicyProblem } from '../../src/core/policy/types';
import { loadOk, loadProblems } from './helpers';

const source = { layer: 'user' as const, path: 'policy.yaml' };
const HEAD = 'version: 1\norganization: ACME\n';
const ALTERNATIVE = '    alternative: { name: Qoder }\n';
const rule = (extra: string) => `${HEAD}rules:\n  - id: r\n    tool: claude-code\n${ALTERNATIVE}${extra}`;
const shown = (problems: readonly PolicyProblem[]) => problems.map(formatProblem);

describe('validation: every problem in one pass', () => {
  it('field errors do not hold back unknown tools, repeated ids or anything else', () => {
    const problems = shown(loadProblems([
      HEAD,
      'allowed: [qodr]\n',
      'rules:\n',
      '  - id: r\n    tool: cluade-code\n    deadline: 2026-13-01\n    alternative: { name: Q, tool: curosr }\n',
      '  - id: r\n    tool: [cursor, 5]\n    noticeDays: -1\n',
    ].join('')));
    assert.deepEqual(problems, [
      'policy.yaml:3:11: allowed[0]: unknown tool "qodr" (did you mean "qoder"?); define it under tools: or use a catalog id',
      'policy.yaml:6:11: rules[0].tool: unknown tool "cluade-code" (did you mean "claude-code"?); define it under tools: or use a catalog id',
      'policy.yaml:7:15: rules[0].deadline: "2026-13-01" is not a date (expected YYYY-MM-DD or ISO 8601 with offset): there is no such day',
      'policy.yaml:8:35: rules[0].alternative.tool: unknown tool "curosr" (did you mean "cursor"?); define it under tools: or use a catalog id',
      'policy.yaml:9:9: rules[1].id: rule id "r" is used twice in this file',
      'policy.yaml:10:20: rules[1].tool[1]: expected text, got the number 5',
      'policy.yaml:11:17: rules[1].noticeDays: -1 is out of range (0 to 3650)',
    ]);
  });

  it('a file with thousands of problems lists a hundred, in the file\'s order, and counts the rest', () => {
    const rules = Array.from({ length: 3000 }, (_, i) => `  - {id: r${i}, tool: nope-${i}, deadline: 2026-02-30}\n`).join('');
    const problems = loadProblems(`${HEAD}rules:\n${rules}`);
    assert.equal(problems.length, 101);
    assert.equal(problems[100]?.message, '5900 more problems not listed');
    const lines = problems.slice(0, 100).map((p) => p.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  });
});

describe('validation: warnings (the file still applies)', () => {
  it('a rule without an alternative', () => {
    const result = parsePolicy(`${HEAD}rules:\n  - id: quiet-ban\n    tool: cursor\n`, source);
    assert.ok(result.ok);
    assert.deepEqual(shown(result.warnings), ['policy.yaml:4:5: warning: rules[0]: rule "quiet-ban" names no alternative: the people it stops are not told what to use instead (add alternative: with at least a name)']);
  });

  it('an exception that ends before its rule\'s deadline, and none for one that ends after it', () => {
    const result = parsePolicy(rule('    deadline: 2026-07-10\n    exceptions:\n      - until: 2026-06-01\n      - until: 2026-07-10\n      - until: 2026-08-01\n'), source);
    assert.ok(result.ok);
    assert.deepEqual(result.warnings.map((w) => `${w.line}:${w.column} ${w.path}`), ['9:16 rules[0].exceptions[0].until', '10:16 rules[0].exceptions[1].until']);
    assert.match(result.warnings[0]?.message ?? '', /ends \(2026-06-01\) no later than the rule's deadline \(2026-07-10\): it only hides the notices/);
    assert.ok(loadOk(rule('    exceptions:\n      - until: 2026-06-01\n')), 'no deadline: nothing to compare with');
  });

  it('an unquoted ": " inside a value says to quote it, with the quoted form, in block and flow style', () => {
    const [block] = loadProblems(rule('    title: Claude Code: not permitted\n'));
    assert.equal(block && formatProblem(block), 'policy.yaml:7:23: YAML syntax error: the value of "title" contains ": ", which YAML reads as the start of another key: quote this value (write title: "Claude Code: not permitted")');
    const [top] = loadProblems('version: 1\norganization: ACME: Inc\nrules: [{id: r, tool: claude-code}]\n');
    assert.match(top?.message ?? '', /the value of "organization" contains ": ".*quote this value \(write organization: "ACME: Inc"\)/);
    const [flow] = loadProblems(`${HEAD}rules: [{id: r, tool: claude-code, title: a: b}]\n`);
    assert.match(flow?.message ?? '', /the value of "title" contains ": ".*quote this value \(write title: "a: b"\)/);
    // A real indentation mistake is still called one.
    const [indent] = loadProblems(`${HEAD}rules:\n  - id: r\n      tool: claude-code\n`);
    assert.match(indent?.message ?? '', /^YAML syntax error: bad indentation of a mapping entry/);
  });
});

describe('validation: alternative.tool', () => {
  it('names a catalog tool or one under tools:, and is kept on the rule', () => {
    const policy = loadOk(`${HEAD}tools: [{id: acme-ai, name: ACME AI}]\nrules:\n  - id: r\n    tool: claude-code\n    alternative: { name: Qoder, tool: qoder }\n  - id: s\n    tool: cursor\n    alternative: { name: ACME AI, tool: acme-ai }\n`);
    assert.deepEqual(policy.rules.map((r) => r.alternative?.tool), ['qoder', 'acme-ai']);
  });

  it('an unknown id is an error with "did you mean"; "*" is no tool', () => {
    const [unknown] = loadProblems(rule('').replace(ALTERNATIVE, '    alternative: { name: Qoder, tool: qodre }\n'));
    assert.equal(unknown?.path, 'rules[0].alternative.tool');
    assert.match(unknown?.message ?? '', /^unknown tool "qodre" \(did you mean "qoder"\?\)/);
    const [star] = loadProblems(rule('').replace(ALTERNATIVE, '    alternative: { name: Qoder, tool: "*" }\n'));
    assert.match(star?.message ?? '', /"\*" is not a valid id/);
  });
});

describe('validation: places and echoes', () => {
  it('CR-only and mixed line ends give the right line and column', () => {
    for (const end of ['\r', '\r\n', '\n']) {
      const [problem] = loadProblems(['version: 1', 'organization: ACME', 'rules:', '  - id: r', '    tool: nope', ''].join(end));
      assert.equal(problem && `${problem.line}:${problem.column}`, '5:11', JSON.stringify(end));
    }
    const [mixed] = loadProblems('version: 1\r\norganization: ACME\rrules:\n  - id: r\r\n    tool: nope\r');
    assert.equal(mixed && `${mixed.line}:${mixed.column}`, '5:11');
  });

  it('dates whose day lies outside the years 0000–9999 in the policy\'s zone are refused; the extremes inside are written with four digits', () => {
    const withDeadline = (zone: string, deadline: string) => `version: 1\norganization: ACME\ntimezone: ${zone}\nrules:\n  - id: r\n    tool: claude-code\n${ALTERNATIVE}    deadline: "${deadline}"\n`;
    for (const [zone, deadline, year] of [['UTC', '0000-01-01T00:00:00+01:00', -1], ['UTC', '9999-12-31T23:00:00-05:00', 10000], ['America/New_York', '0000-01-01T02:00:00Z', -1]] as const) {
      const [problem] = loadProblems(withDeadline(zone, deadline));
      assert.equal(problem?.path, 'rules[0].deadline');
      assert.equal(problem?.message, `"${deadline}" falls in the year ${year} in ${zone}; a policy date must fall within the years 0000 to 9999`);
    }
    for (const [zone, deadline] of [['Asia/Shanghai', '0000-01-01'], ['Pacific/Kiritimati', '9999-12-31'], ['UTC', '0000-01-01T00:00:00Z']] as const) {
      const rule0 = loadOk(withDeadline(zone, deadline)).rules[0];
      assert.match(calendarDateIn(rule0?.deadline as Date, zone), /^\d{4}-\d{2}-\d{2}$/, `${zone} ${deadline}`);
    }
    const [until] = loadProblems(rule('    exceptions:\n      - until: "9999-12-31T23:59:00-10:00"\n').replace('ACME\n', 'ACME\ntimezone: UTC\n'));
    assert.equal(until?.path, 'rules[0].exceptions[0].until');
  });

  it('every value a message repeats is cut short: a %YAML version, a tag handle, a placeholder, a language tag', () => {
    const long = 'a'.repeat(100_000);
    const cases = [
      `%YAML 1.${'1'.repeat(100_000)}\n---\n${rule('')}`,
      rule(`    reason: !${long}!x y\n`),
      rule(`    exceptionRequestUrl: "https://intranet.example/?x={${long}}"\n`),
      rule(`    title: { en: a, EN${'-abcdefgh'.repeat(10_000)}: b, en${'-abcdefgh'.repeat(10_000)}: c }\n`),
      rule(`    exceptions:\n      - until: 2027-01-01\n        workspaces: ["**/[\u202e-a]"]\n`),
    ];
    for (const text of cases) {
      const problems = loadProblems(text);
      assert.ok(problems.length > 0);
      for (const problem of problems) {
        assert.ok(problem.message.length + problem.path.length < 400, `${problem.message.length}: ${problem.message.slice(0, 100)}`);
        assert.doesNotMatch(problem.message, /\u202e/);
      }
    }
  });

  it('a URL with a user name before the host passes neither as an e-mail address nor as a link', () => {
    const withContact = (contact: string) => `version: 1\norganization: ACME\ncontact: ${JSON.stringify(contact)}\nrules: [{id: r, tool: claude-code, alternative: {name: Q}}]\n`;
    for (const bad of ['https://intranet@evil.example', 'https://intranet.example@evil.example/', 'https://user:pass@intranet.example/', 'mailto:it@example.com', 'it@example']) {
      const [problem] = loadProblems(withContact(bad));
      assert.equal(problem?.path, 'contact', bad);
    }
    assert.match(loadProblems(withContact('https://intranet@evil.example'))[0]?.message ?? '', /hides a user name or password before the host/);
    for (const good of ['it-security@example.com', 'first.last+ai@mail.example.co.uk', 'https://intranet.example/security']) {
      assert.equal(loadOk(withContact(good)).contact, good);
    }
    const [template] = loadProblems(rule('    exceptionRequestUrl: "https://{user}@evil.example/form"\n'));
    assert.equal(template?.path, 'rules[0].exceptionRequestUrl');
  });
});
