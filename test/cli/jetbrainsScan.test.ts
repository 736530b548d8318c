import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { findJetBrainsIdes } from '../../src/machine/jetbrainsFolders';
import { JETBRAINS_LIMITS, scanJetBrainsPlugins } from '../../src/machine/jetbrainsPlugins';
import { readAcpConfig } from '../../src/machine/acpConfigFile';
import { scanMachine } from '../../src/machine/machineScan';
import { cleanEnv, REPO_ROOT, runCli, tempDir } from './helpers';
import { ideFolders, jar, libraryJar, pluginJar, pluginXml, withDeclaredSize, write, type Platform } from './jetbrainsFixtures';

const NO_PROCESSES = { all: async () => [], descendants: async () => [] };

/** Scans `home` in `platform`'s layout: the IDEs found, then their plugins. */
async function scanHome(home: string, platform: Platform, limits = JETBRAINS_LIMITS) {
  const found = await findJetBrainsIdes(home, platform);
  const scan = await scanJetBrainsPlugins(found.ides, limits);
  return { ides: found.ides, problems: [...found.problems, ...scan.problems], plugins: scan.plugins, folders: scan.folders };
}

const summary = (plugins: ReadonlyArray<{ product: string; productVersion: string; pluginId: string; location: string; enabled: boolean }>, home: string) =>
  plugins.map((p) => `${p.product} ${p.productVersion} ${p.pluginId} ${path.relative(home, p.location)}${p.enabled ? '' : ' (disabled)'}`);

