import { BUILT_IN_TOOLS } from '../catalog';
import { machineTimeZone } from '../dates';
import type { ToolDefinition } from '../tools';
import { mergeToolDefinitions, toolsUnderStar } from '../tools';
import { FileChecks, PolicyDates, ToolRefs } from './policyChecks';
import { ProblemList, START_OF_FILE } from './problemList';
import { POLICY_SPEC } from './schema';
import type { Alternative, LocalizedText, Policy, PolicyLink, PolicyParseResult, PolicyProblem, PolicyRule, PolicySourceRef, RuleException } from './types';
import { quote } from './formats';
import { ruleHash } from '../ruleHash';
import { decodePolicyBytes, parseAndCheckStructure } from './validate';

/**
 * The policy as written, after the structural check. A field that failed that check is
 * absent, and an item of a list that failed is null: the checks here still run on the
 * rest, so that one pass names every problem of the file.
 */
interface RawTool { id?: string; name?: string; extensions?: string[]; commands?: string[]; packages?: string[]; processes?: string[]; terminalNames?: string[]; apps?: string[]; jetbrainsPlugins?: string[]; acpAgents?: string[] }
interface RawException { until?: string; reason?: LocalizedText; users?: (string | null)[]; groups?: (string | null)[]; workspaces?: (string | null)[] }
type RawAlternative = Partial<Omit<Alternative, 'extensions' | 'commands'>> & { extensions?: (string | null)[]; commands?: (string | null)[] };
interface RawRule {
  id?: string; tool?: string | (string | null)[]; classification?: string; title?: LocalizedText; reason?: LocalizedText;
  deadline?: string; noticeDays?: number; alternative?: RawAlternative; links?: (PolicyLink | null)[];
  exceptionRequestUrl?: string; enforce?: 'notify' | 'block'; exceptions?: (RawException | null)[];
}
interface RawPolicy {
  version?: 1; organization?: LocalizedText; contact?: string; policyUrl?: string; timezone?: string;
  allowed?: (string | null)[]; tools?: (RawTool | null)[]; rules?: (RawRule | null)[];
}

export interface ParseOptions {
  /** Zone for date-only deadlines when the policy names none; defaults to the machine's. */
  readonly defaultTimeZone?: string;
  /** Tools known before this file (defaults to the built-in catalog). */
  readonly knownTools?: readonly ToolDefinition[];
}

const present = <T>(items: readonly (T | null)[] | undefined): T[] => (items ?? []).filter((item): item is T => item !== null);

/**
 * The one empty list of every rule without links or exceptions: a large file has tens of
 * thousands of rules, and the editor's reader thread sends a list that rules share once
 * per slice instead of once per rule.
 */
const NONE: readonly never[] = Object.freeze([]);

/** Reads one policy file. Never throws: every problem comes back with its place, all of them in one pass. */
export function parsePolicy(input: string | Uint8Array, source: PolicySourceRef, options: ParseOptions = {}): PolicyParseResult {
  const file = source.path;
  const decoded = typeof input === 'string' ? { text: input } : decodePolicyBytes(input);
  if (decoded.text === undefined) return refused([{ file, path: '', message: decoded.problem ?? 'unreadable', ...START_OF_FILE }], file);

  const problems = new ProblemList(file);
  const structure = parseAndCheckStructure(decoded.text, POLICY_SPEC, problems);
  if (!structure.value) return refused(problems.finish(), file);
  const raw = structure.value as RawPolicy;
  const checks = new FileChecks(structure.locate, problems, new ProblemList(file, 'warning'));

  const tools = defineTools(raw, options, checks);
  const refs = new ToolRefs(tools, checks);
  const allowed = checkAllowed(raw, refs, checks);
  const timezone = raw.timezone ?? options.defaultTimeZone ?? machineTimeZone();
  const rules = readRules(raw, { refs, checks, allowed, starTools: toolsUnderStar(tools, allowed), dates: new PolicyDates(timezone, checks), timezone, source });

  if (problems.count > 0) return refused(problems.finish(), file);
  const policy: Policy = {
    organization: raw.organization as LocalizedText,
    ...(raw.contact !== undefined ? { contact: raw.contact } : {}),
    ...(raw.policyUrl !== undefined ? { policyUrl: raw.policyUrl } : {}),
    timezone,
    allowed: [...allowed],
    tools,
    rules,
    source,
  };
  return { ok: true, policy, warnings: checks.warnings.finish() };
}

