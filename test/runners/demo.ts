/**
 * The demo behind `npm start`: code-server with the packaged extension, the test-double
 * anthropic.claude-code and the example policy, in a profile kept under the cache folder.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureEditorHost, installExtension, REPO_ROOT, startCodeServer, type Profile } from './codeServer';

async function main(): Promise<void> {
  const entry = ensureEditorHost();
  const cache = process.env.TOOL_POLICY_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'tool-policy-notices');
  const root = path.join(cache, 'demo');
  const profile: Profile = { root, userDataDir: path.join(root, 'user-data'), extensionsDir: path.join(root, 'extensions') };
  const settingsFile = path.join(profile.userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false }, null, 2));
  }
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const doubleVsix = execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-test-double.mjs')], { encoding: 'utf8' }).trim().split('\n').pop() as string;
  await installExtension(entry, profile, path.join(REPO_ROOT, `tool-policy-notices-${version}.vsix`));
  await installExtension(entry, profile, doubleVsix);

  const folder = path.join(root, 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'policies', 'alibaba-claude-code.yaml'), path.join(folder, 'alibaba-claude-code.yaml'));
  const port = Number(process.env.PORT ?? 8080);
  const policy = path.join(REPO_ROOT, 'policies', 'alibaba-claude-code.yaml');
  let editor;
  try {
    editor = await startCodeServer({ entry, profile, folder, port, env: { TOOL_POLICY_FILE: policy } });
  } catch (error) {
    throw new Error(`could not start the editor on 127.0.0.1:${port} (is the port in use? set PORT to choose another)\n${String(error)}`);
  }
  const url = `${editor.url}?folder=${encodeURIComponent(folder)}`;
  console.log('');
  console.log('  Tool Policy Notices is running in VS Code (code-server 4.100.3).');
  console.log(`  Policy: ${policy}`);
  console.log('');
  console.log(`  Open:   ${url}`);
  console.log('');
  console.log('  Press Ctrl+C to stop.');
  const stop = () => { void editor.stop().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  editor.process.on('exit', (code) => {
    console.error(`[demo] code-server stopped (exit code ${code}).`);
    process.exit(code ?? 1);
  });
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
