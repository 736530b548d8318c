import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, getApi, waitFor } from './util';

interface ScanFinding { ruleId: string; toolId: string; acknowledged?: { at: string; phase: string } }

/** `tool-policy scan` of this extension (dist/cli.js) on `home`, as a separate process. */
function scanJson(home: string): Promise<{ code: number; findings: ScanFinding[]; stderr: string }> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const cli = path.join(extension.extensionPath, 'dist', 'cli.js');
  // The seed policy's tool is found by scan through the real `claude` CLI installed for the suite.
  // The editor's own state folder: the runner sets XDG_STATE_HOME, which scan honours for the running user's own home.
  const env = { PATH: process.env.TOOL_POLICY_TEST_TOOLS_BIN ?? '', HOME: home, LANG: 'C.UTF-8', ELECTRON_RUN_AS_NODE: '1', ...(process.env.XDG_STATE_HOME ? { XDG_STATE_HOME: process.env.XDG_STATE_HOME } : {}) };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'scan', '--policy', process.env.TOOL_POLICY_FILE ?? '', '--home', home, '--format', 'json'], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      try {
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, findings: (JSON.parse(stdout) as { findings: ScanFinding[] }).findings, stderr });
      } catch (parseError) {
        reject(new Error(`scan printed no report (${String(parseError)}): ${stderr}`));
      }
    });
  });
}

describe('acknowledgements: the editor and tool-policy scan share them', function () {
  this.timeout(60_000);

  it('an acknowledgement made with toolPolicy.acknowledge is seen by tool-policy scan on the same home, with its marker file for osquery', async () => {
    const api = await getApi();
    const finding = await waitFor(() => api.snapshots.current.findings.find((f) => f.rule.id === 'claude-code-ban'), (f) => f !== undefined, 10_000, 'the seed policy\'s finding');
    const rule = (finding as NonNullable<typeof finding>).rule;
    await vscode.commands.executeCommand('toolPolicy.acknowledge');
    const card = await waitFor(() => api.snapshots.current.panel.cards.find((c) => c.ruleId === rule.id), (c) => c?.acknowledged !== undefined, 10_000, 'the card to say "Read on …"');
    assert.match(card?.acknowledged ?? '', /^Read on /);
    assert.equal(card?.acknowledgeLabel, undefined, 'no button once read');

    const home = os.homedir();
    const stateFolder = path.join(process.env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'tool-policy');
    const marker = path.join(stateFolder, 'ack', `${rule.id}.${rule.hash.slice(0, 12)}`);
    assert.equal(fs.statSync(marker).size, 0, 'an empty marker file');

    const scan = await scanJson(home);
    const seen = scan.findings.find((f) => f.ruleId === rule.id);
    assert.ok(seen, `scan found the rule's tool: ${JSON.stringify(scan.findings).slice(0, 500)} ${scan.stderr}`);
    assert.ok(seen.acknowledged, 'scan reports the editor\'s acknowledgement');
    const stored = JSON.parse(fs.readFileSync(path.join(stateFolder, 'acknowledgements.json'), 'utf8')) as { acknowledgements: Array<{ ruleId: string; at: string; phase: string }> };
    const record = stored.acknowledgements.find((a) => a.ruleId === rule.id);
    assert.deepEqual(seen.acknowledged, { at: record?.at, phase: record?.phase });
    assert.equal(record?.phase, finding?.phase.phase, 'the phase when it was acknowledged');
  });
});