/** The catalog (or the tools known before) plus this file's `tools:`; an id defined twice is a problem. */
function defineTools(raw: RawPolicy, options: ParseOptions, checks: FileChecks): readonly ToolDefinition[] {
  const seen = new Set<string>();
  const defined = present(raw.tools);
  (raw.tools ?? []).forEach((tool, index) => {
    if (tool?.id === undefined) return;
    if (seen.has(tool.id)) checks.error(`tools[${index}].id`, `tool id ${quote(tool.id)} is defined twice in this file`);
    seen.add(tool.id);
  });
  return mergeToolDefinitions(options.knownTools ?? BUILT_IN_TOOLS, defined.filter((tool): tool is RawTool & { id: string } => tool.id !== undefined));
}

/** The sanctioned tools, each a known id; "*" is no tool. */
function checkAllowed(raw: RawPolicy, refs: ToolRefs, checks: FileChecks): Set<string> {
  const allowed = new Set<string>();
  (raw.allowed ?? []).forEach((id, index) => {
    if (id === null) return;
    if (id === '*') checks.error(`allowed[${index}]`, '"*" cannot be allowed; list the sanctioned tools by id');
    else refs.check(id, `allowed[${index}]`);
    allowed.add(id);
  });
  return allowed;
}

interface RuleContext {
  readonly refs: ToolRefs;
  readonly checks: FileChecks;
  readonly allowed: ReadonlySet<string>;
  /**
   * What "*" stands for: every `tool: "*"` rule of the file holds this one list, so that
   * thousands of such rules over thousands of tools cost rules + tools, not their product.
   */
  readonly starTools: readonly string[];
  readonly dates: PolicyDates;
  readonly timezone: string;
  readonly source: PolicySourceRef;
}

function readRules(raw: RawPolicy, context: RuleContext): PolicyRule[] {
  const seenIds = new Set<string>();
  const rules: PolicyRule[] = [];
  (raw.rules ?? []).forEach((rule, index) => {
    if (rule === null) return;
    const at = `rules[${index}]`;
    if (rule.id !== undefined) {
      if (seenIds.has(rule.id)) context.checks.error(`${at}.id`, `rule id ${quote(rule.id)} is used twice in this file`);
      seenIds.add(rule.id);
    }
    const read = readRule(rule, at, context);
    if (read) rules.push(read);
  });
  return rules;
}

/** One rule, checked against the file's tools and dates; undefined when a required part is missing (already reported). */
function readRule(rule: RawRule, at: string, context: RuleContext): PolicyRule | undefined {
  const covered = ruleTools(rule, at, context);
  const deadline = rule.deadline === undefined ? undefined : context.dates.resolve(rule.deadline, `${at}.deadline`);
  const exceptions = readExceptions(rule, at, deadline, context);
  const alternative = readAlternative(rule.alternative, at, context);
  if (rule.alternative === undefined) {
    context.checks.warn(at, () => `rule ${quote(rule.id ?? '')} names no alternative: the people it stops are not told what to use instead (add alternative: with at least a name)`);
  }
  if (rule.id === undefined || covered === undefined) return undefined;
  // Built by assignment, in the order the fields are listed: a large file has tens of
  // thousands of rules, and spreading optional parts makes a temporary object for each.
  const read: { -readonly [K in keyof PolicyRule]: PolicyRule[K] } = { id: rule.id, tools: covered.tools, allTools: covered.allTools } as PolicyRule;
  if (rule.classification !== undefined) read.classification = rule.classification;
  if (rule.title !== undefined) read.title = rule.title;
  if (rule.reason !== undefined) read.reason = rule.reason;
  if (deadline !== undefined) {
    read.deadline = deadline;
    read.deadlineText = rule.deadline;
  }
  read.noticeDays = rule.noticeDays ?? 30;
  read.timezone = context.timezone;
  if (alternative !== undefined) read.alternative = alternative;
  read.links = rule.links === undefined ? NONE : present(rule.links);
  if (rule.exceptionRequestUrl !== undefined) read.exceptionRequestUrl = rule.exceptionRequestUrl;
  read.enforce = rule.enforce ?? 'notify';
  read.exceptions = exceptions;
  read.source = context.source;
  asWritten.set(read, rule);
  Object.defineProperty(read, 'hash', HASH_WHEN_READ);
  return read;
}

