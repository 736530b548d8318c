import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { findTool } from '../../src/core/tools';

const findBuiltInTool = (id: string) => findTool(BUILT_IN_TOOLS, id);
import { checkFormat } from '../../src/core/policy/formats';
import { TOOL_MATCHER_KINDS, type ToolMatcherKind } from '../../src/core/tools';

const ID = /^[a-z0-9-]+$/;
const EXTENSION_ID = /^[A-Za-z0-9][A-Za-z0-9-]*\.[A-Za-z0-9*][A-Za-z0-9-*]*$/;
const NPM_PACKAGE = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const GENERIC_EDITORS = ['code', 'vscode', 'visual studio code', 'code-oss', 'code-server', 'vscodium', 'vscode-insiders'];
/** Names that other programs share; the catalog must not claim them as commands or processes. */
const SHARED_NAMES = ['copilot', 'q', 'cn', 'cbc', 'zulu', 'devin', 'agent', 'code', 'node', 'npx', 'python', 'python3', 'bun', 'deno'];

/** The catalog's source, for the per-entry source comments (out/test/unit → repository root). */
function catalogSource(): string {
  const candidates = [path.resolve(__dirname, '../../../src/core/catalog.ts'), path.resolve('src/core/catalog.ts')];
  const found = candidates.find((file) => fs.existsSync(file));
  assert.ok(found, 'catalog.ts source is readable');
  return fs.readFileSync(found, 'utf8');
}

