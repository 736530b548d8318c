import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { editorFace, osqueryFace, scanFace, writeHome } from './differential/faces';
import { HOMES, NOW, POLICY, type Difference, type Home } from './differential/homes';

/**
 * One answer on every face: each fixture home read by `scan`, by the editor's evidence
 * path and by the osquery export (and its Fleet policies) in SQLite. The faces agree, or
 * differ exactly where homes.ts says and why. The table of what each face found is
 * printed at the end (set DIFFERENTIAL_TABLE=0 to leave it out).
 */

interface Outcome {
  readonly home: Home;
  readonly scan: Set<string>;
  readonly scanExit: number;
  readonly editor: Set<string>;
  readonly osquery: Set<string>;
  readonly noted: Set<string>;
  readonly fleetFails: boolean;
}

const outcomes: Outcome[] = [];

/** What `face` should report: the scan's findings with the listed differences applied. */
function expected(scan: ReadonlySet<string>, differences: readonly Difference[], face: Difference['face']): string[] {
  const result = new Set(scan);
  for (const difference of differences) {
    if (difference.face !== face) continue;
    if (difference.is === 'missing') {
      assert.ok(result.has(difference.key), `a listed difference names what the scan does not report: ${difference.key}`);
      result.delete(difference.key);
    } else {
      assert.ok(!result.has(difference.key), `a listed extra is reported by the scan too: ${difference.key}`);
      result.add(difference.key);
    }
  }
  return [...result].sort();
}

const short = (key: string, noted?: ReadonlySet<string>) => {
  const [rule, tool, kind, where, phase] = key.split('|');
  return `${tool} ${kind} ${where} ${phase}${noted?.has(key) ? ' (note)' : ''}${rule === 'assistants-ban' ? '' : ` [${rule}]`}`;
};

function printTable(): void {
  const lines = ['', 'Differential: home × face × findings (scan exit code; Fleet: pass/fail)', ''];
  lines.push('| home | scan | editor | osquery | Fleet |', '| --- | --- | --- | --- | --- |');
  for (const outcome of outcomes) {
    const cell = (set: ReadonlySet<string>, reference?: ReadonlySet<string>, noted?: ReadonlySet<string>) => {
      if (set.size === 0) return '—';
      const sameNoted = [...set].filter((key) => reference?.has(key) && noted?.has(key)).map((key) => `=${short(key, noted)}`);
      if (reference && [...set].every((key) => reference.has(key)) && set.size === reference.size) return `same (${set.size})${sameNoted.length > 0 ? `: ${sameNoted.join('; ')}` : ''}`;
      const missing = reference ? [...reference].filter((key) => !set.has(key)).map((key) => `−${short(key)}`) : [];
      const extra = reference ? [...set].filter((key) => !reference.has(key)).map((key) => `+${short(key, noted)}`) : [...set].map((key) => short(key));
      return reference ? `${set.size}: ${[...missing, ...extra, ...sameNoted].join('; ')}` : extra.join('; ');
    };
    lines.push(`| ${outcome.home.name} | ${cell(outcome.scan)} (exit ${outcome.scanExit}) | ${cell(outcome.editor, outcome.scan)} | ${cell(outcome.osquery, outcome.scan, outcome.noted)} | ${outcome.fleetFails ? 'fail' : 'pass'} |`);
  }
  console.log(lines.join('\n'));
}

