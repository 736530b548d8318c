import { resolveOptional, resolveText } from '../policy/localizedText';
import type { PolicyRule } from '../policy/types';
import type { ToolDefinition } from '../tools';
import { toolsById } from './ruleTools';

/** The rule's title in `language` (the fallback order of README "Languages"), or the one the panel derives from its tools' names. */
export function ruleTitle(rule: PolicyRule, tools: readonly ToolDefinition[], language?: string): string {
  if (rule.title !== undefined) return resolveText(rule.title, language);
  if (rule.allTools) return 'AI tools outside the sanctioned list are not permitted';
  const index = toolsById(tools);
  const names = rule.tools.map((id) => index.get(id)?.name ?? id);
  return `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not permitted`;
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
