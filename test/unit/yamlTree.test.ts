import { strict as assert } from 'node:assert';
import { isAlias, isMapping, isScalar, isSequence, LineIndex, readYaml, type YamlNode } from '../../src/core/policy/yamlTree';

/** The tree as plain data, with each node's text, so a test reads like the YAML it checks. */
function shape(text: string, node: YamlNode): unknown {
  const at = text.slice(node.range[0], node.range[1]);
  if (isScalar(node)) return node.empty ? { empty: node.value } : { value: node.value, at };
  if (isAlias(node)) return { alias: node.source, at };
  if (isSequence(node)) return node.items.map((item) => shape(text, item));
  if (isMapping(node)) return node.items.map(({ key, value }) => [shape(text, key), shape(text, value)]);
  return undefined;
}

function read(text: string): unknown {
  const result = readYaml(text, 64);
  assert.ok(result.ok, result.ok ? '' : result.problem.message);
  return result.contents === null ? null : shape(text, result.contents);
}

describe('YAML tree (js-yaml events)', () => {
  it('pairs keys with values, also where a value is left out', () => {
    assert.deepEqual(read('{a, b: c}'), [
      [{ value: 'a', at: 'a' }, { empty: null }],
      [{ value: 'b', at: 'b' }, { value: 'c', at: 'c' }],
    ]);
    assert.deepEqual(read('a:\nb: 1\n? c\n'), [
      [{ value: 'a', at: 'a' }, { empty: null }],
      [{ value: 'b', at: 'b' }, { value: 1, at: '1' }],
      [{ value: 'c', at: 'c' }, { empty: null }],
    ]);
  });

  it('resolves plain scalars by YAML 1.2 core schema and keeps quoted ones as text, quotes in their place', () => {
    assert.deepEqual(read('[1, "1", yes, true, ~, 0x1F, 2026-07-10, \'x\']'), [
      { value: 1, at: '1' }, { value: '1', at: '"1"' }, { value: 'yes', at: 'yes' }, { value: true, at: 'true' },
      { value: null, at: '~' }, { value: 31, at: '0x1F' }, { value: '2026-07-10', at: '2026-07-10' }, { value: 'x', at: "'x'" },
    ]);
  });

  it('keeps aliases, anchors and tags as written', () => {
    const text = 'a: &first [x]\nb: *first\nc: !!str 12\nd: !vault y\n';
    const result = readYaml(text, 64);
    assert.ok(result.ok && isMapping(result.contents));
    const [a, b, c, d] = result.contents.items.map((pair) => pair.value);
    assert.equal(a?.anchor, 'first');
    assert.ok(isAlias(b) && b.source === 'first' && text.slice(b.range[0], b.range[1]) === '*first');
    assert.ok(isScalar(c) && c.value === '12' && c.tag === 'tag:yaml.org,2002:str' && text.slice(c.tagOffset).startsWith('!!str'));
    assert.ok(isScalar(d) && d.value === undefined && d.tag === '!vault');
  });

  it('refuses a second document, %TAG and YAML 1.1, each at its place', () => {
    const second = readYaml('a: 1\n---\nb: 2\n', 64);
    assert.ok(!second.ok && /more than one YAML document/.test(second.problem.message) && !second.problem.syntax);
    const tag = readYaml('# head\n%TAG !e! tag:example.com,2026:\n---\na: 1\n', 64);
    assert.ok(!tag.ok && tag.problem.offset === 7 && /%TAG/.test(tag.problem.message));
    const yaml11 = readYaml('%YAML 1.1\n---\na: 1\n', 64);
    assert.ok(!yaml11.ok && /asks for YAML 1\.1/.test(yaml11.problem.message));
    assert.ok(readYaml('%YAML 1.2\n---\na: 1\n', 64).ok);
  });

  it('reports a syntax error at its offset, and nesting past the bound as such', () => {
    const broken = readYaml('a: 1\nb:\tc: [\n', 64);
    assert.ok(!broken.ok && broken.problem.syntax && broken.problem.offset > 4);
    const deep = readYaml(`${'['.repeat(100)}${']'.repeat(100)}`, 64);
    assert.ok(!deep.ok && /maxDepth/.test(deep.problem.message));
  });

  it('an empty text is no document', () => {
    assert.equal(read(''), null);
    assert.equal(read('# only a comment\n'), null);
  });

  it('turns offsets into 1-based lines and columns', () => {
    const lines = new LineIndex('ab\ncd\n\nef');
    assert.deepEqual([0, 1, 3, 4, 6, 7, 8].map((offset) => lines.at(offset)), [
      { line: 1, col: 1 }, { line: 1, col: 2 }, { line: 2, col: 1 }, { line: 2, col: 2 }, { line: 3, col: 1 }, { line: 4, col: 1 }, { line: 4, col: 2 },
    ]);
  });
});
