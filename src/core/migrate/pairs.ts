/**
 * Which moves a policy asks for. Default: for every rule that covers a tool whose setup
 * the engine can read (Claude Code), whether or not that tool is found running (its files
 * are what moves), to the rule's `alternative.tool`. Phases and exceptions do not matter:
 * moving is help, not enforcement. Both faces ask here (the panel for one rule's card).
 */
import type { PolicyRule } from '../policy/types';
import { isMigrationTarget, MIGRATION_SOURCES, MIGRATION_TARGETS, type MigrationSource, type MigrationTarget } from './types';

export interface MigrationPair {
  readonly from: MigrationSource;
  readonly to: MigrationTarget;
  /** The rules that ask for it (none when the person named both ends). */
  readonly rules: readonly string[];
}

export interface DecidedPairs {
  readonly pairs: readonly MigrationPair[];
  /** Rules that cover a readable tool but name no `alternative.tool`. */
  readonly untargeted: readonly string[];
  /** Why a rule's alternative cannot be moved to, one sentence each. */
  readonly unsupported: readonly string[];
}

/** The rule's `alternative.tool`, read defensively: the policy format gained it late. */
export function alternativeTool(rule: PolicyRule): string | undefined {
  const tool = (rule.alternative as { readonly tool?: unknown } | undefined)?.tool;
  return typeof tool === 'string' && tool !== '' ? tool : undefined;
}

export function decidePairs(rules: readonly PolicyRule[], from: MigrationSource | undefined, to: MigrationTarget | undefined): DecidedPairs {
  if (from && to) return { pairs: [{ from, to, rules: rules.filter((rule) => rule.tools.includes(from)).map((rule) => rule.id) }], untargeted: [], unsupported: [] };
  const pairs = new Map<string, { from: MigrationSource; to: MigrationTarget; rules: string[] }>();
  const untargeted: string[] = [];
  const unsupported: string[] = [];
  for (const rule of rules) {
    for (const source of MIGRATION_SOURCES) {
      if (!rule.tools.includes(source) || (from && from !== source)) continue;
      const target = to ?? alternativeTool(rule);
      if (target === undefined) {
        untargeted.push(rule.id);
      } else if (!isMigrationTarget(target)) {
        unsupported.push(`Rule ${rule.id}: moving to "${target}" is not supported (a setup can move to ${MIGRATION_TARGETS.join(', ')}).`);
      } else {
        const key = `${source}→${target}`;
        const pair = pairs.get(key) ?? { from: source, to: target, rules: [] };
        pair.rules.push(rule.id);
        pairs.set(key, pair);
      }
    }
  }
  return { pairs: [...pairs.values()], untargeted, unsupported };
}
