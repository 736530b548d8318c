import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { FindingMemoryStore } from '../../src/machine/findingMemory';
import { StateFolder, stateFolderPath } from '../../src/machine/stateFolder';
import { cleanEnv, home, policy, REPO_ROOT, runCli, tempDir } from './helpers';

/**
 * `scan` reports, per finding, when it was first seen and when its rule was acknowledged
 * (README "Acknowledgements and first-seen times"), in text, JSON and SARIF; it records
 * first-seen times in the person's own state folder only.
 */
interface Finding { ruleId: string; firstSeen?: string; acknowledged?: { at: string; phase: string } }

const ACME = policy('acme-deadline.yaml');
const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'scan-report.v1.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validateReport = ajv.compile(schema);

function acmeRetireHash(): string {
  const parsed = parsePolicy(fs.readFileSync(ACME, 'utf8'), { layer: 'user', path: ACME });
  assert.ok(parsed.ok);
  return (parsed.policy.rules.find((rule) => rule.id === 'acme-retire') as { hash: string }).hash;
}

describe('tool-policy scan: first seen and acknowledged', function () {
  this.timeout(60_000);
  let dir: string;
  let personHome: string;
  beforeEach(() => {
    dir = tempDir('tp-acks-');
    personHome = path.join(dir, 'home');
    fs.cpSync(path.join(home('many-editors'), '.devin'), path.join(personHome, '.devin'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const json = async (args: string[], env: Record<string, string>) => {
    const run = await runCli(['scan', '--policy', ACME, '--format', 'json', ...args], env);
    const report = JSON.parse(run.stdout) as { findings: Finding[]; scanProblems: unknown[] };
    assert.ok(validateReport(report), ajv.errorsText(validateReport.errors));
    return report;
  };

  it('records the first time a finding is seen in the person\'s own state folder and keeps it; shows the acknowledgement in JSON, text and SARIF', async () => {
    const state = path.join(dir, 'xdg-state');
    const env = cleanEnv({ HOME: personHome, XDG_STATE_HOME: state });
    const first = await json([], env);
    const retire = () => first.findings.find((finding) => finding.ruleId === 'acme-retire') as Finding;
    assert.ok(retire().firstSeen !== undefined, JSON.stringify(first.findings));
    assert.equal(retire().acknowledged, undefined);
    assert.ok(fs.existsSync(path.join(state, 'tool-policy', 'first-seen.json')), 'XDG_STATE_HOME is honoured for the person running the scan');

    await new FindingMemoryStore(new StateFolder(path.join(state, 'tool-policy'))).acknowledge([{ ruleId: 'acme-retire', hash: acmeRetireHash(), at: '2026-11-20T08:00:00.000Z', phase: 'warning' }]);
    const second = await json([], env);
    const again = second.findings.find((finding) => finding.ruleId === 'acme-retire') as Finding;
    assert.equal(again.firstSeen, retire().firstSeen, 'the first time stays the first');
    assert.deepEqual(again.acknowledged, { at: '2026-11-20T08:00:00.000Z', phase: 'warning' });

    const text = await runCli(['scan', '--policy', ACME], env);
    assert.match(text.stdout, new RegExp(`\\n {2}First seen: ${(retire().firstSeen as string).replace(/\./g, '\\.')}\\n {2}Acknowledged: 2026-11-20T08:00:00\\.000Z \\(then: Deadline approaching\\)\\n`));
    const sarif = await runCli(['scan', '--policy', ACME, '--format', 'sarif'], env);
    const results = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; properties: Finding }> }> }).runs[0]?.results ?? [];
    const result = results.find((item) => item.ruleId === 'acme-retire');
    assert.equal(result?.properties.firstSeen, retire().firstSeen);
    assert.deepEqual(result?.properties.acknowledged, { at: '2026-11-20T08:00:00.000Z', phase: 'warning' });
  });

  it('--home reads that home\'s state folder, placed from the home alone, and writes nothing to it', async () => {
    const own = path.join(dir, 'scanner');
    fs.mkdirSync(own);
    const ownerState = stateFolderPath('linux', {}, personHome);
    await new FindingMemoryStore(new StateFolder(ownerState)).acknowledge([{ ruleId: 'acme-retire', hash: acmeRetireHash(), at: '2026-11-21T00:00:00.000Z', phase: 'warning' }]);
    // The scanner's own XDG_STATE_HOME does not describe another person's home.
    const report = await json(['--home', personHome], cleanEnv({ HOME: own, XDG_STATE_HOME: path.join(dir, 'scanner-state') }));
    const retire = report.findings.find((finding) => finding.ruleId === 'acme-retire') as Finding;
    assert.deepEqual(retire.acknowledged, { at: '2026-11-21T00:00:00.000Z', phase: 'warning' });
    assert.equal(retire.firstSeen, undefined, 'nothing recorded for another home');
    assert.deepEqual(fs.readdirSync(ownerState).sort(), ['ack', 'acknowledgements.json']);
    assert.equal(fs.existsSync(path.join(dir, 'scanner-state')), false);
  });

  it('does not record a time given with --now, and names a damaged state file without trusting it', async () => {
    const state = path.join(dir, 'xdg-state', 'tool-policy');
    fs.mkdirSync(state, { recursive: true });
    fs.writeFileSync(path.join(state, 'acknowledgements.json'), '{"version":1,"acknowledgements":"not a list"}');
    const env = cleanEnv({ HOME: personHome, XDG_STATE_HOME: path.dirname(state) });
    const report = await json(['--now', '2026-11-20'], env);
    assert.equal(fs.existsSync(path.join(state, 'first-seen.json')), false);
    assert.ok(report.findings.every((finding) => finding.acknowledged === undefined));
    assert.match(JSON.stringify(report.scanProblems), /acknowledgements\.json does not have the expected shape; it is not trusted/);
  });

  it('refuses a rule id that could leave the ack folder, and writes no marker for it', async () => {
    const file = path.join(dir, 'hostile.yaml');
    fs.writeFileSync(file, 'version: 1\norganization: X\ntimezone: UTC\nrules:\n  - id: "../../../etc/x"\n    tool: acme-helper\n');
    const state = path.join(dir, 'xdg-state');
    const run = await runCli(['scan', '--policy', file], cleanEnv({ HOME: personHome, XDG_STATE_HOME: state }));
    assert.equal(run.code, 3, run.stdout);
    assert.equal(fs.existsSync(path.join(state, 'tool-policy', 'ack')), false);
  });
});
