import { strict as assert } from 'node:assert';
import { parseAcpConfig } from '../../src/core/detect/acpConfig';
import { isActiveEvidence } from '../../src/core/detect/evidence';
import { gatherEvidence, NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import type { JetBrainsPluginSeen } from '../../src/core/detect/jetbrainsEvidence';
import { orderPluginJars, parseDisabledPlugins, parseProductFolder } from '../../src/core/detect/jetbrainsLayout';
import { parsePluginDescriptor } from '../../src/core/detect/jetbrainsPluginXml';
import { machineObservables } from '../../src/core/detect/machineEvidence';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { loadOk, loadProblems } from './helpers';
import { testReader } from './shellReader';

const plugin = (pluginId: string, extra: Partial<JetBrainsPluginSeen> = {}): JetBrainsPluginSeen => ({
  product: 'IntelliJIdea', productVersion: '2025.2', pluginId, location: `/home/me/.local/share/JetBrains/IntelliJIdea2025.2/${pluginId}`, enabled: true, ...extra,
});

describe('JetBrains plugin descriptors (META-INF/plugin.xml)', () => {
  it('reads <id>, <name>, <version> and <vendor> of <idea-plugin>, trimmed, with CDATA and the predefined entities', () => {
    const result = parsePluginDescriptor([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE idea-plugin PUBLIC "Plugin/DTD" "https://plugins.jetbrains.com/plugin.dtd">',
      '<idea-plugin url="https://example.com">',
      '  <id> com.anthropic.code.plugin </id>',
      '  <name><![CDATA[Claude Code [Beta]]]></name>',
      '  <version>0.1.13-beta</version>',
      '  <vendor email="x@example.com" url="https://anthropic.com">Anthropic &amp; friends</vendor>',
      '  <description><![CDATA[<p>Not parsed as markup</p>]]></description>',
      '  <extensions defaultExtensionNs="com.intellij"><id>not.this.one</id></extensions>',
      '</idea-plugin>',
    ].join('\n'));
    assert.deepEqual(result, { ok: true, descriptor: { id: 'com.anthropic.code.plugin', name: 'Claude Code [Beta]', version: '0.1.13-beta', vendor: 'Anthropic & friends' } });
  });

  it('takes <name> as the id when there is no <id>, as the IDE does, and the first of a repeated field', () => {
    assert.deepEqual(parsePluginDescriptor('<idea-plugin><name>String Manipulation</name><name>Other</name></idea-plugin>'), { ok: true, descriptor: { id: 'String Manipulation', name: 'String Manipulation' } });
    assert.deepEqual(parsePluginDescriptor('<idea-plugin><id>a</id><id>b</id></idea-plugin>'), { ok: true, descriptor: { id: 'a' } });
  });

  it('never expands an entity a DOCTYPE declares (no billion laughs) and names the problem', () => {
    const laughs = [
      '<!DOCTYPE idea-plugin [',
      '  <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      '<idea-plugin><id>&lol9;</id></idea-plugin>',
    ].join('\n');
    const result = parsePluginDescriptor(laughs);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /undefined entity.*never expanded/);
    // An external entity is never fetched either: it is just as undefined.
    const external = parsePluginDescriptor('<!DOCTYPE idea-plugin [<!ENTITY x SYSTEM "file:///etc/passwd">]><idea-plugin><id>&x;</id></idea-plugin>');
    assert.match(external.ok ? '' : external.error, /undefined entity/);
  });

  it('refuses what is not a plugin descriptor, with the reason', () => {
    const error = (xml: string) => {
      const result = parsePluginDescriptor(xml);
      return result.ok ? 'parsed' : result.error;
    };
    assert.match(error('<idea-plugin><id>x</id>'), /^not well-formed XML: .*unclosed tag/);
    assert.match(error('<plugin><id>x</id></plugin>'), /root element is <plugin>, not <idea-plugin>/);
    assert.match(error('<idea-plugin><version>1</version></idea-plugin>'), /neither <id> nor <name>/);
    assert.match(error(`<idea-plugin><id>${'a'.repeat(300)}</id></idea-plugin>`), /300 characters long/);
    assert.match(error(''), /^not well-formed XML: .*root element/);
  });

  it('cuts a long name, version or vendor short for display', () => {
    const result = parsePluginDescriptor(`<idea-plugin><id>x</id><name>${'N'.repeat(1000)}</name></idea-plugin>`);
    assert.ok(result.ok);
    assert.equal(result.descriptor.name, `${'N'.repeat(200)}…`);
  });
});

