import { resolveOptional, resolveText } from '../policy/localizedText';
import type { PolicyRule } from '../policy/types';
import { formatMessage, type Translate } from '../present/localize';
import type { ToolDefinition } from '../tools';
import { toolsById } from './ruleTools';

/**
 * The title of one finding, a rule applied to one tool: the rule's own title in
 * `language` (the fallback order of README "Languages"), else "<tool> is not permitted"
 * in the words of `t`. The one title the panel, the status bar, notifications' reports
 * and `tool-policy scan` show.
 */
export function findingTitle(rule: Pick<PolicyRule, 'title'>, toolName: string, language?: string, t: Translate = formatMessage): string {
  return rule.title !== undefined ? resolveText(rule.title, language) : t('{0} is not permitted', toolName);
}

/** The rule's title over all its tools (exports that list a rule once): as findingTitle for one tool. */
export function ruleTitle(rule: PolicyRule, tools: readonly ToolDefinition[], language?: string): string {
  if (rule.title !== undefined) return resolveText(rule.title, language);
  if (rule.allTools) return 'AI tools outside the sanctioned list are not permitted';
  const index = toolsById(tools);
  const names = rule.tools.map((id) => index.get(id)?.name ?? id);
  return names.length === 1 ? findingTitle(rule, names[0] as string, language) : `${names.join(', ')} are not permitted`;
}

export function ruleReason(rule: PolicyRule, language?: string): string | undefined {
  return resolveOptional(rule.reason, language);
}

/** "Qoder — https://qoder.com/ — Alibaba's own agentic coding platform." */
export function alternativeText(rule: PolicyRule, language?: string): string | undefined {
  const alternative = rule.alternative;
  if (!alternative) return undefined;
  return [resolveText(alternative.name, language), alternative.url, resolveOptional(alternative.description, language), alternative.commands.length > 0 ? `command: ${alternative.commands.join(', ')}` : undefined]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(' — ');
}

/** Deadline as written, with its zone, or "in force now". */
export function deadlineText(rule: PolicyRule): string {
  return rule.deadlineText !== undefined ? `${rule.deadlineText} (${rule.timezone})` : 'in force now (no deadline)';
}
