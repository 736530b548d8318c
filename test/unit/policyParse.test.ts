import { strict as assert } from 'node:assert';
import { resolveText } from '../../src/core/policy/localizedText';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { formatProblem } from '../../src/core/policy/types';
import { loadOk, loadProblems, SEED } from './helpers';

const minimal = (rule: string, head = '') => `version: 1\norganization: ACME\n${head}rules:\n${rule}`;

describe('policy parsing', () => {
  it('loads the Alibaba seed policy with every field resolved', () => {
    const policy = loadOk(SEED);
    assert.equal(resolveText(policy.organization, 'en'), 'Alibaba Group');
    assert.equal(resolveText(policy.organization, 'zh-CN'), '阿里巴巴集团');
    assert.equal(policy.timezone, 'Asia/Shanghai');
    assert.deepEqual(policy.allowed, ['qoder', 'lingma']);
    const rule = policy.rules[0];
    assert.ok(rule);
    assert.deepEqual(rule.tools, ['claude-code']);
    assert.equal(rule.classification, 'high-risk');
    // 2026-07-10 00:00 in Shanghai (UTC+8) is 2026-07-09 16:00 UTC.
    assert.equal(rule.deadline?.toISOString(), '2026-07-09T16:00:00.000Z');
    assert.equal(rule.noticeDays, 30);
    assert.equal(rule.alternative?.name, 'Qoder');
    assert.deepEqual(rule.alternative?.commands, ['qodercli']);
    assert.equal(rule.enforce, 'notify');
  });

  it('reads JSON, a BOM and CRLF line endings', () => {
    const json = JSON.stringify({ version: 1, organization: 'ACME', rules: [{ id: 'r1', tool: 'claude-code' }] });
    assert.equal(loadOk(json).rules.length, 1);
    const bytes = new TextEncoder().encode('\uFEFFversion: 1\r\norganization: ACME\r\nrules:\r\n  - id: r1\r\n    tool: claude-code\r\n');
    const result = parsePolicy(bytes, { layer: 'user', path: 'bom.yaml' });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  });

  it('expands tool: "*" to every known tool except the allowed ones', () => {
    const policy = loadOk(minimal('  - id: all\n    tool: "*"\n', 'allowed: [qoder]\n'));
    const tools = policy.rules[0]?.tools ?? [];
    assert.ok(tools.includes('claude-code'));
    assert.ok(!tools.includes('qoder'));
    assert.equal(policy.rules[0]?.allTools, true);
  });

  it('accepts a list of tools and tools defined under tools:', () => {
    const policy = loadOk(minimal('  - id: r\n    tool: [claude-code, acme-helper]\n', 'tools:\n  - id: acme-helper\n    name: ACME Helper\n    extensions: ["acme.helper-*"]\n'));
    assert.deepEqual(policy.rules[0]?.tools, ['claude-code', 'acme-helper']);
    assert.deepEqual(policy.tools.find((t) => t.id === 'acme-helper')?.extensions, ['acme.helper-*']);
  });

  it('adds matchers to a catalog tool with the same id, keeping its own', () => {
    const policy = loadOk(minimal('  - id: r\n    tool: claude-code\n', 'tools:\n  - id: claude-code\n    extensions: [acme.claude-wrapper]\n'));
    const tool = policy.tools.find((t) => t.id === 'claude-code');
    assert.ok(tool?.extensions.includes('anthropic.claude-code'));
    assert.ok(tool?.extensions.includes('acme.claude-wrapper'));
    assert.equal(tool?.name, 'Claude Code');
  });

  it('reads ISO 8601 deadlines with an offset as written', () => {
    const policy = loadOk(minimal('  - id: r\n    tool: claude-code\n    deadline: "2026-07-10T09:30:00+02:00"\n'));
    assert.equal(policy.rules[0]?.deadline?.toISOString(), '2026-07-10T07:30:00.000Z');
  });

  it('names file, line, column and field path for a bad date', () => {
    const problems = loadProblems(minimal('  - id: r\n    tool: claude-code\n    deadline: 2026-13-01\n'), 'org.yaml');
    assert.equal(problems.length, 1);
    const [problem] = problems;
    assert.ok(problem);
    assert.equal(problem.path, 'rules[0].deadline');
    assert.equal(problem.line, 6);
    assert.equal(problem.column, 15);
    assert.equal(formatProblem(problem), 'org.yaml:6:15: rules[0].deadline: "2026-13-01" is not a date (expected YYYY-MM-DD or ISO 8601 with offset): there is no such day');
  });

  it('suggests the intended key for an unknown one', () => {
    const [problem] = loadProblems(minimal('  - id: r\n    tool: claude-code\n    deadlne: 2026-07-10\n'));
    assert.equal(problem?.path, 'rules[0].deadlne');
    assert.match(problem?.message ?? '', /unknown key "deadlne" \(did you mean "deadline"\?\)/);
    assert.equal(problem?.line, 6);
    assert.equal(problem?.column, 5);
  });

  it('refuses other versions, unknown tools, duplicate ids and bad zones', () => {
    assert.match(loadProblems('version: 2\norganization: A\nrules:\n  - id: r\n    tool: claude-code\n')[0]?.message ?? '', /format version 1/);
    const unknown = loadProblems(minimal('  - id: r\n    tool: claude-cod\n'))[0];
    assert.equal(unknown?.path, 'rules[0].tool');
    assert.match(unknown?.message ?? '', /unknown tool "claude-cod" \(did you mean "claude-code"\?\)/);
    const dup = loadProblems(minimal('  - id: r\n    tool: claude-code\n  - id: r\n    tool: qoder\n'))[0];
    assert.equal(dup?.path, 'rules[1].id');
    assert.equal(dup?.line, 6);
    const zone = loadProblems(minimal('  - id: r\n    tool: claude-code\n', 'timezone: Mars/Olympus\n'))[0];
    assert.equal(zone?.path, 'timezone');
    assert.match(zone?.message ?? '', /not an IANA time zone/);
  });

  it('reports YAML syntax errors with their position', () => {
    const [problem] = loadProblems('version: 1\norganization: [unclosed\nrules: []\n');
    assert.match(problem?.message ?? '', /^YAML syntax error/);
    assert.ok((problem?.line ?? 0) >= 2);
  });

  it('requires the required keys and at least one rule', () => {
    const problems = loadProblems('version: 1\nrules: []\n');
    const paths = problems.map((p) => p.path).sort();
    assert.deepEqual(paths, ['organization', 'rules']);
  });

  it('refuses an empty file, binary data and files over 1 MiB', () => {
    assert.match(loadProblems('')[0]?.message ?? '', /empty/);
    const binary = parsePolicy(new Uint8Array([0x76, 0x00, 0xff, 0xfe]), { layer: 'user', path: 'x' });
    assert.ok(!binary.ok);
    const huge = parsePolicy(new Uint8Array(1024 * 1024 + 1).fill(0x20), { layer: 'user', path: 'x' });
    assert.ok(!huge.ok && /1 MiB/.test(huge.problems[0]?.message ?? ''));
  });

  it('refuses an alias bomb quickly', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'version: 1',
    ].join('\n');
    const [problem] = loadProblems(bomb);
    assert.match(problem?.message ?? '', /alias/);
  });
});
