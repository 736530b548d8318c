import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { boolCoreTag, floatCoreTag, intCoreTag, NOT_RESOLVED, nullCoreTag } from 'js-yaml';
import { isAlias, isMapping, isScalar, isSequence, LineIndex, readYaml, type YamlNode } from '../../src/core/policy/yamlTree';

/** The tree as plain data, with each node's text, so a test reads like the YAML it checks. */
function shape(text: string, node: YamlNode): unknown {
  const at = text.slice(node.start, node.end);
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

  it('resolves every plain scalar as the whole core schema does, whatever its first character', () => {
    // The reader tries only the definitions that declare the scalar's first character;
    // the reference tries all four, in order, on every scalar.
    const reference = (source: string): unknown => {
      for (const definition of [nullCoreTag, boolCoreTag, intCoreTag, floatCoreTag]) {
        const value = definition.resolve(source, false, definition.tagName);
        if (value !== NOT_RESOLVED) return value;
      }
      return source;
    };
    const pieces = ['0', '7', '9', '0x', '0o', 'e', 'E', '.', '+', '-', '_', 'inf', 'Inf', 'nan', 'NaN', 'null', 'Null', 'NULL',
      'true', 'True', 'FALSE', 'false', '~', 'n', 'N', 't', 'f', 'x', 'yes', 'a', 'é', '1e5', '.5'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 5 }), (parts) => {
      const source = parts.join('');
      const result = readYaml(`- ${source}\n`, 64);
      // Some spellings are not plain scalars in this place (a lone "-" starts a list): only scalars are compared.
      if (!result.ok || !isSequence(result.contents) || !isScalar(result.contents.items[0])) return;
      assert.ok(Object.is(result.contents.items[0].value, reference(source)), `${JSON.stringify(source)} read as ${String(result.contents.items[0].value)}, the core schema says ${String(reference(source))}`);
    }), { numRuns: 1500 });
    assert.deepEqual(read('[~, null, .nan, -.inf, +1, -0x1, 0o17, 1_000, t0, n1, nully]'), [
      { value: null, at: '~' }, { value: null, at: 'null' }, { value: NaN, at: '.nan' }, { value: -Infinity, at: '-.inf' }, { value: 1, at: '+1' },
      { value: '-0x1', at: '-0x1' }, { value: 15, at: '0o17' }, { value: '1_000', at: '1_000' }, { value: 't0', at: 't0' }, { value: 'n1', at: 'n1' }, { value: 'nully', at: 'nully' },
    ]);
  });

  it('keeps aliases, anchors and tags as written', () => {
    const text = 'a: &first [x]\nb: *first\nc: !!str 12\nd: !vault y\n';
    const result = readYaml(text, 64);
    assert.ok(result.ok && isMapping(result.contents));
    const [a, b, c, d] = result.contents.items.map((pair) => pair.value);
    assert.equal(a?.anchor, 'first');
    assert.ok(isAlias(b) && b.source === 'first' && text.slice(b.start, b.end) === '*first');
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