describe('differential: scan, the editor and osquery find the same things in every fixture home', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-differential-'));
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    if (process.env.DIFFERENTIAL_TABLE !== '0' && outcomes.length > 0) printTable();
  });

  it('has at least 12 homes, covering every editor folder the scan reads', () => {
    assert.ok(HOMES.length >= 12, `${HOMES.length} homes`);
  });

  for (const [index, home] of HOMES.entries()) {
    it(home.name, async () => {
      const written = writeHome(path.join(root, String(index)), home, POLICY, NOW);
      const scan = await scanFace(written);
      const editor = await editorFace(written);
      const osquery = await osqueryFace(written);
      outcomes.push({ home, scan: scan.findings, scanExit: scan.exitCode, editor: editor.findings, osquery: osquery.findings, noted: osquery.noted, fleetFails: osquery.fleetFails });

      const differences = home.differences ?? [];
      assert.deepEqual([...editor.findings].sort(), expected(scan.findings, differences, 'editor'), 'the editor differs from the scan');
      // What the editor could not read, the scan could not either; and then neither says compliant.
      if (editor.unread > 0) assert.ok(scan.exitCode === 2 || scan.exitCode === 5, `the editor could not read ${editor.unread} items; the scan exited ${scan.exitCode}`);
      if (editor.unread > 0) assert.notEqual(editor.status, 'compliant');
      assert.deepEqual([...osquery.findings].sort(), expected(scan.findings, differences, 'osquery'), 'the osquery export differs from the scan');
      assert.deepEqual([...osquery.noted].sort(), [...(home.noted ?? [])].sort(), 'the rows that say osquery could not tell');
      // Every user's processes: scan --all-users and the export's rows for every user.
      if (new Set((home.processes ?? []).map((process) => process.owner)).size > 1) {
        const everyone = await scanFace(written, true);
        const processes = (set: ReadonlySet<string>) => [...set].filter((key) => key.split('|')[2] === 'process').sort();
        assert.deepEqual(processes(osquery.allProcesses), processes(everyone.findings), 'every user\'s processes differ between scan --all-users and the export');
        assert.ok(processes(everyone.findings).length > processes(scan.findings).length, 'the other owner\'s processes count with --all-users only');
      }
      // Fleet fails the host exactly when the export finds something in violation.
      const violation = [...osquery.findings].some((key) => key.split('|')[4] === 'violation');
      assert.equal(osquery.fleetFails, violation, 'the Fleet verdict follows the rows the export returns');
    });
  }

  it('covers every editor folder, an uninstalled copy, broken and BOM indexes, unlisted folders, two owners, interpreters, argv[0] and the native install', () => {
    const folders = new Set(HOMES.flatMap((home) => (home.editors ?? []).map((editor) => editor.folder)));
    for (const folder of ['.vscode', '.vscode-server', '.vscode-insiders', '.vscode-server-insiders', '.vscode-oss', '.vscodium-server', '.cursor', '.cursor-server', '.windsurf', '.windsurf-server', '.devin', '.trae', '.trae-cn', '.trae-server', '.qoder', '.kiro', '.antigravity', '.local/share/code-server']) {
      assert.ok(folders.has(`${folder}/extensions`), `no home has ${folder}/extensions`);
    }
    const editors = HOMES.flatMap((home) => home.editors ?? []);
    assert.ok(editors.some((editor) => (editor.obsolete ?? []).length > 0));
    assert.ok(editors.some((editor) => editor.index !== undefined && 'raw' in editor.index));
    assert.ok(editors.some((editor) => editor.index !== undefined && 'bom' in editor.index && editor.index.bom === true));
    const processes = HOMES.flatMap((home) => home.processes ?? []);
    assert.ok(new Set(processes.map((process) => process.owner)).size >= 2);
    assert.ok(processes.some((process) => process.name === 'node' && process.argv[1]?.endsWith('/bin/claude') === false && process.argv.some((arg) => arg.endsWith('/bin/claude'))));
    assert.ok(processes.some((process) => /\/share\/claude\/versions\//.test(process.argv[0] ?? '')));
    assert.ok(processes.some((process) => process.name === 'node' && process.argv[0] !== 'node'));
  });

  it('covers every shape of JetBrains plugin, disabled plugins, folders osquery does not read, both Linux layouts of jetbrains_plugins and an ACP agent', () => {
    const ides = HOMES.flatMap((home) => home.jetbrains ?? []);
    const plugins = ides.flatMap((ide) => ide.plugins);
    for (const shape of ['lib', 'jar', 'unpacked'] as const) assert.ok(plugins.some((plugin) => (plugin.shape ?? 'lib') === shape), `no ${shape} plugin`);
    assert.ok(ides.some((ide) => (ide.disabled ?? []).length > 0));
    for (const folder of ['JetBrains/DataSpell', 'Google/AndroidStudio', 'JetBrains/PyCharmCE']) assert.ok(ides.some((ide) => ide.folder.startsWith(folder)), `no ${folder} folder`);
    assert.ok(HOMES.some((home) => home.osqueryJetbrainsLinux === 'plugins-subfolder'));
    assert.ok(HOMES.some((home) => Object.keys(home.files ?? {}).includes('.jetbrains/acp.json')));
  });
});
