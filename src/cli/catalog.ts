/**
 * `tool-policy catalog`: the built-in tools with every matcher their definitions hold.
 * Matcher kinds are found in the definitions themselves (every list of names), so a kind
 * added to the catalog is listed without a change here.
 */
import { BUILT_IN_TOOLS } from '../core/catalog';
import type { ToolDefinition } from '../core/tools';
import { wrap } from './layout';
import { safeText } from './terminalText';

/** Every list-of-names field of a definition: its matchers, in the definition's order. */
function toolMatchers(tool: ToolDefinition): Array<[kind: string, values: string[]]> {
  return Object.entries(tool)
    .filter((entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].every((value: unknown) => typeof value === 'string'))
    .map(([kind, values]) => [kind, [...values]]);
}

export function catalogJson(tools: readonly ToolDefinition[] = BUILT_IN_TOOLS): string {
  const entries = tools.map((tool) => ({
    id: tool.id,
    name: tool.name,
    ...(tool.vendor !== undefined ? { vendor: tool.vendor } : {}),
    matchers: Object.fromEntries(toolMatchers(tool)),
  }));
  return `${JSON.stringify({ tools: entries }, null, 2)}\n`;
}

export function catalogText(width: number, tools: readonly ToolDefinition[] = BUILT_IN_TOOLS): string {
  const out: string[] = [];
  for (const tool of tools) {
    if (out.length > 0) out.push('');
    out.push(...wrap(safeText(`${tool.id}: ${tool.name}${tool.vendor ? ` (${tool.vendor})` : ''}`), width, '', '    '));
    for (const [kind, values] of toolMatchers(tool)) {
      if (values.length > 0) out.push(...wrap(safeText(`${kind}: ${values.join(', ')}`), width, '  ', '    '));
    }
  }
  return `${out.join('\n')}\n`;
}
