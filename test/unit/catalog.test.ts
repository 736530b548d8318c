import { strict as assert } from 'node:assert';
import { BUILT_IN_TOOLS, findBuiltInTool } from '../../src/core/catalog';
import { checkFormat } from '../../src/core/policy/formats';
import { TOOL_MATCHER_KINDS } from '../../src/core/tool';

describe('built-in catalog', () => {
  it('has at least 20 assistants with unique, valid ids and names', () => {
    assert.ok(BUILT_IN_TOOLS.length >= 20, `${BUILT_IN_TOOLS.length} entries`);
    const ids = BUILT_IN_TOOLS.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    for (const entry of BUILT_IN_TOOLS) {
      assert.equal(checkFormat('id', entry.id), undefined, entry.id);
      assert.ok(entry.name.trim().length > 0, `${entry.id} has a name`);
      assert.ok(TOOL_MATCHER_KINDS.some((kind) => entry[kind].length > 0), `${entry.id} has at least one matcher`);
    }
  });

  it('has only well-formed matchers, each valid by the policy format', () => {
    for (const entry of BUILT_IN_TOOLS) {
      for (const id of entry.extensions) assert.equal(checkFormat('extension-id', id), undefined, `${entry.id}: ${id}`);
      for (const name of [...entry.commands, ...entry.processes]) assert.equal(checkFormat('command', name), undefined, `${entry.id}: ${name}`);
      for (const name of entry.commands) assert.ok(!/\.(exe|cmd|bat)$/i.test(name), `${entry.id}: ${name} carries no Windows suffix`);
      for (const pkg of entry.packages) assert.equal(checkFormat('package', pkg), undefined, `${entry.id}: ${pkg}`);
      for (const kind of TOOL_MATCHER_KINDS) {
        const lower = entry[kind].map((m) => m.toLowerCase());
        assert.equal(new Set(lower).size, lower.length, `${entry.id}.${kind} has no duplicates`);
      }
    }
  });

  it('never lets two tools claim the same matcher', () => {
    for (const kind of ['extensions', 'commands', 'packages', 'processes'] as const) {
      const owner = new Map<string, string>();
      for (const entry of BUILT_IN_TOOLS) {
        for (const matcher of entry[kind]) {
          const key = matcher.toLowerCase();
          assert.equal(owner.get(key) ?? entry.id, entry.id, `${kind} "${matcher}" is claimed by ${owner.get(key)} and ${entry.id}`);
          owner.set(key, entry.id);
        }
      }
    }
  });

  it('leaves out names that other programs share', () => {
    const commands = new Set(BUILT_IN_TOOLS.flatMap((t) => t.commands.map((c) => c.toLowerCase())));
    for (const generic of ['copilot', 'q', 'cn', 'cbc', 'zulu', 'code', 'node', 'npx', 'python']) {
      assert.ok(!commands.has(generic), `"${generic}" must not be a catalog command`);
    }
  });

  it('never names VS Code itself or code-server as a disallowed host editor', () => {
    const apps = BUILT_IN_TOOLS.flatMap((t) => t.apps.map((a) => a.toLowerCase()));
    for (const editor of ['visual studio code', 'vscode', 'vscode-insiders', 'vscodium', 'code-oss', 'code-server', 'code']) {
      assert.ok(!apps.includes(editor), editor);
    }
  });

  it('finds entries by id', () => {
    assert.equal(findBuiltInTool('claude-code')?.name, 'Claude Code');
    assert.equal(findBuiltInTool('nope'), undefined);
  });
});
