import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { formatMessage, type Translate } from '../../src/core/present/localize';
import type { Policy, PolicyLayer, PolicyProblem } from '../../src/core/policy/types';

/** The repository root, from out/test/unit at run time. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export function loadOk(text: string, layer: PolicyLayer = 'user', file = 'policy.yaml'): Policy {
  const result = parsePolicy(text, { layer, path: file });
  if (!result.ok) throw new Error(`expected a valid policy, got:\n${result.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`).join('\n')}`);
  return result.policy;
}

export function loadProblems(text: string, file = 'policy.yaml'): readonly PolicyProblem[] {
  const result = parsePolicy(text, { layer: 'user', path: file });
  if (result.ok) throw new Error('expected problems, the policy loaded');
  return result.problems;
}

export function readRepoFile(relative: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}

export const SEED = readRepoFile('policies/alibaba-claude-code.yaml');

const ZH_CN_BUNDLE = JSON.parse(readRepoFile('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;

/** The extension's Simplified Chinese messages, looked up as vscode.l10n.t does with the editor in zh-cn. */
export const translateZhCn: Translate = (message, ...args) => formatMessage(ZH_CN_BUNDLE[message] ?? message, ...args);

const SEARCHES = ['indexOf', 'lastIndexOf', 'includes', 'find', 'findIndex', 'findLast', 'findLastIndex'] as const;

/**
 * Runs `work` while every linear search of an array at least `longerThan` long adds that
 * array's length to the count: how many items searches may have looked at, whatever array
 * (the rules, or a list made from them) they ran over.
 */
export function itemsSearched<T>(longerThan: number, work: () => T): { result: T; items: number } {
  const prototype = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = SEARCHES.map((name) => [name, prototype[name]!] as const);
  let items = 0;
  for (const [name, original] of originals) {
    prototype[name] = function (this: unknown[], ...args: unknown[]) {
      if (this.length >= longerThan) items += this.length;
      return original.apply(this, args);
    };
  }
  try {
    return { result: work(), items };
  } finally {
    for (const [name, original] of originals) prototype[name] = original;
  }
}