/** Each rule read, with its object as written until its hash is worked out, then the hash. */
const asWritten = new WeakMap<object, RawRule | string>();

/**
 * A rule's `hash`, worked out the first time it is read: most faces read it only for the
 * rules with a finding (`validate`, a scan and most exports never for the others), and a
 * large file holds tens of thousands of rules. One getter shared by every rule, so that
 * their objects keep one shape. Copying a rule (spread, a worker's structured clone, JSON)
 * reads it like any other field.
 */
const HASH_WHEN_READ: PropertyDescriptor = {
  enumerable: true,
  get(this: object): string {
    const known = asWritten.get(this);
    if (known === undefined) throw new Error('internal error: the hash of an object that is not a rule read from a policy');
    if (typeof known === 'string') return known;
    const hash = ruleHash(known);
    asWritten.set(this, hash);
    return hash;
  },
};

/**
 * A rule's exceptions. One that ends before the rule's deadline is valid but almost
 * certainly a slip: it only hides the notices before the deadline, so it is warned about.
 */
function readExceptions(rule: RawRule, at: string, deadline: Date | undefined, { dates, checks }: RuleContext): readonly RuleException[] {
  if (rule.exceptions === undefined) return NONE;
  const exceptions: RuleException[] = [];
  rule.exceptions.forEach((exception, i) => {
    if (exception?.until === undefined) return;
    const path = `${at}.exceptions[${i}].until`;
    const until = dates.resolve(exception.until, path);
    if (until !== undefined && deadline !== undefined && until.getTime() <= deadline.getTime()) {
      checks.warn(path, `this exception ends (${exception.until}) no later than the rule's deadline (${rule.deadline ?? ''}): it only hides the notices before the deadline and excepts no one from the rule itself; did you mean a later date?`);
    }
    exceptions.push({
      until: until ?? new Date(NaN),
      untilText: exception.until,
      ...(exception.reason !== undefined ? { reason: exception.reason } : {}),
      users: present(exception.users),
      groups: present(exception.groups),
      workspaces: present(exception.workspaces),
    });
  });
  return exceptions;
}

/** The tool ids a rule covers, each checked; undefined when `tool` is missing or failed its check. */
function ruleTools(rule: RawRule, at: string, { refs, checks, allowed, starTools }: RuleContext): { tools: readonly string[]; allTools: boolean } | undefined {
  if (rule.tool === undefined) return undefined;
  const listed = Array.isArray(rule.tool) ? rule.tool : [rule.tool];
  const pathOf = (i: number) => (Array.isArray(rule.tool) ? `${at}.tool[${i}]` : `${at}.tool`);
  const allTools = listed.includes('*');
  if (allTools && Array.isArray(rule.tool)) checks.error(`${at}.tool`, '"*" stands for every tool and cannot be part of a list; write tool: "*"');
  listed.forEach((id, i) => {
    if (id === null || id === '*') return;
    refs.check(id, pathOf(i));
    if (allowed.has(id)) checks.error(pathOf(i), `${quote(id)} is listed under allowed and also banned by this rule`);
  });
  if (allTools && starTools.length === 0) {
    checks.warn(`${at}.tool`, '"*" covers no tool here: every known tool is listed under allowed, so this rule matches nothing');
  }
  return { tools: allTools ? starTools : [...new Set(present(listed))], allTools };
}

function readAlternative(alternative: RawAlternative | undefined, at: string, { refs }: RuleContext): Alternative | undefined {
  if (alternative === undefined) return undefined;
  if (alternative.tool !== undefined) refs.check(alternative.tool, `${at}.alternative.tool`);
  if (alternative.name === undefined) return undefined;
  return { ...alternative, name: alternative.name, extensions: present(alternative.extensions), commands: present(alternative.commands) };
}

/**
 * A refusal always names at least one problem: a file is applied whole or refused with
 * a reason, never neither (an empty list here would be a bug, and is reported as one).
 */
function refused(problems: readonly PolicyProblem[], file: string): PolicyParseResult {
  if (problems.length === 0) {
    return { ok: false, problems: [{ file, path: '', message: 'the file could not be read as a policy (internal error: no problem was named)', ...START_OF_FILE }] };
  }
  return { ok: false, problems };
}
