import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { CommandLineReader } from '../../src/core/detect/commandLine';
import { mcpCommandLine, parseMcpConfig, type McpServerDefinition } from '../../src/core/detect/mcpServers';
import { testReader, toolsOfServers } from './shellReader';

let reader: CommandLineReader;
before(async () => { reader = await testReader(); });

function servers(text: string): readonly McpServerDefinition[] {
  const result = parseMcpConfig(text);
  if (!result.ok) assert.fail(`unexpected error: ${JSON.stringify(result.error)}`);
  return result.servers;
}

function error(text: string) {
  const result = parseMcpConfig(text);
  if (result.ok) assert.fail(`expected an error, got ${JSON.stringify(result.servers)}`);
  return result.error;
}

/** The one problem a file of otherwise good JSON has: an entry of the wrong shape, skipped alone. */
function shapeProblem(text: string) {
  const result = parseMcpConfig(text);
  if (!result.ok) assert.fail(`unexpected error: ${JSON.stringify(result.error)}`);
  assert.equal(result.problems.length, 1, JSON.stringify(result.problems));
  return result.problems[0] as NonNullable<(typeof result.problems)[0]>;
}

/** Through the path a scan takes: parsed, read within the file's budget, matched by gatherEvidence. */
const toolsOf = (text: string) => toolsOfServers(reader, text);