describe('built-in catalog', () => {
  it('has assistants with unique, valid ids and non-empty names', () => {
    const ids = BUILT_IN_TOOLS.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    for (const entry of BUILT_IN_TOOLS) {
      assert.match(entry.id, ID);
      assert.equal(checkFormat('id', entry.id), undefined, entry.id);
      assert.ok(entry.name.trim().length > 0, `${entry.id} has a name`);
      assert.ok(entry.vendor === undefined || entry.vendor.trim().length > 0, `${entry.id} has no empty vendor`);
      assert.ok(TOOL_MATCHER_KINDS.some((kind) => entry[kind].length > 0), `${entry.id} has at least one matcher`);
      for (const kind of TOOL_MATCHER_KINDS) {
        for (const matcher of entry[kind]) assert.ok(matcher.trim() === matcher && matcher.length > 0, `${entry.id}.${kind}: "${matcher}"`);
      }
    }
  });

  it('keeps the suggested ids of the reference table', () => {
    const expected = [
      'claude-code', 'qoder', 'lingma', 'github-copilot', 'openai-codex', 'gemini', 'amazon-q', 'cline',
      'roo-code', 'kilo-code', 'continue', 'windsurf', 'tabnine', 'cody-amp', 'augment', 'qodo', 'cursor',
      'qwen-code', 'aider', 'opencode', 'trae', 'comate', 'codebuddy', 'kiro', 'antigravity',
    ];
    for (const id of expected) assert.ok(findBuiltInTool(id), id);
  });

  it('has no duplicate matcher within an entry', () => {
    for (const entry of BUILT_IN_TOOLS) {
      for (const kind of TOOL_MATCHER_KINDS) {
        const exact = entry[kind];
        assert.equal(new Set(exact).size, exact.length, `${entry.id}.${kind} has no duplicates`);
        // Apps list a fork's appName ("Cursor") and uriScheme (`cursor`) as the editor reports
        // them, so only they may differ in case alone.
        if (kind === 'apps') continue;
        const lower = exact.map((m) => m.toLowerCase());
        assert.equal(new Set(lower).size, lower.length, `${entry.id}.${kind} has no case-insensitive duplicates`);
      }
    }
  });

  it('has only well-formed matchers', () => {
    for (const entry of BUILT_IN_TOOLS) {
      for (const id of entry.extensions) {
        assert.match(id, EXTENSION_ID, `${entry.id}: ${id}`);
        assert.equal(checkFormat('extension-id', id), undefined, `${entry.id}: ${id}`);
      }
      for (const name of [...entry.commands, ...entry.processes]) {
        assert.ok(!/[/\\]/.test(name), `${entry.id}: ${name} has no path separator`);
        assert.ok(!/\s/.test(name), `${entry.id}: ${name} has no whitespace`);
        assert.ok(!/\.(exe|cmd|bat|ps1)$/i.test(name), `${entry.id}: ${name} carries no Windows suffix`);
        assert.equal(checkFormat('command', name), undefined, `${entry.id}: ${name}`);
      }
      for (const pkg of entry.packages) {
        assert.match(pkg, NPM_PACKAGE, `${entry.id}: ${pkg}`);
        assert.equal(pkg, pkg.toLowerCase(), `${entry.id}: ${pkg} is lowercase`);
        assert.ok(pkg.length <= 214, `${entry.id}: ${pkg} is not too long`);
        assert.equal(checkFormat('package', pkg), undefined, `${entry.id}: ${pkg}`);
      }
      for (const id of entry.jetbrainsPlugins) assert.equal(checkFormat('plugin-id', id), undefined, `${entry.id}: ${id}`);
      for (const name of entry.acpAgents) assert.equal(checkFormat('text', name), undefined, `${entry.id}: ${name}`);
    }
  });

  it('never lets two tools claim the same matcher', () => {
    const kinds: ReadonlyArray<readonly ToolMatcherKind[]> = [
      ['extensions'], ['packages'], ['terminalNames'], ['apps'], ['jetbrainsPlugins'], ['acpAgents'],
      // Process matching also tries commands, so the two share one namespace.
      ['commands', 'processes'],
    ];
    for (const group of kinds) {
      const owner = new Map<string, string>();
      for (const entry of BUILT_IN_TOOLS) {
        for (const matcher of group.flatMap((kind) => entry[kind])) {
          const key = matcher.toLowerCase();
          const previous = owner.get(key);
          assert.ok(previous === undefined || previous === entry.id, `${group.join('/')} "${matcher}" is claimed by ${previous} and ${entry.id}`);
          owner.set(key, entry.id);
        }
      }
    }
  });

  it('leaves out names that other programs share', () => {
    const names = new Set(BUILT_IN_TOOLS.flatMap((t) => [...t.commands, ...t.processes].map((c) => c.toLowerCase())));
    for (const generic of SHARED_NAMES) assert.ok(!names.has(generic), `"${generic}" must not be a catalog command or process`);
    const copilot = findBuiltInTool('github-copilot');
    assert.ok(copilot);
    assert.ok(copilot.packages.includes('@github/copilot'), 'Copilot CLI is caught by its npm package');
  });

  it('never names VS Code, Insiders, VSCodium or code-server as a host editor', () => {
    for (const entry of BUILT_IN_TOOLS) {
      for (const app of entry.apps) assert.ok(!GENERIC_EDITORS.includes(app.toLowerCase()), `${entry.id}: ${app}`);
    }
  });

  it('names the VS Code forks by app name and URI scheme', () => {
    const apps = (id: string) => (findBuiltInTool(id)?.apps ?? []).map((a) => a.toLowerCase());
    for (const id of ['cursor', 'windsurf', 'trae', 'qoder', 'kiro', 'antigravity']) assert.ok(apps(id).includes(id), id);
    assert.ok(apps('trae').includes('trae-cn'), 'Trae CN');
  });

  it('cites a source in a comment above every entry', () => {
    const lines = catalogSource().split('\n');
    const starts = lines.flatMap((line, index) => (/^\s*tool\(\{/.test(line) ? [index] : []));
    assert.equal(starts.length, BUILT_IN_TOOLS.length, 'one tool({ … }) per entry');
    for (const index of starts) {
      assert.match(lines[index - 1] ?? '', /^\s*\/\//, `entry at line ${index + 1} has a comment above it`);
      let first = index - 1;
      while (first > 0 && /^\s*\/\//.test(lines[first - 1] ?? '')) first -= 1;
      const comment = lines.slice(first, index).join(' ');
      assert.match(comment, /Sources?\b/, `entry at line ${index + 1} names its source`);
    }
  });

  it('names the JetBrains plugins of assistants.md and the ACP agents of Cursor, Claude Agent and Codex', () => {
    const plugins = (id: string) => findBuiltInTool(id)?.jetbrainsPlugins ?? [];
    assert.deepEqual(plugins('claude-code'), ['com.anthropic.code.plugin']);
    assert.deepEqual(plugins('github-copilot'), ['com.github.copilot']);
    assert.deepEqual(plugins('windsurf'), ['com.codeium.intellij']);
    assert.deepEqual(plugins('qoder'), ['com.qoder']);
    assert.deepEqual(plugins('lingma'), ['com.alibabacloud.intellij.cosy']);
    assert.deepEqual(plugins('jetbrains-ai'), ['com.intellij.ml.llm']);
    assert.deepEqual(plugins('junie'), ['org.jetbrains.junie']);
    const agents = (id: string) => findBuiltInTool(id)?.acpAgents ?? [];
    assert.ok(agents('cursor').includes('Cursor'));
    assert.ok(agents('claude-code').includes('Claude Agent'));
    assert.ok(agents('openai-codex').includes('Codex'));
    // The ACP adapters' packages run the tool, whatever the agent is called.
    assert.ok(findBuiltInTool('claude-code')?.packages.includes('@agentclientprotocol/claude-agent-acp'));
    assert.ok(findBuiltInTool('openai-codex')?.packages.includes('@agentclientprotocol/codex-acp'));
  });

  it('finds entries by id', () => {
    assert.equal(findBuiltInTool('claude-code')?.name, 'Claude Code');
    assert.equal(findBuiltInTool('qoder')?.id, 'qoder');
    assert.equal(findBuiltInTool('nope'), undefined);
    assert.equal(findBuiltInTool(''), undefined);
  });
});
