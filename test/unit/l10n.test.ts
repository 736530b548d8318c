import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers';

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')) as Record<string, string>;

describe('localisation bundles', () => {
  const messages = JSON.parse(execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'l10n-messages.mjs')], { encoding: 'utf8' })) as string[];

  it('finds the messages of every form of call: vscode.l10n.t, this.t and the core\'s t', () => {
    for (const message of ['Tool Policy', 'Show Policy', 'Not permitted', '{0} tools not permitted', 'Could not install {0}: {1}']) {
      assert.ok(messages.includes(message), message);
    }
    assert.ok(!messages.some((message) => message.includes("\\'")), 'escaped quotes are unescaped');
  });

  it('translates every message into Simplified Chinese, keeping each placeholder', () => {
    const bundle = read('l10n/bundle.l10n.zh-cn.json');
    assert.deepEqual(messages.filter((message) => !(message in bundle)), [], 'untranslated messages');
    assert.deepEqual(Object.keys(bundle).filter((key) => !messages.includes(key)), [], 'translations of messages no longer used');
    for (const [message, translation] of Object.entries(bundle)) {
      const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
      assert.deepEqual(placeholders(translation), placeholders(message), message);
      // Messages that are only placeholders and punctuation need no Chinese characters.
      if (/[A-Za-z]/.test(message.replace(/\{\d+\}/g, ''))) assert.ok(/[\u4e00-\u9fff]/.test(translation), `"${message}" is translated`);
    }
  });

  it('localises every manifest string referenced by package.json', () => {
    const manifest = fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8');
    const keys = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] as string);
    assert.ok(keys.includes('command.showPanel') && keys.includes('config.policyFile'), keys.join(', '));
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const nls = read(file);
      assert.deepEqual(keys.filter((key) => !(key in nls)), [], file);
    }
  });
});
