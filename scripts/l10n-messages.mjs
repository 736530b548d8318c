// Lists every message the extension passes to vscode.l10n.t (directly, or through the
// core's Translate function `t`), so the test can check that each bundle is complete.
// Usage: node scripts/l10n-messages.mjs [--missing l10n/bundle.l10n.zh-cn.json]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? files(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

export function messages() {
  const found = new Set();
  // t('…'), this.t('…'), vscode.l10n.t('…'), with single quotes or backticks without ${}.
  const pattern = /(?:\bl10n\.t|(?:^|[^\w.])t|this\.t)\(\s*'((?:[^'\\]|\\.)*)'/gm;
  for (const file of files(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(pattern)) found.add(match[1].replace(/\\'/g, "'"));
  }
  return [...found].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const index = process.argv.indexOf('--missing');
  const list = messages();
  if (index > 0) {
    const bundle = JSON.parse(readFileSync(process.argv[index + 1], 'utf8'));
    console.log(JSON.stringify(list.filter((m) => !(m in bundle)), null, 2));
  } else {
    console.log(JSON.stringify(list, null, 2));
  }
}