describe('JetBrains IDEs: plugins folders in every layout', function () {
  this.timeout(60_000);
  let home: string;
  beforeEach(() => { home = tempDir('jetbrains-home-'); });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  /** One IDE with every form a plugin takes: bare jar, lib/ jars, a renamed folder, unpacked, and what is no plugin. */
  function populate(plugins: string) {
    write(path.join(plugins, 'github-copilot-1.5.29.jar'), pluginJar('com.github.copilot'));
    const claude = path.join(plugins, 'claude-code-jetbrains-plugin', 'lib');
    write(path.join(claude, 'resources_en.jar'), libraryJar());
    write(path.join(claude, 'kotlinx-coroutines-core-1.8.0.jar'), libraryJar(40));
    write(path.join(claude, 'claude-code-jetbrains-plugin-0.1.13.jar'), pluginJar('com.anthropic.code.plugin'));
    // Renamed by hand: the id still comes from plugin.xml, here in a jar not named after the folder.
    write(path.join(plugins, 'my-tools', 'lib', 'helper.jar'), pluginJar('com.codeium.intellij'));
    write(path.join(plugins, 'unpacked-junie', 'META-INF', 'plugin.xml'), pluginXml({ id: 'org.jetbrains.junie', version: '2.0' }));
    write(path.join(plugins, 'not-a-plugin', 'readme.txt'), 'no lib/ here');
    write(path.join(plugins, 'library-only', 'lib', 'gson-2.8.0.jar'), libraryJar());
    write(path.join(plugins, 'notes.txt'), 'a file that is no jar');
  }

  it('Linux: plugins directly in ~/.local/share/JetBrains/<Product><version>, disabled_plugins.txt in ~/.config, Android Studio under Google', async () => {
    const idea = ideFolders(home, 'linux', 'IntelliJIdea2025.2');
    populate(idea.plugins);
    write(path.join(idea.config, 'disabled_plugins.txt'), 'com.github.copilot\n');
    write(path.join(ideFolders(home, 'linux', 'AndroidStudio2024.2', 'Google').plugins, 'amazon-q.jar'), pluginJar('amazon.q'));
    write(path.join(home, '.local', 'share', 'JetBrains', 'Toolbox', 'apps', 'x.jar'), pluginJar('com.tabnine.TabNine'));
    write(path.join(home, '.local', 'share', 'Google', 'Chrome2025.1', 'x.jar'), pluginJar('com.tabnine.TabNine'));

    const scan = await scanHome(home, 'linux');
    assert.deepEqual(scan.problems, []);
    assert.deepEqual(summary(scan.plugins, home), [
      'IntelliJIdea 2025.2 com.anthropic.code.plugin .local/share/JetBrains/IntelliJIdea2025.2/claude-code-jetbrains-plugin',
      'IntelliJIdea 2025.2 com.github.copilot .local/share/JetBrains/IntelliJIdea2025.2/github-copilot-1.5.29.jar (disabled)',
      'IntelliJIdea 2025.2 com.codeium.intellij .local/share/JetBrains/IntelliJIdea2025.2/my-tools',
      'IntelliJIdea 2025.2 org.jetbrains.junie .local/share/JetBrains/IntelliJIdea2025.2/unpacked-junie',
      'AndroidStudio 2024.2 amazon.q .local/share/Google/AndroidStudio2024.2/amazon-q.jar',
    ]);
    assert.deepEqual(scan.folders.map((folder) => path.relative(home, folder)), ['.local/share/JetBrains/IntelliJIdea2025.2', '.local/share/Google/AndroidStudio2024.2']);
    const claude = scan.plugins[0];
    assert.deepEqual([claude?.name, claude?.version, claude?.vendor], ['Plugin com.anthropic.code.plugin', '1.0.0', 'Vendor']);
  });

  it('macOS: ~/Library/Application Support/JetBrains/<Product><version>/plugins, disabled_plugins.txt beside it', async () => {
    const pycharm = ideFolders(home, 'darwin', 'PyCharm2025.1');
    populate(pycharm.plugins);
    write(path.join(pycharm.config, 'disabled_plugins.txt'), 'com.anthropic.code.plugin\r\norg.jetbrains.junie\r\n');
    write(path.join(ideFolders(home, 'darwin', 'AndroidStudio2024.2', 'Google').plugins, 'copilot.jar'), pluginJar('com.github.copilot'));

    const scan = await scanHome(home, 'darwin');
    assert.deepEqual(scan.problems, []);
    assert.deepEqual(summary(scan.plugins, home), [
      'PyCharm 2025.1 com.anthropic.code.plugin Library/Application Support/JetBrains/PyCharm2025.1/plugins/claude-code-jetbrains-plugin (disabled)',
      'PyCharm 2025.1 com.github.copilot Library/Application Support/JetBrains/PyCharm2025.1/plugins/github-copilot-1.5.29.jar',
      'PyCharm 2025.1 com.codeium.intellij Library/Application Support/JetBrains/PyCharm2025.1/plugins/my-tools',
      'PyCharm 2025.1 org.jetbrains.junie Library/Application Support/JetBrains/PyCharm2025.1/plugins/unpacked-junie (disabled)',
      'AndroidStudio 2024.2 com.github.copilot Library/Application Support/Google/AndroidStudio2024.2/plugins/copilot.jar',
    ]);
    // The Linux layout finds nothing in a Mac home.
    assert.deepEqual((await scanHome(home, 'linux')).plugins, []);
  });

  it('Windows: %APPDATA%\\JetBrains\\<Product><version>\\plugins and the same under %LOCALAPPDATA%', async () => {
    const webstorm = ideFolders(home, 'win32', 'WebStorm2024.3');
    populate(webstorm.plugins);
    write(path.join(webstorm.localPlugins as string, 'tabnine.jar'), pluginJar('com.tabnine.TabNine'));
    write(path.join(webstorm.config, 'disabled_plugins.txt'), 'com.tabnine.TabNine');

    const scan = await scanHome(home, 'win32');
    assert.deepEqual(scan.problems, []);
    assert.deepEqual(summary(scan.plugins, home).slice(-1), ['WebStorm 2024.3 com.tabnine.TabNine AppData/Local/JetBrains/WebStorm2024.3/plugins/tabnine.jar (disabled)']);
    assert.equal(scan.plugins.length, 5);
    assert.deepEqual(scan.folders.map((folder) => path.relative(home, folder)), ['AppData/Roaming/JetBrains/WebStorm2024.3/plugins', 'AppData/Local/JetBrains/WebStorm2024.3/plugins']);
  });

  it('names every jar or descriptor it cannot read, and still reads the rest', async () => {
    const plugins = ideFolders(home, 'linux', 'GoLand2025.2').plugins;
    const xml = pluginXml({ id: 'com.github.copilot' });
    const at = (name: string) => path.join(plugins, name);
    write(at('broken.jar'), 'PK\u0003\u0004 this is not a zip');
    // A zip bomb: 3 MiB of one byte, deflated a thousandfold.
    write(at('bomb.jar'), jar({ 'META-INF/plugin.xml': `<idea-plugin><id>x</id>${' '.repeat(3 * 1024 * 1024)}</idea-plugin>` }, 9));
    write(at('huge.jar'), jar({ 'META-INF/plugin.xml': `<idea-plugin><id>x</id><description>${'lorem ipsum dolor sit amet '.repeat(200_000)}</description></idea-plugin>` }, 0));
    // The directory says 100 bytes; the entry inflates to far more.
    write(at('liar.jar'), withDeclaredSize(jar({ 'META-INF/plugin.xml': `<idea-plugin><id>x</id>${' '.repeat(100_000)}</idea-plugin>` }, 9), 'META-INF/plugin.xml', 100));
    const small = jar({ 'META-INF/plugin.xml': xml });
    const xmlBytes = Buffer.byteLength(xml);
    write(at('short.jar'), withDeclaredSize(small, 'META-INF/plugin.xml', xmlBytes + 50));
    write(at('padded.jar'), withDeclaredSize(small, 'META-INF/plugin.xml', 10 * 1024 * 1024, 'compressed'));
    write(at('traversal.jar'), jar({ '../../../../tmp/planted.txt': 'x', 'META-INF/plugin.xml': xml }));
    write(at('absolute.jar'), jar({ '/etc/planted': 'x', 'META-INF/plugin.xml': xml }));
    write(at('laughs.jar'), jar({ 'META-INF/plugin.xml': '<!DOCTYPE idea-plugin [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><idea-plugin><id>&b;</id></idea-plugin>' }));
    write(at('not-xml.jar'), jar({ 'META-INF/plugin.xml': '<idea-plugin><id>x</id>' }));
    execFileSync('mkfifo', [at('fifo.jar')]);
    fs.symlinkSync(at('gone'), at('dangling.jar'));
    // A plugin whose first jar is broken: the problem is named and the plugin still found.
    write(path.join(plugins, 'copilot', 'lib', 'copilot.jar'), 'broken');
    write(path.join(plugins, 'copilot', 'lib', 'copilot-core.jar'), pluginJar('com.github.copilot'));

    const scan = await scanHome(home, 'linux');
    assert.deepEqual(summary(scan.plugins, home), ['GoLand 2025.2 com.github.copilot .local/share/JetBrains/GoLand2025.2/copilot']);
    const problems = scan.problems.map((p) => `${path.relative(plugins, p.where)}: ${p.message}`);
    const expected: Array<[string, RegExp]> = [
      ['absolute.jar', /not a readable jar: absolute path: \/etc\/planted/],
      ['bomb.jar', /META-INF\/plugin\.xml inflates \d+ times \(\d+ → 3145765 bytes\): a zip bomb, not read/],
      ['broken.jar', /not a readable jar: End of central directory record signature not found/],
      ['copilot/lib/copilot.jar', /not a readable jar/],
      ['dangling.jar', /cannot be read: ENOENT/],
      ['fifo.jar', /not a regular file/],
      ['huge.jar', /META-INF\/plugin\.xml is \d+ bytes once inflated; more than 4 MiB is not read/],
      ['laughs.jar!/META-INF/plugin.xml', /undefined entity .*never expanded/],
      ['liar.jar', /not a readable jar: META-INF\/plugin\.xml inflates to more than the 100 bytes its directory declares/],
      ['not-xml.jar!/META-INF/plugin.xml', /not well-formed XML/],
      ['padded.jar', /META-INF\/plugin\.xml stores 10485760 bytes for \d+ bytes of content; not read/],
      ['short.jar', new RegExp(`META-INF/plugin\\.xml inflates to ${xmlBytes} bytes, not the ${xmlBytes + 50} its directory declares`)],
      ['traversal.jar', /not a readable jar: invalid relative path: \.\.\/\.\.\/\.\.\/\.\.\/tmp\/planted\.txt/],
    ];
    assert.equal(problems.length, expected.length, problems.join('\n'));
    expected.forEach(([where, message], index) => {
      assert.ok(problems[index]?.startsWith(`${where}: `), `${problems[index]} is about ${where}`);
      assert.match(problems[index] ?? '', message);
    });
    assert.ok(!fs.existsSync('/tmp/planted.txt'), 'nothing is ever written');
  });

  it('refuses a jar with more entries than the limit, and stops at the scan\'s budget with a problem for each jar left', async () => {
    const plugins = ideFolders(home, 'linux', 'CLion2025.2').plugins;
    write(path.join(plugins, 'a.jar'), pluginJar('com.github.copilot', 300));
    write(path.join(plugins, 'b.jar'), pluginJar('amazon.q'));
    write(path.join(plugins, 'c.jar'), pluginJar('com.tabnine.TabNine'));
    const fewEntries = await scanHome(home, 'linux', { ...JETBRAINS_LIMITS, jar: { ...JETBRAINS_LIMITS.jar, maxEntries: 100 } });
    assert.deepEqual(fewEntries.problems.map((p) => `${path.basename(p.where)}: ${p.message}`), ['a.jar: the jar lists 302 entries; more than 100 are not read']);
    const twoJars = await scanHome(home, 'linux', { ...JETBRAINS_LIMITS, maxJars: 2, concurrency: 1 });
    assert.deepEqual(twoJars.plugins.map((p) => p.pluginId), ['com.github.copilot', 'amazon.q']);
    assert.deepEqual(twoJars.problems.map((p) => `${path.basename(p.where)}: ${p.message}`), ['c.jar: not read: the scan has read its limit of 2 jars or 2048 MiB']);
    for (const version of ['2024.1', '2024.2', '2024.3']) write(path.join(ideFolders(home, 'linux', `Aqua${version}`).plugins, 'x.jar'), pluginJar('amazon.q'));
    const fewIdes = await findJetBrainsIdes(home, 'linux', 2);
    assert.deepEqual(fewIdes.ides.map((ide) => `${ide.product}${ide.version}`), ['Aqua2024.1', 'Aqua2024.2']);
    assert.deepEqual(fewIdes.problems.map((p) => `${path.relative(home, p.where)}: ${p.message}`), ['.config/JetBrains: holds 4 IDE folders; only the first 2 are read']);
    const fewBytes = await scanHome(home, 'linux', { ...JETBRAINS_LIMITS, jar: { ...JETBRAINS_LIMITS.jar, maxBytesRead: 1024 } });
    assert.match(fewBytes.problems.find((p) => p.where.endsWith('a.jar'))?.message ?? '', /more than 0\.0009765625 MiB of the jar would have to be read/);
  });
});