describe('JetBrains folder and file rules', () => {
  it('reads <Product><version> folder names and nothing else', () => {
    assert.deepEqual(parseProductFolder('IntelliJIdea2025.2'), { product: 'IntelliJIdea', version: '2025.2' });
    assert.deepEqual(parseProductFolder('PyCharmCE2024.3'), { product: 'PyCharmCE', version: '2024.3' });
    assert.deepEqual(parseProductFolder('AndroidStudio4.2'), { product: 'AndroidStudio', version: '4.2' });
    assert.deepEqual(parseProductFolder('Rider2025.1.2'), { product: 'Rider', version: '2025.1.2' });
    for (const other of ['Toolbox', 'consentOptions', 'IntelliJIdea', '2025.2', 'IntelliJIdea2025.2-backup', 'Intelli J2025.2']) assert.equal(parseProductFolder(other), undefined, other);
  });

  it('reads disabled_plugins.txt one id a line, with any line end, a BOM and blank lines', () => {
    assert.deepEqual([...parseDisabledPlugins('\uFEFFcom.github.copilot\r\n\r\n  com.anthropic.code.plugin \rorg.jetbrains.junie\n')], ['com.github.copilot', 'com.anthropic.code.plugin', 'org.jetbrains.junie']);
    assert.deepEqual([...parseDisabledPlugins('')], []);
  });

  it('tries the jars of lib/ in the IDE\'s order: named after the folder, shorter, then versioned libraries and resources', () => {
    assert.deepEqual(
      orderPluginJars('claude-code-jetbrains-plugin', ['resources_en.jar', 'gson-2.8.0.jar', 'junit-m5.jar', 'util.jar', 'claude-code-jetbrains-plugin-0.1.13.jar', 'claude-code-jetbrains-plugin.jar', 'kotlinx-coroutines-core.jar']),
      ['claude-code-jetbrains-plugin.jar', 'util.jar', 'kotlinx-coroutines-core.jar', 'claude-code-jetbrains-plugin-0.1.13.jar', 'junit-m5.jar', 'gson-2.8.0.jar', 'resources_en.jar'],
    );
  });
});

describe("JetBrains' acp.json", () => {
  it('lists every agent of agent_servers with its command and arguments, never its env', () => {
    const result = parseAcpConfig(`{
      // comments and trailing commas, as the IDE accepts
      "agent_servers": {
        "Claude Agent": { "command": "npx", "args": ["-y", "@agentclientprotocol/claude-agent-acp"], "env": { "ANTHROPIC_API_KEY": "sk-secret" } },
        "Codex": { "use_idea_mcp": true },
        "__proto__": { "command": "cursor-agent", "args": ["acp"], },
      },
    }`);
    assert.deepEqual(result, {
      ok: true,
      agents: [
        { name: 'Claude Agent', command: 'npx', args: ['-y', '@agentclientprotocol/claude-agent-acp'] },
        { name: 'Codex', args: [] },
        { name: '__proto__', command: 'cursor-agent', args: ['acp'] },
      ],
    });
    assert.ok(!JSON.stringify(result).includes('sk-secret'));
  });

  it('is empty for an empty file or one without agents, and names a wrong shape by line, column and path', () => {
    assert.deepEqual(parseAcpConfig(''), { ok: true, agents: [] });
    assert.deepEqual(parseAcpConfig('{"other": 1}'), { ok: true, agents: [] });
    assert.deepEqual(parseAcpConfig('{"agent_servers": {"A": {"command": 7}}}'), { ok: false, error: { message: 'expected a string', path: 'agent_servers.A.command', line: 1, column: 37 } });
    assert.deepEqual(parseAcpConfig('{"agent_servers": {"A": {"command": "x", "args": ["a", 1]}}}'), { ok: false, error: { message: 'expected a string', path: 'agent_servers.A.args[1]', line: 1, column: 56 } });
    assert.deepEqual(parseAcpConfig('{"agent_servers": []}'), { ok: false, error: { message: 'expected an object of agents', path: 'agent_servers', line: 1, column: 19 } });
    assert.equal(parseAcpConfig('{"agent_servers": {').ok, false);
    assert.equal(parseAcpConfig(`{"agent_servers": ${'['.repeat(1000)}`).ok, false, 'nesting is bounded before parsing');
  });
});

