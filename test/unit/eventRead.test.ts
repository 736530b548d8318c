import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load, parseEvents } from 'js-yaml';
import { plainValueFromEvents } from '../../src/core/policy/eventRead';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { ProblemList } from '../../src/core/policy/problemList';
import { POLICY_SPEC } from '../../src/core/policy/schema';
import { parseAndCheckStructure, type PlainValue } from '../../src/core/policy/validate';
import { combinatorialPolicies } from './combinatorialPolicies';
import { readRepoFile, REPO_ROOT } from './helpers';

/**
 * The quick way (eventRead.ts) against the exact way (the tree, its shape check and the
 * field check) on every policy the tests know and on variants that use each thing the
 * quick way declines: both must give the same value, the same problems and the same place
 * for every field. The quick way must also take every plain valid file, or it saves nothing.
 */

const folder = (relative: string) => {
  const dir = path.join(REPO_ROOT, relative);
  return fs.readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort().map((name) => ({ name: `${relative}/${name}`, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
};

const SEED = readRepoFile('policies/alibaba-claude-code.yaml');
const EXAMPLES = folder('policies');

/** Each variant of the seed policy uses one thing of YAML or the format that needs judgement. */
const VARIANTS: readonly (readonly [string, (text: string) => string])[] = [
  ['as JSON on one line', (text) => JSON.stringify(load(text))],
  ['as indented JSON', (text) => JSON.stringify(load(text), null, 2)],
  ['with CRLF line ends', (text) => text.replace(/\n/g, '\r\n')],
  ['with CR line ends', (text) => text.replace(/\n/g, '\r')],
  ['behind a byte order mark', (text) => `\ufeff${text}`],
  ['with %YAML 1.2', (text) => `%YAML 1.2\n---\n${text}`],
  ['with %YAML 1.1', (text) => `%YAML 1.1\n---\n${text}`],
  ['with a %TAG directive', (text) => `%TAG !e! tag:example.com,2000:\n---\n${text}`],
  ['ended by "..."', (text) => `${text}...\n`],
  ['followed by a second document', (text) => `${text}---\nversion: 1\n`],
  ['with an anchor no alias uses', (text) => text.replace('tool: claude-code', 'tool: &t claude-code')],
  ['with an alias', (text) => text.replace('tool: claude-code', 'tool: &t claude-code').replace('tool: qoder', 'tool: *t')],
  ['with an alias to nothing', (text) => text.replace('tool: qoder', 'tool: *nothing')],
  ['with an anchored mapping reused', (text) => text.replace('organization:\n', 'organization: &org\n').replace('title:\n      en: Claude Code is no longer permitted\n      zh-cn: 不再允许使用 Claude Code\n', 'title: *org\n')],
  ['with a plain tag', (text) => text.replace('classification: high-risk', 'classification: !!str high-risk')],
  ['with a tag that does not fit', (text) => text.replace('noticeDays: 30', 'noticeDays: !!str 30')],
  ['with an unknown tag', (text) => text.replace('classification: high-risk', 'classification: !secret high-risk')],
  ['with a key twice', (text) => text.replace('version: 1\n', 'version: 1\ncontact: a@example.com\n')],
  ['with an unknown key', (text) => text.replace('version: 1\n', 'version: 1\ncolour: red\n')],
  ['with __proto__ as a key', (text) => text.replace('version: 1\n', 'version: 1\n__proto__: x\n')],
  ['with constructor as a key', (text) => text.replace('version: 1\n', 'version: 1\nconstructor: x\n')],
  ['with quoted keys', (text) => text.replace('version: 1', '"version": 1').replace('contact:', "'contact':")],
  ['with a number as a key', (text) => text.replace('version: 1\n', 'version: 1\n1: x\n')],
  ['with null as a key', (text) => text.replace('version: 1\n', 'version: 1\n~: x\n')],
  ['with a value and no key', (text) => text.replace('version: 1\n', 'version: 1\n: x\n')],
  ['with a complex key', (text) => text.replace('version: 1\n', 'version: 1\n? [a, b]\n: x\n')],
  ['with version 1.0', (text) => text.replace('version: 1', 'version: 1.0')],
  ['with version 0x1', (text) => text.replace('version: 1', 'version: 0x1')],
  ['with version "1"', (text) => text.replace('version: 1', 'version: "1"')],
  ['with a value left out', (text) => text.replace('contact: it-security@example.com', 'contact:')],
  ['with an empty text', (text) => text.replace('classification: high-risk', "classification: ''")],
  ['with a fraction of days', (text) => text.replace('noticeDays: 30', 'noticeDays: 30.5')],
  ['with days out of range', (text) => text.replace('noticeDays: 30', 'noticeDays: 99999')],
  ['with days as a boolean', (text) => text.replace('noticeDays: 30', 'noticeDays: true')],
  ['with a language twice', (text) => text.replace('  en: Alibaba Group\n', '  en: Alibaba Group\n  EN: Alibaba\n')],
  ['with a language tag that is none', (text) => text.replace('  en: Alibaba Group\n', '  english: Alibaba Group\n')],
  ['with no languages', (text) => text.replace('organization:\n  en: Alibaba Group\n  zh-cn: 阿里巴巴集团\n', 'organization: {}\n')],
  ['with a language given a list', (text) => text.replace('  en: Alibaba Group\n', '  en: [Alibaba Group]\n')],
  ['with no rules', (text) => text.replace(/\nrules:[\s\S]*$/, '\nrules: []\n')],
  ['with rules as a mapping', (text) => text.replace(/\nrules:[\s\S]*$/, '\nrules: {a: b}\n')],
  ['with an empty tool list', (text) => text.replace('tool: claude-code', 'tool: []')],
  ['with a tool list', (text) => text.replace('tool: claude-code', 'tool: [claude-code, cursor]')],
  ['with a tool list holding nothing', (text) => text.replace('tool: claude-code', 'tool: [claude-code, ~]')],
  ['with an enforce value of the wrong case', (text) => text.replace('tool: claude-code', 'tool: claude-code\n    enforce: Block')],
  ['with a rule id missing', (text) => text.replace('  - id: claude-code-ban\n    tool:', '  - tool:')],
  ['with a bad e-mail address', (text) => text.replace('it-security@example.com', 'https://intranet@evil.example')],
  ['with an unknown tool', (text) => text.replace('tool: claude-code', 'tool: claude-kode')],
  ['with a list where a text belongs', (text) => text.replace('classification: high-risk', 'classification: [high-risk]')],
  ['with a mapping where a text belongs', (text) => text.replace('classification: high-risk', 'classification: {a: b}')],
];

/**
 * The variants that are still plain: other spellings of the same data, and an unknown tool
 * (a problem the checks after the structure find). The quick way takes these.
 */
const PLAIN_VARIANTS = new Set(['as JSON on one line', 'as indented JSON', 'with CRLF line ends', 'with CR line ends', 'behind a byte order mark', 'ended by "..."', 'with quoted keys', 'with version 1.0', 'with version 0x1', 'with a tool list', 'with an unknown tool']);

const CORPUS: readonly { readonly name: string; readonly text: string }[] = [
  ...EXAMPLES,
  ...folder('test/fixtures/policies'),
  ...folder('test/fixtures/malformed'),
  ...combinatorialPolicies(16 * 1024).flatMap((kase) => kase.layers.map((text, i) => ({ name: `${kase.name}, layer ${i}`, text }))),
  ...VARIANTS.map(([name, variant]) => ({ name: `the seed policy ${name}`, text: variant(SEED) })),
  ...['', '# only a comment\n', 'null\n', '1\n', '- a\n', 'version: 1\n', '{', 'version: 1\norganization: A\nrules:\n  - {id: r, tool: cursor}\n\t\n'].map((text) => ({ name: `the text ${JSON.stringify(text)}`, text })),
];

/** Every field path of a value as the checks write them (`rules[0].tool`, `organization.en`), and a few that lead nowhere. */
function pathsOf(value: PlainValue | undefined, prefix = ''): string[] {
  const join = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (Array.isArray(value)) return [prefix, `${prefix}[${value.length}]`, ...value.flatMap((item, i) => pathsOf(item, `${prefix}[${i}]`))];
  if (value instanceof Map) return [prefix, join('xx'), ...[...value.keys()].map(join)];
  if (value !== null && typeof value === 'object') return [prefix, join('nothing'), `${prefix}[0]`, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, join(key)))];
  return [prefix, join('below')];
}

/** A value with its Maps as entry lists, so that the order of languages counts too. */
const ordered = (value: PlainValue | undefined) => JSON.stringify(value, (_key, item: unknown) => (item instanceof Map ? { map: [...item] } : item));

function bothWays(text: string) {
  const exactProblems = new ProblemList('policy.yaml');
  const exact = parseAndCheckStructure(text, POLICY_SPEC, exactProblems, 'exact');
  const quickProblems = new ProblemList('policy.yaml');
  const quick = parseAndCheckStructure(text, POLICY_SPEC, quickProblems);
  let taken = false;
  try {
    taken = plainValueFromEvents(text.replace(/^\ufeff/, ''), parseEvents(text.replace(/^\ufeff/, ''), { maxDepth: 64 }), POLICY_SPEC) !== undefined;
  } catch {
    // Not YAML: neither way takes it.
  }
  return { exact, exactProblems: exactProblems.finish(), quick, quickProblems: quickProblems.finish(), taken };
}

describe('the quick way of reading a policy against the exact way', () => {
  for (const { name, text } of CORPUS) {
    it(`${name}: the same value, problems and places`, () => {
      const { exact, exactProblems, quick, quickProblems, taken } = bothWays(text);
      assert.deepEqual(quickProblems, exactProblems);
      assert.equal(ordered(quick.value), ordered(exact.value));
      if (taken) assert.deepEqual(exactProblems, [], 'the quick way took a file in which the exact way finds problems');
      for (const field of pathsOf(exact.value)) assert.deepEqual(quick.locate(field), exact.locate(field), `the place of ${JSON.stringify(field)}`);
    });
  }

  it('takes every plain valid file: the example policies, their JSON and CRLF forms, the combinatorial cases', () => {
    const plain = [
      ...EXAMPLES,
      ...CORPUS.filter(({ name }) => /layer \d$|as JSON|as indented JSON|CRLF|CR line|byte order/.test(name)),
    ];
    assert.ok(plain.length >= 3 + 5 + 5, `${plain.length} files`);
    for (const { name, text } of plain) assert.ok(bothWays(text).taken, `${name} was not read the quick way`);
  });

  it('declines each variant that needs judgement, and still reads the ones the format allows', () => {
    const allowed = new Set(['with %YAML 1.2', 'ended by "..."', 'with an anchor no alias uses', 'with an alias', 'with an anchored mapping reused', 'with a plain tag', 'with quoted keys', 'with version 1.0', 'with a tool list', 'with an unknown tool', 'with an alias to nothing']);
    for (const [name, variant] of VARIANTS) {
      const text = variant(SEED);
      assert.notEqual(text, SEED, `${name}: the variant changes nothing`);
      const { taken, exactProblems } = bothWays(text);
      assert.equal(taken, PLAIN_VARIANTS.has(name), `${name}: ${taken ? 'taken' : 'declined'} by the quick way`);
      if (name === 'with an alias to nothing') assert.notDeepEqual(exactProblems, []);
      else if (allowed.has(name)) assert.deepEqual(exactProblems, [], `${name}: the format allows it`);
    }
  });

  it('places the problems found after the structure where the exact way does (unknown tools, repeated ids)', () => {
    const text = SEED.replace('tool: claude-code', 'tool: [claude-kode, cursr]').replace('allowed: [qoder, lingma]', 'allowed: [qoder, lingma, qodr]');
    const problems = parsePolicy(text, { layer: 'user', path: 'p.yaml' });
    assert.ok(!problems.ok);
    const places = problems.problems.map((problem) => `${problem.path} ${problem.line}:${problem.column}-${problem.endLine}:${problem.endColumn}`);
    assert.deepEqual(places, ['allowed[2] 13:26-13:30', 'rules[0].tool[0] 17:12-17:23', 'rules[0].tool[1] 17:25-17:30']);
  });
});
