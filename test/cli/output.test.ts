/* eslint-disable no-control-regex -- these tests look for terminal control characters on purpose */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { wrap, displayWidth } from '../../src/cli/layout';
import { escapeUnsafe, safeText } from '../../src/cli/terminalText';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { CLI, cleanEnv, home, policy, runCli, tempDir } from './helpers';

/** Runs dist/cli.js with its stdout on `stdout` (a file descriptor or 'pipe' closed at once). */
function runWithStdout(args: string[], stdout: number | 'closed-pipe'): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cleanEnv(), stdio: ['ignore', stdout === 'closed-pipe' ? 'pipe' : stdout, 'pipe'] });
    // The reader goes away before anything is read, as `| head -c1` does after one byte.
    if (stdout === 'closed-pipe') child.stdout?.destroy();
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('tool-policy output', function () {
  this.timeout(60_000);
  const scanArgs = ['scan', '--policy', policy('assistants.yaml'), '--home', home('many-editors'), '--format', 'json'];

  describe('an output error exits 74 with one line on stderr, never a stack trace', () => {
    it('a closed pipe', async () => {
      const run = await runWithStdout(scanArgs, 'closed-pipe');
      assert.equal(run.code, 74, run.stderr);
      assert.equal(run.stderr, 'tool-policy: cannot write the output (EPIPE: the reader closed the pipe)\n');
    });

    it('a full disk (/dev/full)', async () => {
      const fd = fs.openSync('/dev/full', 'w');
      try {
        for (const args of [scanArgs, ['catalog'], ['export', '--format', 'osquery', '--policy', policy('assistants.yaml')]]) {
          const run = await runWithStdout(args, fd);
          assert.equal(run.code, 74, `${args.join(' ')}: ${run.stderr}`);
          assert.equal(run.stderr, 'tool-policy: cannot write the output (ENOSPC: no space left on the device)\n');
        }
      } finally {
        fs.closeSync(fd);
      }
    });

    it('through a real shell pipe: `| head -c1`', async () => {
      // An osquery export of thirty rules is some 400 KB: more than a pipe holds, so the reader's exit is met.
      const dir = tempDir('tp-pipe-');
      const file = path.join(dir, 'policy.yaml');
      fs.writeFileSync(file, `version: 1\norganization: O\nrules:\n${Array.from({ length: 30 }, (_, i) => `  - { id: r${i}, tool: "*" }\n`).join('')}`);
      const args = ['export', '--format', 'osquery', '--policy', file];
      const line = `"${process.execPath}" "${CLI}" ${args.map((arg) => `'${arg}'`).join(' ')} | head -c1 >/dev/null; echo "\${PIPESTATUS[0]}"`;
      const run = await new Promise<{ out: string; err: string }>((resolve, reject) => {
        const child = spawn('bash', ['-c', line], { env: cleanEnv({ PATH: '/usr/bin:/bin' }), stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('error', reject);
        child.on('close', () => resolve({ out, err }));
      });
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(run.out.trim(), '74', run.err);
      assert.equal(run.err, 'tool-policy: cannot write the output (EPIPE: the reader closed the pipe)\n');
    });
  });

  describe('text the terminal shows is escaped', () => {
    it('escapes U+2028, U+2029, zero-width, bidi controls and lone surrogates', () => {
      assert.equal(safeText('a\u2028b\u2029c\u200bd\u200de\u2060f\ufeffg\u202eh\u2067i\u00adj\ud800k'), 'a\\u{2028}b\\u{2029}c\\u{200b}d\\u{200d}e\\u{2060}f\\u{feff}g\\u{202e}h\\u{2067}i\\u{ad}j\\u{d800}k');
      assert.equal(safeText('中文 and emoji 🙂'), '中文 and emoji 🙂');
    });

    it('takes the quick way only for text with nothing to escape (property: the same as escaping every character)', () => {
      // Characters on both sides of every edge of the escaped ranges, surrogates alone and in pairs.
      const edges = ['\u0000', '\u001f', ' ', '~', '\u007f', '\u009f', '\u00a0', '\u00ad', '·', '\u061c', '\u180e', '\u200a', '\u200b', '\u200f', '\u2010', '\u2027', '\u2028', '\u202e', '\u202f', '\u205f', '\u2060', '\u2064', '\u2065', '\u2066', '\u206f', '\u2070', '\ufeff', '\ufff8', '\ufff9', '\ufffb', '\ufffc', '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '🙂', '中', 'a', '\n', '\t'];
      fc.assert(fc.property(fc.array(fc.constantFrom(...edges), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        assert.equal(safeText(text), escapeUnsafe(text));
      }), { numRuns: 3000 });
    });

    it('in export notes on stderr: a path with ESC in it prints escaped', async () => {
      const dir = tempDir('esc\u001b[31m-');
      try {
        const file = path.join(dir, 'policy.yaml');
        fs.writeFileSync(file, 'version: 1\norganization: O\nrules:\n  - id: r\n    tool: claude-code\n    enforce: block\n    exceptions:\n      - until: 2099-01-01\n        users: [alice]\n');
        const run = await runCli(['export', '--format', 'vscode-policy', '--policy', file, '--now', '2026-12-02']);
        assert.equal(run.code, 0, run.stderr);
        assert.doesNotMatch(run.stderr, /[\u0000-\u0008\u000b-\u001f\u007f]/);
        const unknown = await runCli(['scan', '--policy', path.join(dir, 'missing\u2028.yaml'), '--home', home('clean')]);
        assert.doesNotMatch(unknown.stdout + unknown.stderr, /[\u001b\u2028]/);
        assert.match(unknown.stdout, /esc\\u\{1b\}\[31m-/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('text a person can read at 80 columns', () => {
    it('wraps at spaces to the width, indents continuation lines, and never cuts a path', () => {
      const lines = wrap('Use instead: Qoder — https://qoder.com/ Alibaba\'s own agentic coding platform, approved for company code.', 40, '  ', '    ');
      assert.deepEqual(lines, ['  Use instead: Qoder —', '    https://qoder.com/ Alibaba\'s own', '    agentic coding platform, approved', '    for company code.']);
      const deep = `/home/alice/${'very-long-folder/'.repeat(6)}claude`;
      assert.deepEqual(wrap(`installed at ${deep}`, 40, '  '), ['  installed at', `  ${deep}`]);
      assert.equal(displayWidth('不再允许使用'), 12);
      for (const line of wrap('不再允许使用 Claude Code：此工具已被列为高风险软件，请改用 Qoder 并迁移您的设置与项目。', 30)) assert.ok(displayWidth(line) <= 30, line);
    });

    it('gives a line that fits as it is the same lines as the word-by-word wrap', () => {
      // A trailing space takes the word-by-word path, which drops it: both must agree.
      fc.assert(fc.property(
        fc.array(fc.constantFrom('a', 'bc', 'x/y', '—', '·', '“', '\u00a0', '\u0301', '\u1100', '\uffe6', '\uffe7', '🙂', '不再', ' ', '  ', 'https://q.example/'), { maxLength: 12 }),
        fc.integer({ min: 4, max: 40 }), fc.constantFrom('', '  ', '    '),
        (pieces, width, indent) => {
          const text = pieces.join('');
          assert.deepEqual(wrap(text, width, indent, '    '), wrap(`${text} `, width, indent, '    '), JSON.stringify(text));
          assert.equal(displayWidth(text), [...text].reduce((sum, ch) => sum + (/[不再\u1100\uffe6]/.test(ch) ? 2 : 1), 0));
        },
      ), { numRuns: 2000 });
      assert.deepEqual(wrap('fits as it is', 20, '  '), ['  fits as it is']);
      assert.deepEqual(wrap('two  spaces', 20, '  '), ['  two spaces']);
    });

    it('fits every line of a real scan in 80 columns, but for a path that alone is wider', async () => {
      const run = await runCli(['scan', '--policy', path.join(__dirname, '..', '..', '..', 'policies', 'alibaba-claude-code.yaml'), '--policy', policy('assistants.yaml'), '--home', home('many-editors'), '--now', '2026-12-02']);
      assert.equal(run.code, 2, run.stderr);
      const tooWide = run.stdout.split('\n').filter((line) => displayWidth(line) > 80 && !/^ *\S+$/.test(line));
      assert.deepEqual(tooWide, []);
      assert.match(run.stdout, /^ {2}Use instead: Qoder — https:\/\/qoder\.com\/$/m);
      assert.match(run.stdout, /^The full policy: https:\/\/intranet\.example\/ai-tools$/m);
    });

    it('speaks Simplified Chinese with --lang zh-cn or the locale, English otherwise', async () => {
      const args = ['scan', '--policy', path.join(__dirname, '..', '..', '..', 'policies', 'alibaba-claude-code.yaml'), '--home', home('many-editors'), '--now', '2026-12-02'];
      const chinese = await runCli([...args, '--lang', 'zh-cn']);
      assert.equal(chinese.code, 2);
      assert.match(chinese.stdout, /^工具政策扫描 — 阿里巴巴集团$/m);
      assert.match(chinese.stdout, /^不允许使用：不再允许使用 Claude Code$/m);
      assert.match(chinese.stdout, /^ {2}发现：$/m);
      assert.match(chinese.stdout, /^违规：存在政策不允许的工具（1 项违规）。 退出码 2。$/m);
      const fromLocale = await runCli(args, cleanEnv({ LANG: 'zh_CN.UTF-8' }));
      // The same words from the locale (all but the count of processes, which live on).
      const settled = (text: string) => text.replace(/已检查[\s\S]*$/, '');
      assert.equal(settled(fromLocale.stdout), settled(chinese.stdout));
      assert.match(fromLocale.stdout, /已检查 \d+ 个编辑器扩展文件夹/);
      const english = await runCli(args, cleanEnv({ LANG: 'en_US.UTF-8' }));
      assert.match(english.stdout, /^Not permitted: Claude Code is no longer permitted$/m);
      for (const line of chinese.stdout.split('\n')) assert.ok(displayWidth(line) <= 80 || /^ *\S+$/.test(line), line);
    });
  });

  describe('tool-policy catalog', () => {
    it('lists every built-in tool with every matcher kind its definition has, as JSON', async () => {
      const run = await runCli(['catalog', '--format', 'json']);
      assert.equal(run.code, 0, run.stderr);
      const { tools } = JSON.parse(run.stdout) as { tools: Array<{ id: string; name: string; matchers: Record<string, string[]> }> };
      assert.deepEqual(tools.map((tool) => tool.id), BUILT_IN_TOOLS.map((tool) => tool.id));
      const claude = tools.find((tool) => tool.id === 'claude-code');
      assert.deepEqual(claude?.matchers.extensions, ['anthropic.claude-code']);
      assert.deepEqual(claude?.matchers.packages, ['@anthropic-ai/claude-code', '@agentclientprotocol/claude-agent-acp', '@zed-industries/claude-code-acp']);
      assert.deepEqual(claude?.matchers.jetbrainsPlugins, ['com.anthropic.code.plugin']);
      assert.deepEqual(claude?.matchers.acpAgents, ['Claude Agent', 'Claude Code']);
      // Every list the definitions hold is printed, whatever its name: new kinds appear when they land.
      for (const tool of BUILT_IN_TOOLS) {
        const lists = Object.entries(tool).filter(([, value]) => Array.isArray(value)).map(([key]) => key);
        assert.deepEqual(Object.keys(tools.find((t) => t.id === tool.id)?.matchers ?? {}), lists, tool.id);
      }
    });

    it('as text: one block per tool, the matchers it has, within 80 columns', async () => {
      const run = await runCli(['catalog']);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^claude-code: Claude Code \(Anthropic\)\n {2}extensions: anthropic\.claude-code\n {2}commands: claude, claude-agent-acp, claude-code-acp\n {2}packages: @anthropic-ai\/claude-code, @agentclientprotocol\/claude-agent-acp,\n {4}@zed-industries\/claude-code-acp\n/m);
      assert.match(run.stdout, /^ {2}jetbrainsPlugins: com\.anthropic\.code\.plugin\n {2}acpAgents: Claude Agent, Claude Code\n/m);
      for (const line of run.stdout.split('\n')) assert.ok(displayWidth(line) <= 80, line);
    });
  });
});
