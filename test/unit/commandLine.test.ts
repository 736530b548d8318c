import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { CommandLineReader } from '../../src/core/detect/commandLine';
import { packageFromPath, packageName } from '../../src/core/detect/programNames';
import { testReader, testReaderCuttingAt, toolsTyped } from './shellReader';

let reader: CommandLineReader;
before(async () => { reader = await testReader(); });
const toolsRun = (line: string) => toolsTyped(reader, line);
const programsInCommandLine = (line: string) => reader.programsInCommandLine(line);
/** The lines whose tools are not `expected(line)`, with what was found. */
async function wrongLines<T>(lines: readonly T[], line: (item: T) => string, expected: (item: T) => readonly string[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const item of lines) {
    const found = (await toolsRun(line(item))).join(',');
    if (found !== [...expected(item)].sort().join(',')) wrong.push(`${line(item)}  →  ${found || 'nothing'} (expected ${expected(item).join(',') || 'nothing'})`);
  }
  return wrong;
}

/** Real-world command lines that run a catalog assistant, and the tool ids they run. */
const MUST_MATCH: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['claude', ['claude-code']],
  ['claude --version', ['claude-code']],
  ['claude -p "summarise this repo"', ['claude-code']],
  ['sudo claude', ['claude-code']],
  ['sudo -u build -E claude --resume', ['claude-code']],
  ['env ANTHROPIC_API_KEY=x claude', ['claude-code']],
  ['env -u HTTP_PROXY DEBUG=1 claude', ['claude-code']],
  ['ANTHROPIC_MODEL=opus claude', ['claude-code']],
  ['nohup claude -p "long job" > out.log 2>&1 &', ['claude-code']],
  ['time claude --version', ['claude-code']],
  ['command claude', ['claude-code']],
  ['exec claude', ['claude-code']],
  ['nice -n 10 claude', ['claude-code']],
  ['timeout 30 claude -p hi', ['claude-code']],
  ['timeout -s KILL 30s claude', ['claude-code']],
  ['echo prompt.txt | xargs claude -p', ['claude-code']],
  ['find . -name "*.md" | xargs -I {} claude -p {}', ['claude-code']],
  ['/home/me/.local/bin/claude', ['claude-code']],
  ['./node_modules/.bin/claude --version', ['claude-code']],
  ['~/.local/bin/claude doctor', ['claude-code']],
  ['"/opt/my tools/claude" --help', ['claude-code']],
  ["'claude' --version", ['claude-code']],
  ['C:\\Users\\me\\AppData\\Roaming\\npm\\claude.cmd', ['claude-code']],
  ['claude.exe --version', ['claude-code']],
  ['CLAUDE.EXE', ['claude-code']],
  ["& 'C:\\Tools\\claude.exe' --version", ['claude-code']],
  ['& "C:\\Program Files\\Claude\\claude.exe"', ['claude-code']],
  ['cd repo && claude', ['claude-code']],
  ['git pull || claude -p fix', ['claude-code']],
  ['make; claude', ['claude-code']],
  ['cat prompt.md | claude -p', ['claude-code']],
  ['echo $(claude --version)', ['claude-code']],
  ['echo "version: $(claude --version)"', ['claude-code']],
  ['echo `claude --version`', ['claude-code']],
  ['(cd app && claude)', ['claude-code']],
  ['bash -c "claude -p hello"', ['claude-code']],
  ["sh -lc 'cd /src && claude'", ['claude-code']],
  ['cmd /c claude --version', ['claude-code']],
  ['pwsh -Command "& claude --version"', ['claude-code']],
  ['npx @anthropic-ai/claude-code', ['claude-code']],
  ['npx -y @anthropic-ai/claude-code@latest', ['claude-code']],
  ['npx --yes @anthropic-ai/claude-code@2.1.330 --version', ['claude-code']],
  ['npx -p @anthropic-ai/claude-code claude', ['claude-code']],
  ['npx --package=@anthropic-ai/claude-code claude', ['claude-code']],
  ['npm exec -- @anthropic-ai/claude-code', ['claude-code']],
  ['npm exec --yes @anthropic-ai/claude-code@latest -- --version', ['claude-code']],
  ['npm x @anthropic-ai/claude-code', ['claude-code']],
  ['pnpm dlx @anthropic-ai/claude-code', ['claude-code']],
  ['yarn dlx @anthropic-ai/claude-code@latest', ['claude-code']],
  ['bunx @anthropic-ai/claude-code', ['claude-code']],
  ['bun x @anthropic-ai/claude-code', ['claude-code']],
  ['node /usr/lib/node_modules/@anthropic-ai/claude-code/cli.js', ['claude-code']],
  ['node --max-old-space-size=4096 ./node_modules/@anthropic-ai/claude-code/cli.js -p hi', ['claude-code']],
  ['qodercli --version', ['qoder']],
  ['npx @qoder-ai/qodercli', ['qoder']],
  ['codex exec "fix the tests"', ['openai-codex']],
  ['npx @openai/codex', ['openai-codex']],
  ['gemini -p "explain"', ['gemini']],
  ['npx @github/copilot', ['github-copilot']],
  ['aider --model sonnet', ['aider']],
  ['python -m aider', ['aider']],
  ['opencode run "hi"', ['opencode']],
  ['cursor-agent chat', ['cursor']],
  ['claude --version && codex --version', ['claude-code', 'openai-codex']],
  ['sudo env FOO=1 nohup time claude', ['claude-code']],
];

