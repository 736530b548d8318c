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
