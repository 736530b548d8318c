import { BUILT_IN_TOOLS } from '../catalog';
import { machineTimeZone, resolvePolicyDate } from '../dates';
import type { ToolDefinition } from '../tools';
import { mergeToolDefinitions, toolsUnderStar } from '../tools';
import { POLICY_SPEC } from './schema';
import type { Alternative, LocalizedText, Policy, PolicyLink, PolicyParseResult, PolicyProblem, PolicyRule, PolicySourceRef, RuleException } from './types';
import { quote } from './formats';
import { decodePolicyBytes, parseAndCheckStructure, suggestKey } from './validate';

/** The policy as written, after the structural check. */
interface RawTool { id: string; name?: string; extensions?: string[]; commands?: string[]; packages?: string[]; processes?: string[]; terminalNames?: string[]; apps?: string[] }
interface RawException { until: string; reason?: LocalizedText; users?: string[]; workspaces?: string[] }
interface RawRule {
  id: string; tool: string | string[]; classification?: string; title?: LocalizedText; reason?: LocalizedText;
  deadline?: string; noticeDays?: number; alternative?: Alternative; links?: PolicyLink[];
  exceptionRequestUrl?: string; enforce?: 'notify' | 'block'; exceptions?: RawException[];
}
interface RawPolicy {
  version: 1; organization: LocalizedText; contact?: string; policyUrl?: string; timezone?: string;
  allowed?: string[]; tools?: RawTool[]; rules: RawRule[];
}

export interface ParseOptions {
  /** Zone for date-only deadlines when the policy names none; defaults to the machine's. */
  readonly defaultTimeZone?: string;
  /** Tools known before this file (defaults to the built-in catalog). */
  readonly knownTools?: readonly ToolDefinition[];
}

