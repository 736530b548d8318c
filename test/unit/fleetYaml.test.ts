import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { dump, load } from 'js-yaml';
import { fleetYaml, type FleetPolicy } from '../../src/core/export/fleetYaml';

/**
 * The Fleet file is written without js-yaml's dumper for the texts it can prove identical:
 * for any policy text, the bytes must be exactly what `dump(…, { lineWidth: -1 })` prints,
 * and read back to the same policies.
 */
const dumped = (policies: FleetPolicy[]) => dump(policies, { lineWidth: -1 });

/** Pieces that change how YAML must write a text: indicators, YAML 1.1 scalars, breaks, invisibles, non-ASCII. */
const HOSTILE_PIECES = [
  ' ', '  ', '\n', '\n\n', '\t', '\r', '\r\n', ': ', ':', ' #', '#', '- ', '-', '? ', '?', '|', '|-', '>', '\'', '"', '\\', '`', '@', '%',
  '&a', '*a', '!tag', '!!str', '<<', '=', '[', ']', '{', '}', ',', '---', '...', '--- ', '... ',
  'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'Null', 'true', 'False', '0x1F', '0o17', '017', '0b101', '1e3', '1_000', '+1', '-.5',
  '.inf', '-.Inf', '.NaN', '12:30:00', '190:20:30', '2026-07-10', '2026-07-10T10:00:00Z',
  '\x00', '\x07', '\x1B', '\x7F', '\x85', '\xA0', '\xA1', '\u1680', '\u2000', '\u2028', '\u2029', '\u3000', '\uFEFF', '\uFFFE', '\uFFFF', '\uFFFD',
  'é', '日本', '😀', '\uD800', '\uDC00', 'a', 'Claude Code', 'SELECT 1;', 'https://example.com/x?a=b#c',
];
const hostilePieces = fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 12 }).map((pieces) => pieces.join(''));
/** Multi-line text like a query or a description, its lines led or ended by hostile pieces. */
const hostileLines = fc.array(fc.tuple(fc.constantFrom('', ' ', '  ', '- ', '#', '\t', '...', '---'), fc.string({ maxLength: 20 }), fc.constantFrom('', ' ', '\n', ':')), { minLength: 1, maxLength: 8 })
  .map((lines) => lines.map(([lead, text, end]) => `${lead}${text}${end}`).join('\n'));
const hostileText = fc.oneof(
  hostilePieces,
  hostileLines,
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '\n'), maxLength: 12 }),
);
const policyArbitrary = fc.tuple(hostileText, hostileText, hostileText, hostileText, hostileText, fc.boolean())
  .map(([name, query, description, resolution, platform, critical]): FleetPolicy => ({ name, query, description, resolution, platform, critical }));

const policy = (text: string, critical = false): FleetPolicy => ({ name: text, query: text, description: text, resolution: text, platform: text, critical });

describe('the Fleet policies file', () => {
  it('prints exactly what js-yaml dumps, for any policy text', () => {
    fc.assert(fc.property(fc.array(policyArbitrary, { maxLength: 4 }), (policies) => {
      assert.equal(fleetYaml(policies), dumped(policies));
    }), { numRuns: 1000 });
  });

  it('reads back to the same policies: no text leaves its field', () => {
    fc.assert(fc.property(fc.array(policyArbitrary, { maxLength: 4 }), (policies) => {
      assert.deepEqual(load(fleetYaml(policies)), policies);
    }), { numRuns: 300 });
  });

  it('prints each kind of text as js-yaml does: plain, quoted, escaped, and literal blocks with their chomping and indentation', () => {
    const texts = [
      '', 'linux,darwin', 'org-ban: Claude Code (claude-code)', ' leading', 'trailing ', 'a # b', '- a', 'yes', 'no', '~', '0x1F', '1e3', '.inf', '---',
      'SELECT 1;\nSELECT 2;', 'ends\n', 'kept\n\n', 'kept\n\n\n', '\n', '\n\n', ' \n', '\nafter a blank first line', ' indented first\nline',
      '\n  indented after a blank', 'tab\there\nnext', 'return\r\nnext', 'bell\x07\nnext', 'é and 日本 and 😀\nnext', 'line\u2028separator\nx',
      'nbsp\xA0\nx', 'bom\uFEFF\nx', 'lone \uD800\nx', '...\n---\nx', 'a\n...', 'a: b\n# c\n- d',
    ];
    for (const text of texts) {
      const policies = [policy(text), policy(text, true)];
      assert.equal(fleetYaml(policies), dumped(policies), JSON.stringify(text));
    }
  });

  it('prints an empty list as js-yaml does', () => {
    assert.equal(fleetYaml([]), dumped([]));
  });
});
