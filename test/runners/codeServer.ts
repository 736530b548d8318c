/**
 * Runs a real VS Code (code-server 4.100.3 = VS Code 1.100.3) for the host and e2e
 * layers and for the demo: install, isolated profile, start, wait, stop.
 *
 * Every code-server started here runs in its own process group and is killed with it when
 * this process exits or is interrupted, so no editor outlives a test run.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Chromium flags that keep the browser quiet on a machine without internet. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Installs code-server and Chromium if needed; returns code-server's entry script. */
export function ensureEditorHost(): string {
  const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'install-editor-host.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error('installing the editor host failed (see the messages above)');
  const entry = result.stdout.trim().split('\n').pop() ?? '';
  if (!entry.endsWith('.js') || !fs.existsSync(entry)) throw new Error(`scripts/install-editor-host.sh printed no usable entry point: "${entry}"`);
  return entry;
}

/** Packages test/fixtures/claude-code-double (if changed) and returns the .vsix path. */
export function buildTestDouble(fixture = 'claude-code-double'): string {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-test-double.mjs'), fixture], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const vsix = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !fs.existsSync(vsix)) throw new Error('packaging the test-double extension failed (see the messages above)');
  return vsix;
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

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

export interface Profile {
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
}

/** Settings that keep the workbench calm: no welcome page, tips, trust prompt or updates. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
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
};

/**
 * A user-data and extensions folder under `root`, created if missing. The settings are
 * written only into a new profile, so a kept one (the demo's) keeps what a person changed.
 */
export function profileAt(root: string, settings: Record<string, unknown> = {}): Profile {
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  return { root, userDataDir, extensionsDir };
}

/** Temporary profiles still on disk; removed at exit unless TOOL_POLICY_KEEP_PROFILE is set. */
const temporaryRoots = new Set<string>();

/** A fresh, isolated profile in a new temporary folder (removed at the latest on exit). */
export function createProfile(settings: Record<string, unknown> = {}): Profile {
  installExitHooks();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-editor-'));
  temporaryRoots.add(root);
  return profileAt(root, settings);
}

/** A copy of a fixture folder to open as the workspace, so tests never dirty the repo. */
export function workspaceCopy(profile: Profile, fixture = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace')): string {
  const target = path.join(profile.root, 'workspace');
  fs.cpSync(fixture, target, { recursive: true });
  return target;
}

/** The environment code-server runs with: ours, minus what would override its flags. */
function editorEnv(extra: Record<string, string> | undefined, profile: Profile): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // No marketplace: the gallery (open-vsx.org) would be queried at every start.
    EXTENSIONS_GALLERY: '{}',
    // Keep code-server's config file in the profile, not in ~/.config/code-server.
    CODE_SERVER_CONFIG: path.join(profile.root, 'code-server.yaml'),
    ...extra,
  };
  // code-server lets these two override --bind-addr.
  delete env.PORT;
  delete env.CODE_SERVER_HOST;
  return env;
}

/** Installs a .vsix into the profile with code-server's own CLI (replacing the same version). */
export function installExtension(entry: string, profile: Profile, vsix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [entry, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--force', '--install-extension', vsix],
      { timeout: 120_000, env: editorEnv(undefined, profile) }, (error, stdout, stderr) => {
        if (error) reject(new Error(`installing ${path.basename(vsix)} failed: ${stderr || stdout || error.message}`));
        else resolve();
      });
  });
}

export interface RunningEditor {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** The last lines code-server printed (200 at most), for failure reports. */
  log(): string;
  /** Calls `listener` with every further line code-server prints. */
  onLine(listener: (line: string) => void): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly entry: string;
  readonly profile: Profile;
  readonly folder: string;
  /** Added to this process's environment; the extension host inherits it. */
  readonly env?: Record<string, string>;
  /** A fixed port (fails if busy); otherwise a free one. */
  readonly port?: number;
  readonly locale?: string;
  /** Leave workspace trust on (the folder opens untrusted unless the profile trusts it). */
  readonly workspaceTrust?: boolean;
}

/** Editors started and not yet exited, each with a promise of its exit. */
const running = new Map<ChildProcess, Promise<void>>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}

let exitHooksInstalled = false;
/** On exit, interruption (Ctrl+C) or termination, the editors go too. */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const child of running.keys()) killGroup(child, 'SIGKILL');
    if (process.env.TOOL_POLICY_KEEP_PROFILE) return;
    for (const root of temporaryRoots) {
      try { fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 }); } catch { /* best effort */ }
    }
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      for (const child of running.keys()) killGroup(child, 'SIGTERM');
      const grace = new Promise((resolve) => setTimeout(resolve, 3000));
      void Promise.race([Promise.all(running.values()), grace]).then(() => process.exit(code));
    });
  }
}

export async function startCodeServer(options: StartOptions): Promise<RunningEditor> {
  if (options.port !== undefined && await portInUse(options.port)) {
    throw new Error(`port ${options.port} on 127.0.0.1 is already in use`);
  }
  const port = options.port ?? await freePort();
  const args = [
    options.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', options.profile.userDataDir,
    '--extensions-dir', options.profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.locale ? ['--locale', options.locale] : []),
  ];
  installExitHooks();
  const child = spawn(process.execPath, args, {
    env: editorEnv(options.env, options.profile),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() also ends the extension hosts
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => { running.delete(child); resolve(); }));
  running.set(child, exited);

  const lines: string[] = [];
  const listeners: Array<(line: string) => void> = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      lines.push(line);
      for (const listener of listeners) listener(line);
    }
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    if (!running.has(child)) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    killGroup(child, 'SIGKILL'); // anything left in the group (extension hosts, watchers)
  };

  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!running.has(child)) throw new Error(`code-server exited early (code ${child.exitCode}):\n${lines.join('\n')}`);
    try {
      const response = await fetch(`${url}healthz`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, port, process: child, log: () => lines.join('\n'), onLine: (listener) => { listeners.push(listener); }, stop };
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

/**
 * Registers an installed language pack for the server's NLS lookup. The editor writes
 * languagepacks.json when it installs a pack itself, but not for `--install-extension`,
 * and without it `--locale` falls back to English.
 */
export function registerLanguagePack(profile: Profile, languageId: string, extensionId: string): void {
  const folder = fs.readdirSync(profile.extensionsDir).find((name) => name.toLowerCase().startsWith(`${extensionId.toLowerCase()}-`));
  if (!folder) throw new Error(`language pack ${extensionId} is not installed in ${profile.extensionsDir}`);
  const root = path.join(profile.extensionsDir, folder);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
    contributes: { localizations: Array<{ languageId: string; localizedLanguageName?: string; translations: Array<{ id: string; path: string }> }> };
  };
  const localization = manifest.contributes.localizations.find((entry) => entry.languageId === languageId);
  if (!localization) throw new Error(`${extensionId} has no ${languageId} localization`);
  const packs = {
    [languageId]: {
      hash: `${extensionId}-${manifest.version}`.replace(/[^a-z0-9-]/gi, ''),
      label: localization.localizedLanguageName,
      extensions: [{ extensionIdentifier: { id: extensionId }, version: manifest.version }],
      translations: Object.fromEntries(localization.translations.map((entry) => [entry.id, path.join(root, entry.path)])),
    },
  };
  fs.writeFileSync(path.join(profile.userDataDir, 'languagepacks.json'), JSON.stringify(packs, null, 2));
}

