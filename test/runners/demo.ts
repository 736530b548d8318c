/**
 * The demo behind `npm start` (scripts/demo.sh builds first): code-server on 127.0.0.1
 * with the packaged extension, the test-double anthropic.claude-code and the example
 * policy, in a profile kept under the cache folder. Runs until Ctrl+C.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTestDouble, ensureEditorHost, installExtension, portInUse, profileAt, REPO_ROOT, startCodeServer, type RunningEditor } from './codeServer';

const say = (message: string) => console.log(`[demo] ${message}`);

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);
  const busy = `port ${port} on 127.0.0.1 is already in use. Stop what uses it, or choose another port: PORT=${port === 8080 ? 8081 : 8080} npm start`;
  if (await portInUse(port)) throw new Error(busy);
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(REPO_ROOT, `tool-policy-notices-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: run npm run package first`);

  const entry = ensureEditorHost();
  const cache = process.env.TOOL_POLICY_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'tool-policy-notices');
  const profile = profileAt(path.join(cache, 'demo'));
  say('installing the extension and the test double into the demo profile');
  await installExtension(entry, profile, vsix);
  await installExtension(entry, profile, buildTestDouble());

  const folder = path.join(profile.root, 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'README.md'), path.join(folder, 'README.md'));
  const policy = path.join(REPO_ROOT, 'policies', 'alibaba-claude-code.yaml');

  let editor: RunningEditor;
  try {
    editor = await startCodeServer({ entry, profile, folder, port, env: { TOOL_POLICY_FILE: policy } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/already in use/.test(message)) throw new Error(busy);
    throw error;
  }
  const url = `${editor.url}?folder=${encodeURIComponent(folder)}`;
  const rule = '='.repeat(72);
  console.log([
    '',
    rule,
    '  Tool Policy Notices is running in VS Code (code-server 4.100.3).',
    `  Policy:    ${path.relative(REPO_ROOT, policy)} (TOOL_POLICY_FILE)`,
    '  Installed: tool-policy.tool-policy-notices, anthropic.claude-code (test double)',
    '',
    `  Open:      ${url}`,
    '',
    '  Press Ctrl+C to stop.',
    rule,
    '',
  ].join('\n'));
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => { stopping = true; say('stopping'); });
  editor.process.on('exit', (code) => {
    if (stopping) return; // Ctrl+C: codeServer.ts stops the editor and exits
    console.error(`[demo] code-server stopped (exit code ${code}):\n${editor.log().split('\n').slice(-20).join('\n')}`);
    process.exit(code || 1);
  });
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
