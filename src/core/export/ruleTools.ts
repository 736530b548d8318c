/**
 * The tools a rule covers, looked up by id in the tool list of the rule's layer. A list is
 * indexed once, however many rules ask: a `tool: "*"` rule over thousands of defined
 * tools would otherwise search the list once per tool, for every rule.
 */
import type { PolicyRule } from '../policy/types';
import type { ToolDefinition } from '../tools';

const indexes = new WeakMap<readonly ToolDefinition[], ReadonlyMap<string, ToolDefinition>>();

export function toolsById(tools: readonly ToolDefinition[]): ReadonlyMap<string, ToolDefinition> {
  let index = indexes.get(tools);
  if (!index) {
    index = new Map(tools.map((tool) => [tool.id, tool]));
    indexes.set(tools, index);
  }
  return index;
}

/** The rule's tools, in the rule's order; an id the list does not hold is left out. */
export function toolsOfRule(rule: PolicyRule, tools: readonly ToolDefinition[]): ToolDefinition[] {
  const index = toolsById(tools);
  const found: ToolDefinition[] = [];
  for (const id of rule.tools) {
    const tool = index.get(id);
    if (tool) found.push(tool);
  }
  return found;
}

/** Gives the tools a rule is matched with: its own layer's and the layers above (mergeLayers `toolsByLayer`). */
export type ToolsFor = (rule: PolicyRule) => readonly ToolDefinition[];
