/**
 * The same host suite (test/host) in desktop VS Code through @vscode/test-electron, for
 * machines that can download VS Code. The test-double extension is installed with the
 * downloaded editor's own CLI into a throwaway extensions folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const version = process.env.VSCODE_VERSION ?? '1.100.3';
  const executable = await downloadAndUnzipVSCode(version);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-electron-'));
  const extensionsDir = path.join(root, 'extensions');
  const userDataDir = path.join(root, 'user-data');
  const workspace = path.join(root, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

  const doubleVsix = execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-test-double.mjs')], { encoding: 'utf8' }).trim().split('\n').pop() as string;
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
  const install = spawnSync(cli as string, [...cliArgs, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', doubleVsix], { encoding: 'utf8', stdio: 'inherit' });
  if (install.status !== 0) throw new Error('installing the test-double extension failed');

  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'host', 'index.js'),
      launchArgs: [workspace, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { TOOL_POLICY_FILE: path.join(REPO_ROOT, 'test', 'fixtures', 'policies', 'host-seed.yaml') },
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`[host:electron] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