/** Reads one policy file. Never throws: every problem comes back with its place. */
export function parsePolicy(input: string | Uint8Array, source: PolicySourceRef, options: ParseOptions = {}): PolicyParseResult {
  const file = source.path;
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const decoded = decodePolicyBytes(input);
    if (decoded.problem !== undefined || decoded.text === undefined) {
      return { ok: false, problems: [{ file, path: '', message: decoded.problem ?? 'unreadable', line: 1, column: 1, endLine: 1, endColumn: 1 }] };
    }
    text = decoded.text;
  }

  const structure = parseAndCheckStructure(text, file, POLICY_SPEC);
  if (!structure.value) return refused(structure.problems, file);
  const raw = structure.value as unknown as RawPolicy;
  const problems: PolicyProblem[] = [];
  const warnings: PolicyProblem[] = [];
  const report = (path: string, message: string) => {
    if (problems.length <= MAX_PROBLEMS) problems.push({ file, path, message, ...structure.locate(path) });
  };

  // Tools: the catalog plus this file's own definitions.
  const seenToolIds = new Set<string>();
  (raw.tools ?? []).forEach((tool, index) => {
    if (seenToolIds.has(tool.id)) report(`tools[${index}].id`, `tool id ${quote(tool.id)} is defined twice in this file`);
    seenToolIds.add(tool.id);
  });
  const tools = mergeToolDefinitions(options.knownTools ?? BUILT_IN_TOOLS, raw.tools ?? []);
  const toolIds = tools.map((tool) => tool.id);
  const knownToolIds = new Set(toolIds);
  // Each suggestion is a distance to every known id; a file full of unknown ids against a
  // long tools: list would otherwise spend most of its read on advice.
  let suggestionBudget = MAX_SUGGESTION_COMPARISONS;
  const checkToolRef = (id: string, path: string) => {
    if (knownToolIds.has(id)) return;
    // Past the listing limit, or against tens of thousands of ids, a suggestion costs
    // more than it helps (each is a distance to every id).
    if (problems.length > MAX_PROBLEMS) return;
    let suggestion: string | undefined;
    if (toolIds.length <= MAX_SUGGESTION_CANDIDATES && suggestionBudget >= toolIds.length) {
      suggestionBudget -= toolIds.length;
      suggestion = suggestKey(id, toolIds);
    }
    report(path, `unknown tool ${quote(id)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; define it under tools: or use a catalog id`);
  };

  const allowed = raw.allowed ?? [];
  const allowedIds = new Set(allowed);
  allowed.forEach((id, index) => {
    if (id === '*') report(`allowed[${index}]`, '"*" cannot be allowed; list the sanctioned tools by id');
    else checkToolRef(id, `allowed[${index}]`);
  });

  const timezone = raw.timezone ?? options.defaultTimeZone ?? machineTimeZone();
  // Large policies repeat a handful of dates; each is worked out once.
  const dates = new Map<string, Date | undefined>();
  const resolveDate = (text: string): Date | undefined => {
    if (!dates.has(text)) dates.set(text, resolvePolicyDate(text, timezone));
    return dates.get(text);
  };
  // Every `tool: "*"` rule of the file covers the same tools: one list, shared by all of
  // them, so that thousands of such rules over thousands of tools cost rules + tools.
  const starTools = toolsUnderStar(tools, allowedIds);
  const seenRuleIds = new Set<string>();
  const rules: PolicyRule[] = [];
  raw.rules.forEach((rule, index) => {
    const at = `rules[${index}]`;
    if (seenRuleIds.has(rule.id)) report(`${at}.id`, `rule id ${quote(rule.id)} is used twice in this file`);
    seenRuleIds.add(rule.id);

    const listed = Array.isArray(rule.tool) ? rule.tool : [rule.tool];
    const allTools = listed.includes('*');
    if (allTools && Array.isArray(rule.tool)) {
      report(`${at}.tool`, '"*" stands for every tool and cannot be part of a list; write tool: "*"');
    }
    listed.forEach((id, i) => {
      if (id !== '*') checkToolRef(id, Array.isArray(rule.tool) ? `${at}.tool[${i}]` : `${at}.tool`);
      if (id !== '*' && allowedIds.has(id)) report(Array.isArray(rule.tool) ? `${at}.tool[${i}]` : `${at}.tool`, `${quote(id)} is listed under allowed and also banned by this rule`);
    });
    const ruleTools = allTools ? starTools : [...new Set(listed)];
    if (allTools && ruleTools.length === 0) {
      warnings.push({ file, path: `${at}.tool`, message: '"*" covers no tool here: every known tool is listed under allowed, so this rule matches nothing', severity: 'warning', ...structure.locate(`${at}.tool`) });
    }

    const deadline = rule.deadline === undefined ? undefined : resolveDate(rule.deadline);
    const exceptions: RuleException[] = (rule.exceptions ?? []).map((exception) => ({
      until: resolveDate(exception.until) ?? new Date(NaN),
      untilText: exception.until,
      ...(exception.reason !== undefined ? { reason: exception.reason } : {}),
      users: exception.users ?? [],
      workspaces: exception.workspaces ?? [],
    }));

    rules.push({
      id: rule.id,
      tools: ruleTools,
      allTools,
      ...(rule.classification !== undefined ? { classification: rule.classification } : {}),
      ...(rule.title !== undefined ? { title: rule.title } : {}),
      ...(rule.reason !== undefined ? { reason: rule.reason } : {}),
      ...(deadline !== undefined ? { deadline, deadlineText: rule.deadline } : {}),
      noticeDays: rule.noticeDays ?? 30,
      timezone,
      ...(rule.alternative !== undefined
        ? { alternative: { ...rule.alternative, extensions: rule.alternative.extensions ?? [], commands: rule.alternative.commands ?? [] } }
        : {}),
      links: rule.links ?? [],
      ...(rule.exceptionRequestUrl !== undefined ? { exceptionRequestUrl: rule.exceptionRequestUrl } : {}),
      enforce: rule.enforce ?? 'notify',
      exceptions,
      source,
    });
  });

  if (problems.length > 0) return refused(problems, file);
  const policy: Policy = {
    organization: raw.organization,
    ...(raw.contact !== undefined ? { contact: raw.contact } : {}),
    ...(raw.policyUrl !== undefined ? { policyUrl: raw.policyUrl } : {}),
    timezone,
    allowed,
    tools,
    rules,
    source,
  };
  return { ok: true, policy, warnings };
}

/** Enough to fix a file by; a file with more problems than this is not a policy. */
const MAX_PROBLEMS = 100;
/** "Did you mean" is offered only when the known tool ids are at most this many. */
const MAX_SUGGESTION_CANDIDATES = 2000;
/** Distances worked out for "did you mean" in one file, in all (a few milliseconds). */
const MAX_SUGGESTION_COMPARISONS = 4_000;

/**
 * A refusal always names at least one problem: a file is applied whole or refused with
 * a reason, never neither (an empty list here would be a bug, and is reported as one).
 */
function refused(problems: readonly PolicyProblem[], file: string): PolicyParseResult {
  if (problems.length === 0) {
    return { ok: false, problems: [{ file, path: '', message: 'the file could not be read as a policy (internal error: no problem was named)', line: 1, column: 1, endLine: 1, endColumn: 1 }] };
  }
  return { ok: false, problems: problems.length > MAX_PROBLEMS + 1 ? problems.slice(0, MAX_PROBLEMS + 1) : problems };
}