describe("JetBrains' acp.json and the whole machine scan", function () {
  this.timeout(60_000);
  let home: string;
  beforeEach(() => { home = tempDir('jetbrains-acp-'); });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const ACP = {
    agent_servers: {
      'Claude Agent': { command: 'npx', args: ['-y', '@agentclientprotocol/claude-agent-acp'], env: { ANTHROPIC_API_KEY: 'sk-ant-secret-value' } },
      'my agent': { command: '/opt/cursor/bin/cursor-agent', args: ['acp'] },
      OpenHands: { command: 'openhands', args: ['acp'] },
    },
  };

  it('reads ~/.jetbrains/acp.json, and names a broken one by line and column', async () => {
    assert.deepEqual(await readAcpConfig(home), { files: [], agents: [], problems: [] });
    const file = write(path.join(home, '.jetbrains', 'acp.json'), JSON.stringify(ACP, null, 2));
    const read = await readAcpConfig(home);
    assert.deepEqual(read.files, [file]);
    assert.deepEqual(read.agents.map((a) => a.name), ['Claude Agent', 'my agent', 'OpenHands']);
    write(file, '{"agent_servers": {"x": {"command": ["not", "a", "string"]}}}');
    assert.deepEqual((await readAcpConfig(home)).problems, [{ where: file, message: '1:37: agent_servers.x.command: expected a string' }]);
  });

  it('scanMachine reports the plugins folders and acp.json it read, with their problems', async () => {
    write(path.join(ideFolders(home, 'linux', 'RustRover2025.2').plugins, 'claude.jar'), pluginJar('com.anthropic.code.plugin'));
    write(path.join(ideFolders(home, 'linux', 'RustRover2025.2').plugins, 'broken.jar'), 'broken');
    write(path.join(home, '.jetbrains', 'acp.json'), JSON.stringify(ACP));
    const scan = await scanMachine({ home, platform: 'linux', env: { PATH: '' }, tools: [], processReader: NO_PROCESSES, parseMcpConfig: () => ({ servers: [] }) });
    assert.deepEqual(scan.looked.jetbrainsFolders.map((f) => path.relative(home, f)), ['.local/share/JetBrains/RustRover2025.2']);
    assert.deepEqual(scan.looked.acpFiles.map((f) => path.relative(home, f)), ['.jetbrains/acp.json']);
    assert.deepEqual(scan.snapshot.jetbrainsPlugins?.map((p) => p.pluginId), ['com.anthropic.code.plugin']);
    assert.deepEqual(scan.snapshot.acpAgents?.map((a) => a.name), ['Claude Agent', 'my agent', 'OpenHands']);
    assert.deepEqual(scan.problems.map((p) => path.relative(home, p.where)), ['.local/share/JetBrains/RustRover2025.2/broken.jar']);
  });

  it('tool-policy scan: plugins and ACP agents as findings in text, JSON and SARIF, a disabled plugin not in use, no secret printed', async () => {
    const idea = ideFolders(home, 'linux', 'IntelliJIdea2025.2');
    write(path.join(idea.plugins, 'renamed', 'lib', 'main.jar'), pluginJar('com.anthropic.code.plugin'));
    write(path.join(idea.plugins, 'copilot.jar'), pluginJar('com.github.copilot'));
    write(path.join(idea.config, 'disabled_plugins.txt'), 'com.github.copilot\n');
    write(path.join(idea.plugins, 'broken.jar'), 'broken');
    write(path.join(home, '.jetbrains', 'acp.json'), JSON.stringify(ACP));
    const policyFile = write(path.join(home, 'policy.yaml'), [
      'version: 1', 'organization: ACME', 'rules:',
      '  - id: no-claude', '    tool: claude-code',
      '  - id: no-copilot', '    tool: github-copilot',
      '  - id: no-cursor', '    tool: cursor', '',
    ].join('\n'));

    const json = await runCli(['scan', '--policy', policyFile, '--home', home, '--format', 'json', '--now', '2026-12-02'], cleanEnv({ HOME: home }));
    const report = JSON.parse(json.stdout) as { findings: Array<{ ruleId: string; active: boolean; evidence: Array<Record<string, unknown>> }>; scanned: Record<string, unknown>; scanProblems: Array<{ where: string; message: string }> };
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'scan-report.v1.json'), 'utf8')) as object);
    assert.ok(validate(report), ajv.errorsText(validate.errors));
    const byRule = new Map(report.findings.map((f) => [f.ruleId, f]));
    // Only what the IDE folders and acp.json show: a process of this machine may add its own evidence.
    const fromJetBrains = (ruleId: string) => byRule.get(ruleId)?.evidence.filter((e) => e.kind === 'jetbrainsPlugin' || e.kind === 'acpAgent');
    assert.deepEqual(fromJetBrains('no-claude'), [
      { kind: 'jetbrainsPlugin', product: 'IntelliJIdea', productVersion: '2025.2', pluginId: 'com.anthropic.code.plugin', name: 'Plugin com.anthropic.code.plugin', version: '1.0.0', vendor: 'Vendor', folder: path.join(idea.plugins, 'renamed'), enabled: true },
      { kind: 'acpAgent', file: path.join(home, '.jetbrains', 'acp.json'), agent: 'Claude Agent', commandLine: 'npx -y @agentclientprotocol/claude-agent-acp' },
    ]);
    assert.equal(byRule.get('no-copilot')?.active, false, 'a disabled plugin is installed, not in use');
    assert.deepEqual(fromJetBrains('no-cursor'), [{ kind: 'acpAgent', file: path.join(home, '.jetbrains', 'acp.json'), agent: 'my agent', commandLine: '/opt/cursor/bin/cursor-agent acp' }]);
    assert.deepEqual(report.scanned.jetbrainsFolders, [idea.plugins]);
    assert.deepEqual(report.scanProblems.map((p) => p.where), [path.join(idea.plugins, 'broken.jar')]);

    const text = await runCli(['scan', '--policy', policyFile, '--home', home, '--now', '2026-12-02'], cleanEnv({ HOME: home }));
    assert.match(text.stdout, /^ +JetBrains plugin com\.anthropic\.code\.plugin 1\.0\.0 \(IntelliJIdea 2025\.2\)\n +\S*renamed$/m);
    assert.match(text.stdout, /^ +JetBrains plugin com\.github\.copilot 1\.0\.0 \(IntelliJIdea 2025\.2\) \(disabled\)$/m);
    assert.match(text.stdout, /^ +ACP agent “my agent” in \S*acp\.json\n +\/opt\/cursor\/bin\/cursor-agent acp$/m);
    assert.match(text.stdout, /broken\.jar\n +not a readable jar/);
    assert.match(text.stdout.replace(/\n +/g, ' '), /Looked at \d+ editor extension folders, 1 JetBrains plugin folders, .*, 1 ACP agent files, and PATH\./);

    const sarif = await runCli(['scan', '--policy', policyFile, '--home', home, '--format', 'sarif', '--now', '2026-12-02'], cleanEnv({ HOME: home }));
    const result = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }).runs[0]?.results.find((r) => r.ruleId === 'no-claude');
    assert.deepEqual(result?.locations?.map((l) => l.physicalLocation.artifactLocation.uri.replace(/^file:\/\//, '')).sort(), [path.join(home, '.jetbrains', 'acp.json'), path.join(idea.plugins, 'renamed')].sort());

    for (const run of [json, text, sarif]) assert.ok(!`${run.stdout}${run.stderr}`.includes('sk-ant-secret-value'), 'an agent\'s env is never printed');
  });

  it('tool-policy scan: a jar it cannot read, and nothing else found, is incomplete (exit 5), never compliant', async () => {
    // The command line reads the layout of the OS it runs on.
    const plugins = ideFolders(home, process.platform as Platform, 'WebStorm2025.2').plugins;
    write(path.join(plugins, 'claude-code-jetbrains-plugin.jar'), jar({ 'META-INF/plugin.xml': `<idea-plugin><id>x</id>${' '.repeat(3 * 1024 * 1024)}</idea-plugin>` }, 9));
    // A tool only a plugin id names: no process of this machine can stand in for the jar.
    const policyFile = write(path.join(home, 'policy.yaml'), ['version: 1', 'organization: ACME', 'tools:', '  - id: acme', '    name: ACME', '    jetbrainsPlugins: [com.example.acme]', 'rules:', '  - id: no-acme', '    tool: acme', ''].join('\n'));
    const run = await runCli(['scan', '--policy', policyFile, '--home', home, '--format', 'json'], cleanEnv({ HOME: home }));
    const report = JSON.parse(run.stdout) as { status: string; scanProblems: Array<{ where: string; message: string }> };
    assert.equal(run.code, 5, run.stderr);
    assert.equal(report.status, 'incomplete');
    assert.deepEqual(report.scanProblems.map((p) => path.basename(p.where)), ['claude-code-jetbrains-plugin.jar']);
    assert.match(report.scanProblems[0]?.message ?? '', /a zip bomb, not read/);
  });
});
