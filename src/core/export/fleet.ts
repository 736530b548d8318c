/**
 * The same checks as Fleet policies. Fleet counts a host as passing when the policy's
 * query returns a row, so each query wraps the rule's osquery checks in
 * `SELECT 1 WHERE NOT EXISTS (…)`: one row on a compliant host, none on a host where the
 * rule's phase, read from osquery's `time` table, is `violation` for something found (or
 * `warning` too, with `failFrom: 'warning'`). A host therefore passes until the rule's
 * deadline (or the start of its warning window) and the file stays right as days pass;
 * an exception for everyone, or for the user a finding belongs to, keeps it passing
 * until the exception ends. The YAML is what js-yaml prints (fleetYaml.ts), so no policy
 * text can break out of its field.
 */
import { fillRequestUrl } from '../present/panelModel';
import type { PolicyRule } from '../policy/types';
import type { ToolDefinition } from '../tools';
import { checkExportSize, ruleQuery, type ExportPlatform, type ToolsFor } from './osquery';
import { jetbrainsPluginFolders, jetbrainsPluginNames } from '../jetbrainsPluginNames';
import { OBSOLETE_NOTE } from './osqueryChecks';
import { JETBRAINS_FOLDER_NOTE } from './osqueryJetbrains';
import { alternativeText, deadlineText, ruleReason } from './ruleText';
import { fleetYaml, type FleetPolicy } from './fleetYaml';

/** Fleet's names for the platforms a policy runs on. */
const FLEET_PLATFORM: Readonly<Record<ExportPlatform, string>> = { linux: 'linux', macos: 'darwin', windows: 'windows' };

/** From which phase a host fails: the deadline (default), or the start of the warning window. */
export type FailFrom = 'deadline' | 'warning';

/** "extension anthropic.claude-code; command claude; …": what the checks look for, per tool. */
function lookedFor(tool: ToolDefinition): string {
  const parts = [
    ...(tool.extensions.length > 0 ? [`extension ${tool.extensions.join(', ')}`] : []),
    ...(tool.commands.length > 0 ? [`command ${tool.commands.join(', ')} (running, or in the usual install folders)`] : []),
    ...(tool.packages.length > 0 ? [`npm package ${tool.packages.join(', ')} (running)`] : []),
    ...(tool.processes.length > 0 ? [`process ${tool.processes.join(', ')}`] : []),
    ...tool.jetbrainsPlugins.map(jetbrainsLookedFor),
  ];
  return parts.length > 0 ? parts.join('; ') : 'nothing osquery can see (recognised only by terminal or editor names)';
}

/** How osquery recognises a JetBrains plugin id: by name and vendor, by its folder, or not at all. */
function jetbrainsLookedFor(id: string): string {
  const names = jetbrainsPluginNames(id).map(({ name, vendor }) => `"${name}" by ${vendor}`);
  const folders = jetbrainsPluginFolders(id);
  const ways = [...(names.length > 0 ? [`named ${names.join(' or ')}`] : []), ...(folders.length > 0 ? [`in a folder named ${folders.join(' or ')}`] : [])];
  return ways.length > 0 ? `JetBrains plugin ${id} (${ways.join(', or ')})` : `JetBrains plugin ${id} (not checked: osquery gives no plugin id, and no name or folder is known for it)`;
}

const toolLineCache = new WeakMap<ToolDefinition, string>();

/** "- Name (id): what is looked for.", worked out once per tool however many rules name it. */
function toolLine(tool: ToolDefinition): string {
  let line = toolLineCache.get(tool);
  if (line === undefined) {
    line = `- ${tool.name} (${tool.id}): ${lookedFor(tool)}.`;
    toolLineCache.set(tool, line);
  }
  return line;
}

/** One line per tool. Each rule gets its own list of tools, so the lines are kept per tool, not per list. */
function toolLines(tools: readonly ToolDefinition[]): string {
  return tools.map(toolLine).join('\n');
}

function description(rule: PolicyRule, tools: readonly ToolDefinition[], failFrom: FailFrom): string {
  const from = rule.deadline === undefined ? 'now (the rule has no deadline)'
    : failFrom === 'warning' ? `the start of its warning window (${rule.noticeDays} days before the deadline, ${deadlineText(rule)})`
      : `its deadline (${deadlineText(rule)})`;
  return [
    `Fails from ${from} when this host has one of these tools installed or running:`,
    ...(tools.length > 0 ? [toolLines(tools)] : []),
    ...(rule.classification !== undefined ? [`Classification: ${rule.classification}.`] : []),
    `An extension folder osquery cannot tell from an uninstalled copy fails the host too ("${OBSOLETE_NOTE}"); it passes once the editor has deleted the copy.`,
    ...(tools.some((tool) => tool.jetbrainsPlugins.length > 0) ? [`A JetBrains plugin counts whether or not the IDE has disabled it (osquery cannot read disabled_plugins.txt), and so does a folder found by its name only ("${JETBRAINS_FOLDER_NOTE}").`] : []),
  ].join('\n');
}

function resolution(rule: PolicyRule, tools: readonly ToolDefinition[]): string {
  const reason = ruleReason(rule);
  const alternative = alternativeText(rule);
  const template = rule.exceptionRequestUrl;
  // The user is unknown to a fleet-wide query: {user} is left empty.
  const requestUrl = (tool: ToolDefinition) => fillRequestUrl(template as string, { tool: tool.id, rule: rule.id, user: '' });
  const request = template === undefined ? []
    : tools.length === 1 ? [`Request an exception: ${requestUrl(tools[0] as ToolDefinition)}`]
      : [['Request an exception:', ...tools.map((tool) => `- ${tool.name}: ${requestUrl(tool)}`)].join('\n')];
  return [
    ...(reason !== undefined ? [reason.trim()] : []),
    alternative !== undefined ? `Use instead: ${alternative}` : 'Remove the tool from this host.',
    ...request,
  ].join('\n\n');
}

/** One Fleet policy per rule, in the policy's order. */
function fleetPolicies(rules: readonly PolicyRule[], toolsFor: ToolsFor, platforms: readonly ExportPlatform[], failFrom: FailFrom = 'deadline'): FleetPolicy[] {
  checkExportSize(rules, toolsFor, platforms);
  const failing = failFrom === 'warning' ? `('violation', 'warning')` : `('violation')`;
  return rules.map((rule) => {
    const query = ruleQuery(rule, toolsFor, platforms);
    return {
      name: `${rule.id}: ${query.title}`,
      query: query.with === undefined ? 'SELECT 1;' : `${query.with}\nSELECT 1 WHERE NOT EXISTS (SELECT 1 FROM (\n  ${query.rows as string}\n) WHERE phase IN ${failing});`,
      description: description(rule, query.tools, failFrom),
      resolution: resolution(rule, query.tools),
      platform: platforms.map((platform) => FLEET_PLATFORM[platform]).join(','),
      critical: rule.classification === 'high-risk',
    };
  });
}

/** A Fleet GitOps policies file: a YAML list of policies. */
export function exportFleet(rules: readonly PolicyRule[], toolsFor: ToolsFor, platforms: readonly ExportPlatform[], failFrom: FailFrom = 'deadline'): string {
  const header = `# Tool policy checks as Fleet policies. A host passes a policy when its query returns a row;\n# it fails from each rule's ${failFrom === 'warning' ? 'warning window' : 'deadline'} (read from osquery's time table) while something the rule bans is found.\n`;
  return header + fleetYaml(fleetPolicies(rules, toolsFor, platforms, failFrom));
}
