/**
 * Runs a real VS Code (code-server 4.100.3 = VS Code 1.100.3) for the host and e2e
 * layers and for the demo: install, isolated profile, start, wait, stop.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Installs code-server and Chromium if needed; returns code-server's entry script. */
export function ensureEditorHost(): string {
  const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'install-editor-host.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error('installing the editor host failed (see messages above)');
  const entry = result.stdout.trim().split('\n').pop() ?? '';
  if (!fs.existsSync(entry)) throw new Error(`the editor host script printed no usable entry point: "${entry}"`);
  return entry;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Profile {
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
}

/** A fresh, isolated user-data and extensions folder, with settings that keep tests calm. */
export function createProfile(settings: Record<string, unknown> = {}): Profile {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-editor-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'window.commandCenter': false,
    ...settings,
  }, null, 2));
  return { root, userDataDir, extensionsDir };
}

export function installExtension(entry: string, profile: Profile, vsix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [entry, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--force', '--install-extension', vsix],
      { timeout: 120_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`installing ${path.basename(vsix)} failed: ${stderr || stdout || error.message}`));
        else resolve();
      });
  });
}

export interface RunningEditor {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** The last lines code-server printed, for failure reports. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly entry: string;
  readonly profile: Profile;
  readonly folder: string;
  readonly env?: Record<string, string>;
  readonly port?: number;
  readonly locale?: string;
}

export async function startCodeServer(options: StartOptions): Promise<RunningEditor> {
  const port = options.port ?? await freePort();
  const args = [
    options.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', options.profile.userDataDir,
    '--extensions-dir', options.profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.locale ? ['--locale', options.locale] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try { process.kill(-(child.pid as number), 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(timer);
  };

  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited early (code ${child.exitCode}):\n${lines.join('\n')}`);
    try {
      const response = await fetch(`${url}healthz`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, port, process: child, log: () => lines.join('\n'), stop };
}

/** The workbench URL for a folder, optionally with an extension-development payload. */
export function workbenchUrl(editor: RunningEditor, folder: string, payload?: Array<[string, string]>): string {
  const query = new URLSearchParams({ folder });
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${editor.url}?${query.toString()}`;
}

/** `vscode-remote://` URI of a server-side path, as the payload expects. */
export function remoteUri(editor: RunningEditor, absolutePath: string): string {
  return `vscode-remote://127.0.0.1:${editor.port}${absolutePath}`;
}

/** Chromium flags that keep the browser quiet on a machine without internet. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A copy of a fixture folder to open as the workspace, so tests never dirty the repo. */
export function workspaceCopy(profile: Profile, fixture = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace')): string {
  const target = path.join(profile.root, 'workspace');
  fs.cpSync(fixture, target, { recursive: true });
  return target;
}