/** Look-alikes that must not match anything. */
const MUST_NOT_MATCH: readonly string[] = [
  'echo claude',
  'echo "run claude later"',
  'cat claude-notes.txt',
  'claude-notes.txt',
  './claude-notes.sh',
  'vim ~/.claude/settings.json',
  'ls ~/.claude',
  'rm -rf ~/.claude.json',
  'grep -r claude src/',
  'git commit -m "remove claude integration"',
  'git log --author=claude',
  'which claude',
  'type claude',
  'command -v claude',
  'man claude',
  'npm install -g @anthropic-ai/claude-code',
  'npm view @anthropic-ai/claude-code version',
  'npm uninstall -g @anthropic-ai/claude-code',
  'ls node_modules/@anthropic-ai/claude-code',
  'npx claude-code-router',
  'npx @anthropic-ai/sdk',
  'npx prettier --write claude.md',
  'claudette --help',
  'myclaude',
  'claude_backup',
  'cp claude /tmp/',
  'code ~/projects/claude',
  'copilot deploy',
  'copilot svc init',
  'q chat',
  'cn ls',
  'curl https://example.com/claude',
  'docker run claude',
  'kubectl logs claude-7f9c',
  'echo $CLAUDE_CODE_TERMINAL_TITLE',
  'export CLAUDECODE=1',
  'CLAUDE=1 make',
  'node scripts/claude.js',
  'python claude.py',
  'cat file 2>&1 claude.txt',
  'printf "%s\\n" claude',
  'history | grep claude',
  'sudo apt install claude-manual',
  'open -a Claude',
  'echo "$(cat claude.txt)"',
  'xdg-open claude.pdf',
  'tar czf claude.tgz src',
  'codex-notes.md',
  'echo codex gemini aider',
  'less CLAUDE.md',
  'gemini.md',
  'npx create-claude-app',
  'pnpm add @anthropic-ai/claude-code',
  'yarn add @anthropic-ai/claude-code',
  'bun add @anthropic-ai/claude-code',
  'node -e "require(\'claude\')"',
  'echo "&& claude"',
  "echo 'claude; codex'",
  'mkdir claude && cd claude',
  'cursor.md',
  'zulu --version',
  'cbc model.mps',
  'npm run claude',
  'make claude',
  'tail -f ~/.claude/logs/latest.log',
  'code --install-extension anthropic.claude-code',
  'echo claude > name.txt',
  'pip install aider-chat',
];

