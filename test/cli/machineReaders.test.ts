import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { inventoryExtensionsFolder, parseExtensionFolderName, parseExtensionsIndex } from '../../src/core/detect/editorExtensions';
import { parseCodexToml, parseContinueYaml } from '../../src/core/detect/mcpConfigFormats';
import { matchProcesses } from '../../src/core/detect/processes';
import { npmrcPrefix } from '../../src/machine/installFolders';
import { scanMachine } from '../../src/machine/machineScan';
import { parsePsOutput, PsProcessReader } from '../../src/machine/processes/ps';
import { parseCimProcesses, WindowsProcessReader } from '../../src/machine/processes/windowsCim';
import { home } from './helpers';

describe('machine readers', () => {
  describe('ps (macOS and other Unixes)', () => {
    const comm = [
      '    1     0   501 S /sbin/launchd',
      '  501     1   501 S /Users/Jane Doe/.local/bin/claude',
      '  502     1   501 S /Applications/Visual Studio Code.app/Contents/MacOS/Electron',
      '  503   502   501 S node',
      '  504     1   501 S /usr/bin/gone',
    ].join('\n');
    const args = [
      '    1 /sbin/launchd',
      '  501 /Users/Jane Doe/.local/bin/claude --resume',
      '  502 /Applications/Visual Studio Code.app/Contents/MacOS/Electron --type=renderer',
      '  503 node /Users/Jane Doe/.npm/lib/node_modules/@openai/codex/bin/codex.js',
    ].join('\n');

    it('keeps a path with spaces whole: the columns cannot shift', async () => {
      const processes = await parsePsOutput(comm, args);
      assert.deepEqual(processes.find((p) => p.pid === 501), { pid: 501, ppid: 1, name: 'claude', argv: ['/Users/Jane Doe/.local/bin/claude', '--resume'], uid: 501 });
      assert.deepEqual(processes.find((p) => p.pid === 502)?.argv, ['/Applications/Visual Studio Code.app/Contents/MacOS/Electron', '--type=renderer']);
      assert.equal(processes.find((p) => p.pid === 502)?.name, 'Electron');
      assert.deepEqual(processes.find((p) => p.pid === 504)?.argv, [], 'exited between the two reads: name only');
      assert.deepEqual(matchProcesses(BUILT_IN_TOOLS, processes).map((m) => `${m.toolId}:${m.process.pid}`), ['claude-code:501', 'openai-codex:503']);
    });

    it('runs ps twice, one free-text column each', async () => {
      const calls: string[] = [];
      const reader = new PsProcessReader(async (file, argv) => {
        calls.push(`${file} ${argv.join(' ')}`);
        return argv.join(' ').includes('comm=') ? comm : args;
      });
      assert.equal((await reader.all()).length, 5);
      assert.deepEqual(calls.sort(), ['ps -axww -o pid=,args=', 'ps -axww -o pid=,ppid=,ruid=,state=,comm=']);
      assert.deepEqual((await reader.descendants([502])).map((p) => p.pid), [503]);
    });

    describe('arguments that are paths with spaces, which ps prints unquoted', () => {
      // A home folder with a space, as on many Macs, holding the files the processes run.
      let root: string;
      let home: string;
      const file = (relative: string) => {
        const full = path.join(home, relative);
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, '#!/usr/bin/env node\n');
        return full;
      };
      before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-spaces-'));
        home = path.join(root, 'Users', 'Jane Doe');
      });
      after(() => fs.rmSync(root, { recursive: true, force: true }));

      /** What the terminal's processes run, read through a fake `ps` printing these rows below pid 100. */
      const toolsBelowTerminal = async (rows: ReadonlyArray<readonly [comm: string, args: string]>) => {
        const commText = ['  100     1   501 Ss /bin/zsh', ...rows.map(([c], k) => `  ${200 + k}   100   501 S+ ${c}`)].join('\n');
        const argsText = ['  100 -zsh', ...rows.map(([, a], k) => `  ${200 + k} ${a}`)].join('\n');
        const reader = new PsProcessReader(async (_file, argv) => (argv.join(' ').includes('comm=') ? commText : argsText));
        const found = await reader.descendants([100]);
        return { found, tools: matchProcesses(BUILT_IN_TOOLS, found).map((m) => `${m.toolId}:${m.process.pid}`) };
      };

      it('finds node running an npm shim or a package script from a home folder with a space', async () => {
        const shim = file('.npm-global/bin/claude');
        const cli = file('.npm-global/lib/node_modules/@anthropic-ai/claude-code/cli.js');
        const gemini = file('.nvm/versions/node/v20.11.0/bin/gemini');
        const { found, tools } = await toolsBelowTerminal([
          ['/usr/local/bin/node', `node ${shim} -p hi there`],
          ['/usr/local/bin/node', `node --max-old-space-size 4096 --no-warnings ${cli} --resume`],
          ['node', `/usr/local/bin/node -r dotenv/config ${gemini}`],
        ]);
        assert.deepEqual(found[0]?.argv, ['node', shim, '-p', 'hi', 'there']);
        assert.deepEqual(found[1]?.argv, ['node', '--max-old-space-size', '4096', '--no-warnings', cli, '--resume']);
        assert.deepEqual(tools, ['claude-code:200', 'claude-code:201', 'gemini:202']);
      });

      it("finds Claude Code's native install run by its versioned path, whatever ps prints as comm", async () => {
        const native = file('.local/share/claude/versions/2.1.330');
        const { found, tools } = await toolsBelowTerminal([
          [native, `${native} --resume`],
          // Where comm is only the short name (as on the BSDs), the path is found from the file.
          ['2.1.330', `${native} -p hello world`],
        ]);
        assert.deepEqual(found.map((p) => p.argv[0]), [native, native]);
        assert.deepEqual(tools, ['claude-code:200', 'claude-code:201']);
      });

      it('finds python running a tool script from a folder with a space, and a venv python there too', async () => {
        const aider = file('.local/bin/aider');
        const python = file('Projects/my app/.venv/bin/python3');
        const venvAider = file('Projects/my app/.venv/bin/aider');
        const { found, tools } = await toolsBelowTerminal([
          ['/usr/bin/python3', `/usr/bin/python3 ${aider} --model sonnet`],
          [python, `${python} ${venvAider}`],
        ]);
        assert.deepEqual(found[0]?.argv, ['/usr/bin/python3', aider, '--model', 'sonnet']);
        assert.deepEqual(found[1]?.argv, [python, venvAider]);
        assert.deepEqual(tools, ['aider:200', 'aider:201']);
      });

      it('joins words only into a file that exists, so an argument that ends in a tool name is never taken for the script', async () => {
        const server = file('app/server.js');
        fs.mkdirSync(path.join(home, 'out'), { recursive: true });
        const { found, tools } = await toolsBelowTerminal([
          ['/usr/local/bin/node', `node ${server} out/claude`],
          ['/usr/local/bin/node', `node ${path.join(home, 'app', 'missing.js')} dist/claude`],
          ['/usr/bin/vim', `vim ${path.join(home, 'notes')} on/claude`],
        ]);
        assert.deepEqual(found[0]?.argv, ['node', server, 'out/claude']);
        assert.equal(found[1]?.argv.length, 4, 'a path that does not exist stays split');
        assert.deepEqual(tools, []);
      });
    });
  });

  describe('PowerShell (Windows)', () => {
    it('reads its JSON list, one object or many', () => {
      assert.deepEqual(parseCimProcesses('{"ProcessId":4,"ParentProcessId":0,"Name":"System","CommandLine":null}'), [{ pid: 4, ppid: 0, name: 'System', argv: [] }]);
      assert.equal(parseCimProcesses('\uFEFF[{"ProcessId":4},{"ProcessId":8,"Name":"a.exe","CommandLine":"\\"C:\\\\a b\\\\a.exe\\" -x"}]').length, 2);
      assert.deepEqual(parseCimProcesses('  '), []);
    });

    it('refuses output that is not JSON with an error quoting it, and the scan reports it instead of failing', async () => {
      const banner = 'Get-CimInstance : Access denied\r\nAt line:1 char:1';
      assert.throws(() => parseCimProcesses(banner), /^Error: PowerShell did not return a JSON process list \(.+\); it printed: Get-CimInstance : Access denied At line:1 char:1$/);
      const reader = new WindowsProcessReader(async () => banner);
      await assert.rejects(reader.all(), /PowerShell did not return a JSON process list/);
      const scan = await scanMachine({ home: home('clean'), platform: 'win32', env: {}, tools: BUILT_IN_TOOLS, processReader: reader, parseMcpConfig: () => ({ servers: [] }) });
      assert.deepEqual(scan.problems.filter((p) => p.where === 'processes').map((p) => /^cannot be listed: PowerShell did not return a JSON process list .*Access denied/.test(p.message)), [true]);
      assert.equal(scan.looked.processes, 0);
    });
  });

  describe('editor extension folders', () => {
    it('reads folder names with versions, pre-releases and target platforms', () => {
      assert.deepEqual(parseExtensionFolderName('anthropic.claude-code-2.0.1'), { id: 'anthropic.claude-code', version: '2.0.1' });
      assert.deepEqual(parseExtensionFolderName('OpenAI.chatgpt-1.2.3-linux-x64'), { id: 'OpenAI.chatgpt', version: '1.2.3' });
      assert.deepEqual(parseExtensionFolderName('ms-python.python-2024.1.0-darwin-arm64'), { id: 'ms-python.python', version: '2024.1.0' });
      assert.deepEqual(parseExtensionFolderName('a.b-c-1.0.0-beta.2'), { id: 'a.b-c', version: '1.0.0-beta.2' });
      assert.deepEqual(parseExtensionFolderName('github.copilot-chat-0.20.0-universal'), { id: 'github.copilot-chat', version: '0.20.0' });
      assert.equal(parseExtensionFolderName('not-an-extension'), undefined);
      assert.equal(parseExtensionFolderName('.obsolete'), undefined);
    });

    it('reads the index as VS Code writes it, with relativeLocation or only location', () => {
      const { entries } = parseExtensionsIndex(JSON.stringify([
        { identifier: { id: 'A.b' }, version: '1.0.0', relativeLocation: 'a.b-1.0.0' },
        { identifier: { id: 'C.d' }, version: '2.0.0', location: { $mid: 1, path: '/home/x/.vscode/extensions/c.d-2.0.0', scheme: 'file' } },
        { identifier: {}, version: '1' },
        null,
      ]));
      assert.deepEqual(entries, [{ id: 'A.b', version: '1.0.0', folder: 'a.b-1.0.0' }, { id: 'C.d', version: '2.0.0', folder: 'c.d-2.0.0' }]);
      assert.match(parseExtensionsIndex('{"not": "a list"}').problem ?? '', /not a list/);
    });

    it('is the index minus .obsolete plus unlisted folders, each extension once across case variants', () => {
      const inventory = inventoryExtensionsFolder({
        indexText: JSON.stringify([
          { identifier: { id: 'Anthropic.Claude-Code' }, version: '2.0.1', relativeLocation: 'anthropic.claude-code-2.0.1' },
          { identifier: { id: 'GitHub.copilot' }, version: '1.0.0', relativeLocation: 'github.copilot-1.0.0' },
        ]),
        obsoleteText: '{"GitHub.Copilot-1.0.0": true, "old.one-0.1.0": true}',
        folderNames: ['anthropic.claude-code-2.0.1', 'github.copilot-1.0.0', 'old.one-0.1.0', 'new.one-1.0.0', '.hidden', 'devbuild'],
        manifests: new Map([['devbuild', { publisher: 'Acme', name: 'helper', version: '0.0.1' }]]),
      });
      assert.deepEqual(inventory.extensions, [
        { id: 'Anthropic.Claude-Code', version: '2.0.1', folder: 'anthropic.claude-code-2.0.1' },
        { id: 'new.one', version: '1.0.0', folder: 'new.one-1.0.0' },
        { id: 'Acme.helper', version: '0.0.1', folder: 'devbuild' },
      ]);
      assert.deepEqual(inventory.problems, []);
    });

    it('reports a broken index and a broken .obsolete, and still counts the folders', () => {
      const inventory = inventoryExtensionsFolder({ indexText: '[{', obsoleteText: '{', folderNames: ['a.b-1.0.0'] });
      assert.deepEqual(inventory.extensions, [{ id: 'a.b', version: '1.0.0', folder: 'a.b-1.0.0' }]);
      assert.equal(inventory.problems.length, 2);
      assert.match(inventory.problems[0] ?? '', /^\.obsolete is not valid JSON/);
      assert.match(inventory.problems[1] ?? '', /^extensions\.json is not valid JSON/);
    });
  });

  it('reads the npm prefix from ~/.npmrc', () => {
    assert.equal(npmrcPrefix('fund=false\nprefix = ~/.npm-global\n', '/home/a'), '/home/a/.npm-global');
    assert.equal(npmrcPrefix('prefix="/opt/npm"\r\n', '/home/a'), '/opt/npm');
    assert.equal(npmrcPrefix('; prefix=/x\nregistry=https://r\n', '/home/a'), undefined);
  });

  describe('MCP configs in TOML and YAML', () => {
    it('reads Codex servers and names a wrong shape', () => {
      assert.deepEqual(parseCodexToml('[mcp_servers.a]\ncommand = "claude"\nargs = ["mcp", "serve"]\n[mcp_servers.b]\nurl = "https://x"\n'), { servers: [{ name: 'a', command: 'claude', args: ['mcp', 'serve'] }], problems: [] });
      // A wrong entry hides only itself.
      assert.deepEqual(parseCodexToml('[mcp_servers.a]\ncommand = 3\n[mcp_servers.b]\ncommand = "codex"\n'), { servers: [{ name: 'b', command: 'codex', args: [] }], problems: ['mcp_servers.a.command: expected a string'] });
      assert.match((parseCodexToml('[mcp_servers') as { error: string }).error, /^not valid TOML/);
    });

    it('reads Continue servers and names a wrong shape', () => {
      assert.deepEqual(parseContinueYaml('mcpServers:\n  - name: x\n    command: claude\n    args: [mcp, serve]\n'), { servers: [{ name: 'x', command: 'claude', args: ['mcp', 'serve'] }], problems: [] });
      assert.deepEqual(parseContinueYaml('mcpServers:\n  - name: x\n    command: claude\n    args: [1]\n'), { servers: [], problems: ['mcpServers[0].args: expected a list of strings'] });
      assert.deepEqual(parseContinueYaml(''), { servers: [] });
      assert.match((parseContinueYaml('mcpServers: [1, 2') as { error: string }).error, /^not valid YAML/);
    });
  });
});
