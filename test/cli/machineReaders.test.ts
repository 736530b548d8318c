import { strict as assert } from 'node:assert';
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
      '    1     0 /sbin/launchd',
      '  501     1 /Users/Jane Doe/.local/bin/claude',
      '  502     1 /Applications/Visual Studio Code.app/Contents/MacOS/Electron',
      '  503   502 node',
      '  504     1 /usr/bin/gone',
    ].join('\n');
    const args = [
      '    1 /sbin/launchd',
      '  501 /Users/Jane Doe/.local/bin/claude --resume',
      '  502 /Applications/Visual Studio Code.app/Contents/MacOS/Electron --type=renderer',
      '  503 node /Users/Jane Doe/.npm/lib/node_modules/@openai/codex/bin/codex.js',
    ].join('\n');

    it('keeps a path with spaces whole: the columns cannot shift', () => {
      const processes = parsePsOutput(comm, args);
      assert.deepEqual(processes.find((p) => p.pid === 501), { pid: 501, ppid: 1, name: 'claude', argv: ['/Users/Jane Doe/.local/bin/claude', '--resume'] });
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
      assert.deepEqual(calls.sort(), ['ps -axww -o pid=,args=', 'ps -axww -o pid=,ppid=,comm=']);
      assert.deepEqual((await reader.descendants([502])).map((p) => p.pid), [503]);
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
      assert.deepEqual(parseCodexToml('[mcp_servers.a]\ncommand = "claude"\nargs = ["mcp", "serve"]\n[mcp_servers.b]\nurl = "https://x"\n'), { servers: [{ name: 'a', command: 'claude', args: ['mcp', 'serve'] }] });
      assert.deepEqual(parseCodexToml('[mcp_servers.a]\ncommand = 3\n'), { error: 'mcp_servers.a.command: expected a string' });
      assert.match((parseCodexToml('[mcp_servers') as { error: string }).error, /^not valid TOML/);
    });

    it('reads Continue servers and names a wrong shape', () => {
      assert.deepEqual(parseContinueYaml('mcpServers:\n  - name: x\n    command: claude\n    args: [mcp, serve]\n'), { servers: [{ name: 'x', command: 'claude', args: ['mcp', 'serve'] }] });
      assert.deepEqual(parseContinueYaml('mcpServers:\n  - name: x\n    command: claude\n    args: [1]\n'), { error: 'mcpServers[0].args: expected a list of strings' });
      assert.deepEqual(parseContinueYaml(''), { servers: [] });
      assert.match((parseContinueYaml('mcpServers: [1, 2') as { error: string }).error, /^not valid YAML/);
    });
  });
});
