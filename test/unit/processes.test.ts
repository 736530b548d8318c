import { strict as assert } from 'node:assert';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { matchProcesses } from '../../src/core/detect/processes';
import type { ProcessInfo } from '../../src/core/detect/processTree';

let nextPid = 1000;
const proc = (name: string, argv: string[]): ProcessInfo => ({ pid: nextPid++, ppid: 1, name, argv });
const toolsOf = (info: ProcessInfo) => matchProcesses(BUILT_IN_TOOLS, [info]).map((m) => m.toolId).sort().join(',');

/** [process name, argv, tools it runs]: as Linux /proc, macOS ps and Windows CIM report them. */
const RUNS: ReadonlyArray<readonly [string, string[], string]> = [
  // npm-installed CLIs run through `#!/usr/bin/env node`
  ['node', ['node', '/usr/local/bin/claude'], 'claude-code'],
  ['node', ['node', '/home/me/.nvm/versions/node/v20.11.0/bin/claude', '-p', 'hi'], 'claude-code'],
  ['node', ['/usr/bin/node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js'], 'claude-code'],
  ['node', ['node', '--max-old-space-size', '4096', '--enable-source-maps', '--no-warnings', '/usr/local/bin/claude'], 'claude-code'],
  ['node', ['node', '-r', 'dotenv/config', '--inspect', '--title', 'x', '/opt/tools/lib/node_modules/@anthropic-ai/claude-code/cli.js'], 'claude-code'],
  ['node', ['node', '/usr/local/bin/gemini'], 'gemini'],
  ['node', ['node', '/usr/local/lib/node_modules/@google/gemini-cli/dist/index.js'], 'gemini'],
  ['node', ['node', '/home/me/.npm-global/bin/codex', 'exec', 'hi'], 'openai-codex'],
  ['node', ['node', '/x/node_modules/@qoder-ai/qodercli/bundle/qodercli.js'], 'qoder'],
  ['MainThread', ['node', '/usr/local/bin/qwen'], 'qwen-code'],
  ['bun', ['bun', '/usr/local/bin/claude'], 'claude-code'],
  ['deno', ['deno', 'run', '-A', 'npm:@anthropic-ai/claude-code'], 'claude-code'],
  ['python3', ['/usr/bin/python3', '/home/me/.local/bin/aider', '--model', 'sonnet'], 'aider'],
  ['python3.12', ['python3.12', '-m', 'aider'], 'aider'],
  // Claude Code's native install, run by its versioned path: the name is the version
  ['2.1.330', ['/home/me/.local/share/claude/versions/2.1.330'], 'claude-code'],
  ['2.1.330', ['/home/me/.local/share/claude/versions/2.1.330', '--resume'], 'claude-code'],
  ['claude', ['/home/me/.local/bin/claude'], 'claude-code'],
  // Windows image names
  ['claude.exe', ['C:\\Users\\me\\.local\\bin\\claude.exe', '--version'], 'claude-code'],
  ['node.exe', ['C:\\Program Files\\nodejs\\node.exe', 'C:\\Users\\me\\AppData\\Roaming\\npm\\node_modules\\@anthropic-ai\\claude-code\\cli.js'], 'claude-code'],
  ['codex.exe', ['codex.exe'], 'openai-codex'],
];

const LOOKALIKES: ReadonlyArray<readonly [string, string[]]> = [
  ['vim', ['vim', 'claude-notes.txt']],
  ['tail', ['tail', '-f', '/home/me/.claude/logs/latest.log']],
  ['node', ['node', 'server.js', '--name', 'claude']],
  ['node', ['node', '/home/me/app/claude.js']],
  ['node', ['node', '-e', 'require("/usr/local/bin/claude")']],
  ['node', ['node', '--version']],
  ['node', ['node', '/usr/lib/node_modules/npm/bin/npm-cli.js', 'view', '@anthropic-ai/claude-code']],
  ['python3', ['python3', '-m', 'http.server', '--directory', 'claude']],
  ['python3', ['python3', 'claude.py']],
  ['bash', ['bash', '/home/me/claude/build.sh']],
  ['2.1.330', ['/home/me/.local/share/other/versions/2.1.330']],
  ['node', ['/home/me/.nvm/versions/node/v20.11.0/bin/node', 'index.js']],
  ['grep', ['grep', '-r', 'claude', '.']],
  ['less', ['less', 'CLAUDE.md']],
  // A JSR package or a remote module is not the npm package, whatever its last path segment
  ['deno', ['deno', 'run', '-A', 'jsr:@std/claude']],
  ['deno', ['deno', 'run', 'https://example.com/bin/claude']],
];

describe('processes', () => {
  it(`recognises ${RUNS.length} processes that run a tool: interpreter shims, native installs, Windows images`, () => {
    const wrong = RUNS.map(([name, argv, tools]) => ({ name, argv, tools, found: toolsOf(proc(name, argv)) }))
      .filter(({ tools, found }) => found !== tools)
      .map(({ name, argv, tools, found }) => `${name} ${JSON.stringify(argv)} → ${found || 'nothing'}, expected ${tools}`);
    assert.deepEqual(wrong, []);
  });

  it(`ignores ${LOOKALIKES.length} processes that only mention a tool`, () => {
    const wrong = LOOKALIKES.filter(([name, argv]) => toolsOf(proc(name, argv)) !== '').map(([name, argv]) => `${name} ${JSON.stringify(argv)} → ${toolsOf(proc(name, argv))}`);
    assert.deepEqual(wrong, []);
  });

  it('reads a process with no arguments (kernel threads, zombies) by its name alone', () => {
    assert.equal(toolsOf(proc('claude', [])), 'claude-code');
    assert.equal(toolsOf(proc('kworker/0:1', [])), '');
  });
});
