// Packages a fixture extension from test/fixtures/<name> into out/fixtures/ and prints the
// .vsix path. Default: the test double (id anthropic.claude-code, no functionality);
// `zh-cn-language-pack` is the minimal language pack for the zh-CN screenshots.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'test', 'fixtures', process.argv[2] ?? 'claude-code-double');
const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
const outDir = join(root, 'out', 'fixtures');
const vsix = join(outDir, `${manifest.publisher}.${manifest.name}-${manifest.version}.vsix`);

const newest = Math.max(...readdirSync(source, { recursive: true }).map((name) => statSync(join(source, String(name))).mtimeMs));
let upToDate = false;
try { upToDate = statSync(vsix).mtimeMs >= newest; } catch { /* not built yet */ }
if (!upToDate) {
  mkdirSync(outDir, { recursive: true });
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
    { cwd: source, stdio: ['ignore', 'ignore', 'inherit'] });
}
console.log(vsix);