describe('MCP server configs', () => {
  it("reads VS Code's mcp.json (servers, comments, trailing commas, URL servers)", () => {
    const text = `{
      // Claude as a server
      "servers": {
        "claude": { "type": "stdio", "command": "claude", "args": ["mcp", "serve"], },
        /* remote */ "github": { "type": "http", "url": "https://api.example/mcp" },
      },
      "inputs": [],
    }`;
    assert.deepEqual(servers(text), [{ name: 'claude', command: 'claude', args: ['mcp', 'serve'], path: 'servers.claude' }]);
  });

  it('reads mcpServers at the top and under projects.* (~/.claude.json, Cursor, Windsurf)', () => {
    const text = JSON.stringify({
      numStartups: 4,
      mcpServers: { fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] } },
      projects: {
        '/home/me/app': { allowedTools: [], mcpServers: { cc: { command: 'npx', args: ['-y', '@anthropic-ai/claude-code', 'mcp', 'serve'] } } },
        '/home/me/other': { history: [] },
        '/home/me/odd': 'not an object',
      },
    });
    assert.deepEqual(servers(text).map((s) => s.path), ['mcpServers.fs', 'projects./home/me/app.mcpServers.cc']);
  });

  it('reads mcp.servers of a settings.json', () => {
    assert.deepEqual(servers('{ "editor.fontSize": 14, "mcp": { "servers": { "c": { "command": "claude" } } } }').map((s) => s.args), [[]]);
  });

  it('defines nothing in an empty file, a file with only comments, or one with no server key', () => {
    assert.deepEqual(servers(''), []);
    assert.deepEqual(servers('\uFEFF  \n'), []);
    assert.deepEqual(servers('// nothing yet\n'), []);
    assert.deepEqual(servers('{ "inputs": [] }'), []);
  });

  it('strips a byte-order mark and reports positions in the text as shown', () => {
    assert.deepEqual(servers('\uFEFF{ "servers": { "a": { "command": "claude" } } }').map((s) => s.command), ['claude']);
    assert.deepEqual(shapeProblem('\uFEFF{\n  "servers": 3\n}'), { message: 'expected an object of servers', path: 'servers', line: 2, column: 14 });
  });

  it('refuses syntax errors with line and column', () => {
    assert.deepEqual(error('{\n  "servers": {\n    "a": { "command": "claude" \n  }\n}'), { message: "expected '}'", line: 5, column: 2 });
    const missingComma = error('{ "servers": { "a": { "command": "x" "args": [] } } }');
    assert.equal(missingComma.message, "expected ','");
    assert.equal(missingComma.column, 38);
    assert.equal(error('{ "servers": { "a": { "command": "unterminated } } }').message, 'unterminated string');
    assert.equal(error('[1, 2]').message, 'expected an object at the top level');
  });

  it('names a wrong shape with the field path', () => {
    assert.deepEqual(shapeProblem('{ "servers": { "a": { "command": 42 } } }'), { message: 'expected a string', path: 'servers.a.command', line: 1, column: 34 });
    assert.equal(shapeProblem('{ "servers": { "a": { "command": "x", "args": "mcp serve" } } }').path, 'servers.a.args');
    assert.equal(shapeProblem('{ "servers": { "a": { "command": "x", "args": ["ok", 1] } } }').path, 'servers.a.args[1]');
    assert.equal(shapeProblem('{ "servers": { "a": "claude" } }').path, 'servers.a');
    assert.equal(shapeProblem('{ "mcpServers": [] }').path, 'mcpServers');
    assert.equal(shapeProblem('{ "projects": { "/p": { "mcpServers": { "a": { "command": null } } } } }').path, 'projects./p.mcpServers.a.command');
  });

  it('a malformed entry hides only itself: another project\'s "mcpServers": [] and a bad server leave every other server read', () => {
    // ~/.claude.json as Claude Code writes it, with one project's list where an object belongs.
    const text = JSON.stringify({
      mcpServers: { top: { command: 'claude', args: ['mcp', 'serve'] }, broken: { command: 42 } },
      projects: {
        '/home/me/old': { mcpServers: [] },
        '/home/me/app': { mcpServers: { cc: { command: 'npx', args: ['-y', '@anthropic-ai/claude-code', 'mcp', 'serve'] } } },
      },
    });
    const result = parseMcpConfig(text);
    assert.ok(result.ok);
    assert.deepEqual(result.servers.map((s) => s.path), ['mcpServers.top', 'projects./home/me/app.mcpServers.cc']);
    assert.deepEqual(result.problems.map((p) => `${p.path}: ${p.message}`), ['mcpServers.broken.command: expected a string', 'projects./home/me/old.mcpServers: expected an object of servers']);
    assert.deepEqual(toolsOf(text), ['top:claude-code', 'cc:claude-code']);
  });

  it('keeps __proto__ and constructor as plain server names; prototypes stay untouched', () => {
    const text = '{ "servers": { "__proto__": { "command": "claude", "polluted": true }, "constructor": { "command": "codex" } }, "__proto__": { "polluted": true } }';
    assert.deepEqual(servers(text).map((s) => s.name), ['__proto__', 'constructor']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(toolsOf(text), ['__proto__:claude-code', 'constructor:openai-codex']);
  });

  it('takes the last of repeated keys, as JSON.parse does', () => {
    assert.deepEqual(servers('{ "servers": { "a": { "command": "claude", "command": "ls" } } }').map((s) => s.command), ['ls']);
  });

  it('refuses absurd nesting and oversized files without throwing', () => {
    const deep = `{ "servers": ${'['.repeat(100_000)}`;
    assert.match(error(deep).message, /nested more than/);
    assert.match(error(' '.repeat(16 * 1024 * 1024 + 1)).message, /larger than 16 MiB/);
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => { parseMcpConfig(text); return true; }), { numRuns: 3000 });
    fc.assert(fc.property(fc.json(), (text) => { parseMcpConfig(text); return true; }), { numRuns: 2000 });
  });

  describe('servers that run a ruled tool', () => {
    it('finds claude mcp serve, npx … @anthropic-ai/claude-code mcp serve and wrapped forms', () => {
      const text = JSON.stringify({
        servers: {
          direct: { command: 'claude', args: ['mcp', 'serve'] },
          npx: { command: 'npx', args: ['-y', '@anthropic-ai/claude-code', 'mcp', 'serve'] },
          path: { command: '${userHome}/.local/bin/claude', args: ['mcp', 'serve'] },
          windows: { command: 'C:\\Users\\me\\AppData\\Roaming\\npm\\claude.cmd', args: ['mcp', 'serve'] },
          env: { command: 'env', args: ['DEBUG=1', 'claude', 'mcp', 'serve'] },
          shell: { command: 'bash', args: ['-c', 'claude mcp serve'] },
          node: { command: 'node', args: ['/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js', 'mcp', 'serve'] },
        },
      });
      assert.deepEqual(toolsOf(text), ['direct', 'npx', 'path', 'windows', 'env', 'shell', 'node'].map((name) => `${name}:claude-code`));
    });

    it('leaves servers alone that only mention a tool', () => {
      const text = JSON.stringify({
        servers: {
          fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me/claude'] },
          memory: { command: 'node', args: ['server.js', '--name', 'claude'] },
          docs: { command: 'uvx', args: ['mcp-server-fetch', '--ua', 'codex'] },
          remote: { type: 'http', url: 'https://example.com/claude' },
        },
      });
      assert.deepEqual(toolsOf(text), []);
    });

    it('writes the command line for evidence with quotes where needed', () => {
      assert.equal(mcpCommandLine({ name: 'a', path: 'servers.a', command: 'npx', args: ['-y', '@anthropic-ai/claude-code', 'mcp serve', "it's"] }),
        "npx -y @anthropic-ai/claude-code 'mcp serve' 'it'\\''s'");
    });
  });
});