describe('command lines', () => {
  it(`recognises ${MUST_MATCH.length} command lines that run an assistant`, async () => {
    assert.deepEqual(await wrongLines(MUST_MATCH, ([line]) => line, ([, expected]) => expected), []);
  });

  it(`ignores ${MUST_NOT_MATCH.length} look-alikes`, async () => {
    assert.deepEqual(await wrongLines(MUST_NOT_MATCH, (line) => line, () => []), []);
  });

  it('reads package specs and node_modules paths', () => {
    assert.equal(packageName('@anthropic-ai/claude-code@latest'), '@anthropic-ai/claude-code');
    assert.equal(packageName('cline@1.2.3'), 'cline');
    assert.equal(packageName('./local'), undefined);
    assert.equal(packageFromPath('C:\\nvm\\node_modules\\@Anthropic-AI\\claude-code\\cli.js'), '@anthropic-ai/claude-code');
    assert.equal(packageFromPath('/usr/bin/node'), undefined);
  });

  it('reads a line longer than one parse in pieces, skipping none, at once and in slices', async () => {
    // The reader's pieces at an 8 KiB limit instead of the 256 KiB default: the same cutting
    // code, with the command in the third piece, for a line a thirteenth the size.
    const maxParseChars = 8 * 1024;
    const cutting = await testReaderCuttingAt(maxParseChars);
    const filler = 'ls -la /tmp "a b" | grep x\n';
    const long = `${filler.repeat(Math.ceil((20 * 1024) / filler.length))}claude --version`;
    assert.ok(long.length > 2 * maxParseChars);
    assert.ok(cutting.programsInCommandLine(long).some((found) => found.program === 'claude'));
    let pauses = 0;
    const sliced = await cutting.readCommandLine(long, 'posix', async () => { pauses++; });
    assert.ok(sliced.some((found) => found.program === 'claude'));
    assert.ok(pauses > 1, 'the sliced reader paused');
  });

  it('reads absurdly nested lines without overflowing the stack, in every dialect', () => {
    for (const line of ['$('.repeat(20000) + 'claude', '('.repeat(20000), '{ '.repeat(20000) + 'claude', 'echo "$(echo '.repeat(5000), '`'.repeat(20000), 'bash -c "'.repeat(2000)]) {
      for (const dialect of [undefined, 'posix', 'powershell', 'cmd'] as const) reader.programsInCommandLine(line, dialect);
    }
    assert.ok(programsInCommandLine(`${'$('.repeat(20000)}claude`).some((found) => found.program === 'claude'), 'found below the recursion limit');
  });

  it('reads short lines the same at once and in slices', async () => {
    for (const line of ['if true; then claude; fi', 'echo claude', 'cat <<EOF\nclaude\nEOF', 'pwsh -c "claude"', 'x=$(codex)']) {
      assert.deepEqual(await reader.readCommandLine(line, undefined, async () => undefined), programsInCommandLine(line), line);
    }
  });

  describe('properties (fast-check)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_.\-/]{1,12}$/);
    // Assignments lead the line (a shell sets them); wrappers follow in any order.
    const wrappers = fc.tuple(fc.constantFrom('', 'B=2', 'B=2 C="x y"'), fc.array(fc.constantFrom('sudo', 'sudo -u root', 'sudo D=4', 'env A=1', 'nohup', 'time', 'command', 'exec', 'nice -n 5', 'timeout 10'), { maxLength: 4 }))
      .map(([assignments, list]) => [assignments, ...list].filter(Boolean));
    const quote = fc.constantFrom((s: string) => s, (s: string) => `'${s}'`, (s: string) => `"${s}"`);
    const separator = fc.constantFrom(' && ', ' || ', '; ', ' | ', '\n');

    it('never throws, whatever the input', () => {
      fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (line) => { programsInCommandLine(line); return true; }), { numRuns: 5000 });
    });

    it('finds a catalog command behind any wrappers, quoting and path', async () => {
      await fc.assert(fc.asyncProperty(wrappers, quote, fc.constantFrom('', '/usr/local/bin/', './', 'C:\\Tools\\'), fc.constantFrom('', '.exe', '.cmd'), fc.array(word, { maxLength: 4 }),
        async (prefix, q, dir, suffix, args) => (await toolsRun(`${prefix.join(' ')} ${q(`${dir}claude${suffix}`)} ${args.join(' ')}`.trim())).includes('claude-code')), { numRuns: 2000 });
    });

    it('never takes an argument for a program', async () => {
      const catalogNames = fc.constantFrom('claude', 'codex', 'gemini', 'aider', 'qodercli', 'opencode', '@anthropic-ai/claude-code');
      await fc.assert(fc.asyncProperty(fc.constantFrom('echo', 'cat', 'grep -r', 'ls', 'git add', 'vim', 'rm'), fc.array(fc.oneof(word, catalogNames), { maxLength: 5 }), quote,
        async (program, args, q) => (await toolsRun(`${program} ${args.map(q).join(' ')}`)).length === 0), { numRuns: 2000 });
    });

    it('finds every command of a compound line', async () => {
      await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom('claude', 'codex', 'aider', 'ls -la', 'make test'), { minLength: 1, maxLength: 5 }), separator,
        async (parts, sep) => {
          const expected = new Set(parts.flatMap((p) => (p === 'claude' ? ['claude-code'] : p === 'codex' ? ['openai-codex'] : p === 'aider' ? ['aider'] : [])));
          return (await toolsRun(parts.join(sep))).join(',') === [...expected].sort().join(',');
        }), { numRuns: 2000 });
    });
  });
});
