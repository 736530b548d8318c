import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeEnvironment, run } from '../../src/cli/run';
import { testReader } from '../unit/shellReader';

/** The repository root, from out/test/cli at run time. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
export const HOMES = path.join(REPO_ROOT, 'test', 'fixtures', 'homes');
export const POLICIES = path.join(REPO_ROOT, 'test', 'cli', 'policies');
export const policy = (name: string) => path.join(POLICIES, name);
export const home = (name: string) => path.join(HOMES, name);

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** An environment with nothing of this machine's policy settings and an empty PATH unless given. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: '', LANG: 'C.UTF-8', ...extra };
}

/** Runs the built dist/cli.js as a separate process, as a script or MDM would. */
export function runCli(args: readonly string[], env: Record<string, string> = cleanEnv()): Promise<CliRun> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { env, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/**
 * The CLI's `run()` in this process, with this process's machine and the given environment,
 * its output captured: for table-driven checks of what a command answers, where starting
 * the built file each time would only repeat what the spawned tests already show (exit
 * code and streams as a process, the embedded shell parser, the version).
 */
export async function runCliInProcess(args: readonly string[], env: Record<string, string> = cleanEnv()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    ...nodeEnvironment(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    loadArgvReader: testReader,
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
