import { NOTHING_OBSERVED, type Observables } from '../../../src/core/detect/gatherEvidence';
import { mergeLayers } from '../../../src/core/policy/mergeLayers';
import { formatMessage } from '../../../src/core/present/localize';
import { buildSnapshot, type Snapshot } from '../../../src/core/snapshot';
import { loadOk } from '../helpers';

export const CLAUDE_RUNNING = [{ id: 'anthropic.claude-code', version: '2.0.0', displayName: 'Claude Code', enabled: true }];

/** A policy with one rule on Claude Code, past its deadline unless told otherwise. */
export function claudePolicy(options: { id?: string; deadline?: string; enforce?: 'block'; extra?: string[]; alternativeTool?: string } = {}): string {
  return [
    'version: 1', 'organization: Snapshot Org', 'timezone: UTC', 'rules:',
    `  - id: ${options.id ?? 'claude-ban'}`, '    tool: claude-code', `    deadline: ${options.deadline ?? '2026-01-01'}`,
    ...(options.enforce ? [`    enforce: ${options.enforce}`] : []),
    `    alternative: { name: Qoder, url: "https://qoder.com/", commands: [qodercli], extensions: [qoder.qoder-vscode]${options.alternativeTool ? `, tool: ${options.alternativeTool}` : ''} }`,
    ...(options.extra ?? []), '',
  ].join('\n');
}

/** A policy of `count` rules on Claude Code, past their deadline: a snapshot the editor builds in slices. */
export function rulesOnClaude(count: number): string {
  const rules = Array.from({ length: count }, (_, i) => `  - {id: rule-${i}, tool: claude-code, deadline: 2026-01-01}`);
  return ['version: 1', 'organization: Large Org', 'timezone: UTC', 'rules:', ...rules, ''].join('\n');
}

let generation = 0;

/** The snapshot the publisher would build from this policy text and what is seen. */
export function snapshotOf(policyText: string | undefined, seen: Partial<Observables> = {}, now = new Date('2026-06-01T12:00:00Z'), extra: { loaded?: boolean; enforced?: readonly string[] } = {}): Snapshot {
  const policy = mergeLayers(policyText === undefined ? [] : [{ layer: 'user', path: '/home/me/policy.yaml', status: 'ok', policy: loadOk(policyText, 'user', '/home/me/policy.yaml'), problems: [] }]);
  return buildSnapshot({
    generation: ++generation,
    loaded: extra.loaded ?? true,
    policy,
    seen: { ...NOTHING_OBSERVED, ...seen },
    now,
    subject: { user: 'me', workspaceFolders: [] },
    t: formatMessage,
    showWhenCompliant: false,
    locale: 'en',
    enforced: extra.enforced ?? [],
  });
}
