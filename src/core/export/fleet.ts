/**
 * The same checks as Fleet policies. Fleet counts a host as passing when the policy's
 * query returns a row, so each query wraps the rule's osquery checks in
 * `SELECT 1 WHERE NOT EXISTS (…)`: one row on a compliant host, none on a host where
 * anything the rule bans was found. The YAML is written by js-yaml, so no
 * policy text can break out of its field.
 */
import { dump } from 'js-yaml';
import type { PolicyRule } from '../policy/types';
import type { ToolDefinition } from '../tools';
import { ruleQuery, type ExportPlatform } from './osquery';
import { alternativeText, deadlineText, ruleReason } from './ruleText';

/** Fleet's names for the platforms a policy runs on. */
const FLEET_PLATFORM: Readonly<Record<ExportPlatform, string>> = { linux: 'linux', macos: 'darwin', windows: 'windows' };

export interface FleetPolicy {
  readonly name: string;
  readonly query: string;
  readonly description: string;
  readonly resolution: string;
  readonly platform: string;
}

export function fleetPolicies(rules: readonly PolicyRule[], tools: readonly ToolDefinition[], platforms: readonly ExportPlatform[]): FleetPolicy[] {
  return rules.map((rule) => {
    const query = ruleQuery(rule, tools, platforms);
    const alternative = alternativeText(rule);
    const names = rule.tools.map((id) => tools.find((tool) => tool.id === id)?.name ?? id);
    return {
      name: `${rule.id}: ${query.title}`,
      query: query.select === undefined ? 'SELECT 1;' : `SELECT 1 WHERE NOT EXISTS (\n${query.select}\n);`,
      description: [
        `Fails when this host has ${names.join(', ')} installed or running (VS Code-family extensions, processes, or the command in the usual install folders).`,
        `Deadline: ${deadlineText(rule)}.`,
        ...(rule.classification !== undefined ? [`Classification: ${rule.classification}.`] : []),
      ].join(' '),
      resolution: [
        ...(ruleReason(rule) !== undefined ? [(ruleReason(rule) as string).trim()] : []),
        alternative !== undefined ? `Use instead: ${alternative}` : 'Remove the tool from this host.',
        ...(rule.exceptionRequestUrl !== undefined ? [`Request an exception: ${rule.exceptionRequestUrl}`] : []),
      ].join('\n\n'),
      platform: platforms.map((platform) => FLEET_PLATFORM[platform]).join(','),
    };
  });
}

/** A Fleet GitOps policies file: a YAML list of policies. */
export function exportFleet(rules: readonly PolicyRule[], tools: readonly ToolDefinition[], platforms: readonly ExportPlatform[]): string {
  const header = '# Tool policy checks as Fleet policies. A host passes a policy when its query returns a row.\n';
  return header + dump(fleetPolicies(rules, tools, platforms), { lineWidth: -1 });
}
