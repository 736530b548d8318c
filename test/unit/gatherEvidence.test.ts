import { strict as assert } from 'node:assert';
import { gatherEvidence, NOTHING_OBSERVED, runsRuledTool } from '../../src/core/detect/gatherEvidence';
import { matchesWildcard } from '../../src/core/detect/wildcard';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { loadOk } from './helpers';

const at = '2026-11-21T10:00:00.000Z';

describe('gathering evidence from plain data', () => {
  it('turns every kind of observable into evidence for the tool it belongs to', () => {
    const tools = loadOk([
      'version: 1', 'organization: A',
      'tools:', '  - id: acme', '    extensions: ["acme.helper-*"]', '    commands: [acme]', '    processes: [acme-daemon]', '    terminalNames: [ACME]', '    apps: [Acme IDE]',
      'rules:', '  - id: r', '    tool: acme', '',
    ].join('\n')).tools;
    const observations = gatherEvidence(tools, {
      extensions: [{ id: 'Acme.Helper-Pro', version: '1.2.3', enabled: false }],
      hostEditor: { appName: 'Acme IDE', uriScheme: 'acme-ide' },
      installedCommands: [{ command: 'acme', path: '/usr/local/bin/acme' }, { command: 'ls', path: '/bin/ls' }],
      typedCommands: [
        { terminalName: 'zsh', commandLine: 'FOO=1 acme --go', at, invocations: [{ program: 'acme' }] },
        { terminalName: 'zsh', commandLine: 'echo acme', at, invocations: [{ program: 'echo' }] },
      ],
      terminalProcesses: [{ terminalName: 'zsh', processes: [{ pid: 42, ppid: 1, name: 'acme-daemon', argv: ['acme-daemon', '--serve'] }] }],
      terminalNames: ['acme', 'bash'],
      mcpServers: [{ file: '/ws/.vscode/mcp.json', server: 'helper', commandLine: 'acme mcp', invocations: [{ program: 'acme' }] }],
    }).filter((o) => o.toolId === 'acme');
    assert.deepEqual(observations.map((o) => o.evidence), [
      { kind: 'extension', extensionId: 'Acme.Helper-Pro', version: '1.2.3', enabled: false },
      { kind: 'app', appName: 'Acme IDE', uriScheme: 'acme-ide' },
      { kind: 'installed', command: 'acme', path: '/usr/local/bin/acme' },
      { kind: 'command', terminalName: 'zsh', commandLine: 'FOO=1 acme --go', program: 'acme', at },
      { kind: 'process', pid: 42, name: 'acme-daemon', argv: 'acme-daemon --serve', terminalName: 'zsh' },
      { kind: 'terminal', terminalName: 'acme' },
      { kind: 'mcpServer', file: '/ws/.vscode/mcp.json', server: 'helper', commandLine: 'acme mcp' },
    ]);
  });

  it('finds nothing in nothing, and keeps a process outside any terminal without a terminal name', () => {
    assert.deepEqual(gatherEvidence(BUILT_IN_TOOLS, NOTHING_OBSERVED), []);
    const [observation] = gatherEvidence(BUILT_IN_TOOLS, { ...NOTHING_OBSERVED, terminalProcesses: [{ processes: [{ pid: 7, ppid: 1, name: 'claude', argv: ['claude'] }] }] });
    assert.deepEqual(observation, { toolId: 'claude-code', evidence: { kind: 'process', pid: 7, name: 'claude', argv: 'claude' } });
  });

  it('keeps only typed lines that run a tool some rule names', () => {
    const policy = loadOk('version: 1\norganization: A\nrules:\n  - id: r\n    tool: claude-code\n');
    assert.equal(runsRuledTool(policy.rules, policy.tools, [{ program: 'npx', package: '@anthropic-ai/claude-code' }]), true);
    assert.equal(runsRuledTool(policy.rules, policy.tools, [{ program: 'cursor' }]), false, 'a catalog tool no rule names');
    assert.equal(runsRuledTool(policy.rules, policy.tools, [{ program: 'git' }]), false);
  });
});

describe('extension id wildcards', () => {
  const cases: Array<[string, string, boolean]> = [
    ['acme.helper-*', 'ACME.Helper-Pro', true],
    ['acme.helper-*', 'acme.helper-', true],
    ['acme.helper-*', 'acme.helperpro', false],
    ['*.*', 'vscode.git', true],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['*helper', 'acme.helper', true],
    ['acme.*-pro', 'acme.x-pro-pro', true],
    ['a.b', 'aXb', false],
    ['a+b(c)[d]', 'a+b(c)[d]', true],
    ['tool-policy.*', 'Tool-Policy.tool-policy-notices', true],
  ];
  for (const [pattern, value, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(value)}`, () => {
      assert.equal(matchesWildcard(pattern, value), expected);
    });
  }

  it('stays fast on a pattern built to make a backtracking matcher explode', () => {
    const pattern = `${'*a'.repeat(30)}*b`;
    const value = 'a'.repeat(5000);
    // A regular expression of the same shape takes minutes here; the steps are bounded by
    // pattern × value, so this answers at once (no timing assertion: the answer is the test).
    assert.equal(matchesWildcard(pattern, value), false);
    assert.equal(matchesWildcard(pattern, `${value}b`), true);
  });
});