describe('JetBrains plugins and ACP agents as evidence', () => {
  it('matches a plugin by its id from plugin.xml, case-insensitively, whatever its folder is called', () => {
    const observations = gatherEvidence(BUILT_IN_TOOLS, { ...NOTHING_OBSERVED, jetbrainsPlugins: [plugin('COM.GITHUB.COPILOT', { location: '/p/renamed-folder', version: '1.5' }), plugin('org.example.unrelated')] });
    assert.deepEqual(observations, [{
      toolId: 'github-copilot',
      evidence: { kind: 'jetbrainsPlugin', product: 'IntelliJIdea', productVersion: '2025.2', pluginId: 'COM.GITHUB.COPILOT', version: '1.5', location: '/p/renamed-folder', enabled: true },
    }]);
  });

  it('keeps a disabled plugin as evidence that is not in use', () => {
    const [observation] = gatherEvidence(BUILT_IN_TOOLS, { ...NOTHING_OBSERVED, jetbrainsPlugins: [plugin('com.anthropic.code.plugin', { enabled: false })] });
    assert.ok(observation);
    assert.equal(observation.toolId, 'claude-code');
    assert.equal(isActiveEvidence(observation.evidence), false);
    assert.equal(isActiveEvidence({ ...observation.evidence, enabled: true } as typeof observation.evidence), true);
  });

  it('matches a policy\'s own plugin ids and agent names, added to a catalog tool or a new one', () => {
    const policy = loadOk([
      'version: 1', 'organization: A',
      'tools:',
      '  - id: claude-code', '    jetbrainsPlugins: [com.example.claude-fork]',
      '  - id: acme', '    name: ACME', '    jetbrainsPlugins: ["String Manipulation"]', '    acpAgents: [ACME Agent]',
      'rules:', '  - id: r', '    tool: [claude-code, acme]', '',
    ].join('\n'));
    const seen = {
      ...NOTHING_OBSERVED,
      jetbrainsPlugins: [plugin('com.example.claude-fork'), plugin('com.anthropic.code.plugin'), plugin('string manipulation')],
      acpAgents: [{ file: '/home/me/.jetbrains/acp.json', agent: 'acme agent', commandLine: '/opt/acme', invocations: [] }],
    };
    assert.deepEqual(gatherEvidence(policy.tools, seen).map((o) => `${o.toolId}:${o.evidence.kind === 'jetbrainsPlugin' ? o.evidence.pluginId : o.evidence.kind}`), [
      'claude-code:com.example.claude-fork', 'claude-code:com.anthropic.code.plugin', 'acme:string manipulation', 'acme:acpAgent',
    ]);
  });

  it('matches an ACP agent by its name, or by what its command runs whatever its name, once per tool', async () => {
    const reader = await testReader();
    const file = '/home/me/.jetbrains/acp.json';
    const seen = machineObservables({
      editorFolders: [], processes: [], installed: [], mcpServers: [],
      acpAgents: [
        { file, name: 'Claude Agent', command: 'npx', args: ['-y', '@agentclientprotocol/claude-agent-acp'] },
        { file, name: 'my agent', command: '/opt/cursor/bin/cursor-agent', args: ['acp'] },
        { file, name: 'Codex', args: [] },
        { file, name: 'OpenHands', command: 'openhands', args: ['acp'] },
        { file, name: 'wrapped', command: 'bash', args: ['-c', 'exec codex-acp --yolo'] },
      ],
    }, reader);
    assert.deepEqual(gatherEvidence(BUILT_IN_TOOLS, seen).map((o) => [o.toolId, o.evidence]), [
      ['claude-code', { kind: 'acpAgent', file, agent: 'Claude Agent', commandLine: 'npx -y @agentclientprotocol/claude-agent-acp' }],
      ['cursor', { kind: 'acpAgent', file, agent: 'my agent', commandLine: '/opt/cursor/bin/cursor-agent acp' }],
      ['openai-codex', { kind: 'acpAgent', file, agent: 'Codex', commandLine: '' }],
      ['openai-codex', { kind: 'acpAgent', file, agent: 'wrapped', commandLine: "bash -c 'exec codex-acp --yolo'" }],
    ]);
  });
});

describe('the policy format: jetbrainsPlugins and acpAgents', () => {
  it('refuses what is not a plugin id or an agent name, naming the field', () => {
    const problems = loadProblems([
      'version: 1', 'organization: A',
      'tools:', '  - id: acme', '    jetbrainsPlugins: ["com.acme/helper", " lead", ""]', '    acpAgents: ["", 7]',
      'rules:', '  - id: r', '    tool: acme', '',
    ].join('\n'));
    assert.deepEqual(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`), [
      '5:24 tools[0].jetbrainsPlugins[0]: "com.acme/helper" is not a JetBrains plugin id (the <id> in META-INF/plugin.xml, e.g. com.github.copilot)',
      '5:43 tools[0].jetbrainsPlugins[1]: " lead" is not a JetBrains plugin id (the <id> in META-INF/plugin.xml, e.g. com.github.copilot)',
      '5:52 tools[0].jetbrainsPlugins[2]: "" is not a JetBrains plugin id (the <id> in META-INF/plugin.xml, e.g. com.github.copilot)',
      '6:17 tools[0].acpAgents[0]: must not be empty',
      '6:21 tools[0].acpAgents[1]: expected text, got the number 7',
    ]);
  });

  it('suggests the field for a misspelt key', () => {
    const [problem] = loadProblems(['version: 1', 'organization: A', 'tools:', '  - id: acme', '    jetbrainsPlugin: [x]', 'rules:', '  - id: r', '    tool: acme', ''].join('\n'));
    assert.match(problem?.message ?? '', /did you mean "jetbrainsPlugins"/);
  });
});
