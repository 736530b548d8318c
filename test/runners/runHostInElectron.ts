/**
 * The same host suite (test/host) in desktop VS Code through @vscode/test-electron, for
 * machines that can download VS Code (VSCODE_VERSION, default 1.100.3 = the code-server
 * build the other layers use). `--disable-extensions` would also disable the test double,
 * so instead the run gets a throwaway profile whose extensions folder holds only the test
 * double, installed with the downloaded editor's own CLI. run() in test/host/index.ts
 * rejects on failures, which makes VS Code exit non-zero and runTests reject.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { buildTestDouble, createProfile, REPO_ROOT, workspaceCopy } from './codeServer';
import { hostSuiteEnv } from './hostSuiteEnv';

async function main(): Promise<void> {
  const version = process.env.VSCODE_VERSION ?? '1.100.3';
  const executable = await downloadAndUnzipVSCode(version);
  const profile = createProfile();
  const profileArgs = [`--extensions-dir=${profile.extensionsDir}`, `--user-data-dir=${profile.userDataDir}`];
  try {
    const workspace = workspaceCopy(profile);
    const doubleVsix = buildTestDouble();
    // reuseMachineInstall: no default profile arguments, ours follow.
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable, { reuseMachineInstall: true });
    if (!cli) throw new Error(`no command-line launcher next to ${executable}`);
    const install = spawnSync(cli, [...cliArgs, ...profileArgs, '--install-extension', doubleVsix], {
      encoding: 'utf8',
      stdio: 'inherit',
      shell: process.platform === 'win32', // the launcher is a .cmd there
    });
    if (install.status !== 0) throw new Error(`installing the test-double extension failed (exit code ${install.status})`);

    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'host', 'index.js'),
      launchArgs: [workspace, ...profileArgs],
      extensionTestsEnv: hostSuiteEnv(profile, doubleVsix),
    });
    console.log('[host:electron] all host tests passed');
  } finally {
    fs.rmSync(profile.root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`[host:electron] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
