/**
 * Policies that multiply rules, tools, layers and matchers, each file at most 1 MiB: the
 * unit tests check each is decided (and its findings built) correctly, and `npm run bench`
 * (bench/policyCombinatorial.mjs) times them in the editor's reader, in `scan` and in every
 * export. They are the shapes that once made the engine's work grow with rules × tools
 * (a `tool: "*"` rule expanded per rule), with matchers × matchers (merging repeated
 * matchers of two layers), or with rules × tools × evidence (building findings).
 */

/** The largest policy file, and what every case fills unless told a smaller size. */
const FILE_LIMIT = 1024 * 1024;
/** Room left in each file for the head and the closing lines. */
const MARGIN = 512;

/** An extension the cases' matchers catch: install it (in a test or a bench home) to make findings. */
export const CAUGHT_EXTENSION = { publisher: 'bench', name: 'caught', id: 'bench.caught', version: '1.0.0' } as const;

export interface CombinatorialCase {
  readonly name: string;
  /** One text per layer, highest first (managed, user, workspace). */
  readonly layers: readonly string[];
  /** Rules in force after the layers are merged. */
  readonly rules: number;
  /** Findings with CAUGHT_EXTENSION installed and nothing else seen. */
  readonly findings: number;
}

const head = (organization: string) => `version: 1\norganization: ${organization}\ntimezone: UTC\n`;

/** Appends `entry(i)` for i = 0, 1, … while the text stays within `budget` bytes; returns how many fit. */
function fill(parts: string[], budget: number, entry: (i: number) => string): number {
  let used = 0;
  let count = 0;
  for (;;) {
    const next = entry(count);
    if (used + next.length > budget) return count;
    parts.push(next);
    used += next.length;
    count++;
  }
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

function assertWithinLimit(name: string, texts: readonly string[]): void {
  for (const text of texts) if (bytes(text) > FILE_LIMIT) throw new Error(`${name}: a layer is ${bytes(text)} bytes, over the 1 MiB limit`);
}

/**
 * `tool: "*"` rules next to thousands of defined tools, half the file each. One defined tool
 * catches CAUGHT_EXTENSION, so each rule has one finding. `allowed` takes a few tools out.
 */
export function starRulesOverManyTools(limit = FILE_LIMIT): CombinatorialCase {
  const parts = [head('Star Corp'), 'allowed: [t1, t2, t3]\ntools:\n'];
  const budget = (limit - MARGIN) / 2;
  const tools = fill(parts, budget, (i) => `  - {id: t${i}, extensions: [${i === 0 ? CAUGHT_EXTENSION.id : `acme.t${i}`}]}\n`);
  parts.push('rules:\n');
  const rules = fill(parts, budget - 16, (i) => `  - {id: r${i}, tool: "*"}\n`);
  const text = parts.join('');
  const result = { name: `${rules.toLocaleString('en')} "*" rules × ${tools.toLocaleString('en')} tools`, layers: [text], rules, findings: rules };
  assertWithinLimit(result.name, result.layers);
  return result;
}

/**
 * Two layers that each give one catalog tool the same long list of extension matchers (a
 * user file copied from the managed one): the merge compares the matchers of both.
 */
export function repeatedMatchersInTwoLayers(limit = FILE_LIMIT): CombinatorialCase {
  const layer = (organization: string, ruleId: string) => {
    const parts = [head(organization), `rules:\n  - {id: ${ruleId}, tool: claude-code}\ntools:\n  - id: claude-code\n    extensions: [${CAUGHT_EXTENSION.id}`];
    fill(parts, limit - MARGIN, (i) => `, acme.x${i}`);
    parts.push(']\n');
    return parts.join('');
  };
  const layers = [layer('Managed Corp', 'managed-ban'), layer('User Corp', 'user-ban')];
  const matchers = (layers[0]!.match(/, acme\.x/g) ?? []).length + 1;
  const result = { name: `2 layers × ${matchers.toLocaleString('en')} repeated matchers`, layers, rules: 2, findings: 2 };
  assertWithinLimit(result.name, result.layers);
  return result;
}

/**
 * Three layers, each defining the same thousands of tools (every layer adds one more
 * matcher to each) and thousands of `tool: "*"` rules: each layer's rules are matched
 * with that layer's tool set.
 */
export function starRulesInThreeLayers(limit = FILE_LIMIT): CombinatorialCase {
  let rulesTotal = 0;
  let toolCount = 0;
  const layers = ['managed', 'user', 'workspace'].map((layer) => {
    const parts = [head(`${layer} corp`), 'tools:\n'];
    const budget = (limit - MARGIN) / 2;
    toolCount = fill(parts, budget, (i) => `  - {id: t${i}, extensions: [${i === 0 ? CAUGHT_EXTENSION.id : `${layer}.t${i}`}]}\n`);
    parts.push('rules:\n');
    rulesTotal += fill(parts, budget - 16, (i) => `  - {id: ${layer[0]}${i}, tool: "*"}\n`);
    return parts.join('');
  });
  const result = { name: `3 layers × ${toolCount.toLocaleString('en')} tools × "*" rules (${rulesTotal.toLocaleString('en')} in all)`, layers, rules: rulesTotal, findings: rulesTotal };
  assertWithinLimit(result.name, result.layers);
  return result;
}

/** Rules that each list the same hundred defined tools (the list form of "*"). */
export function rulesListingManyTools(limit = FILE_LIMIT): CombinatorialCase {
  const listed = 100;
  const parts = [head('List Corp'), 'tools:\n'];
  for (let i = 0; i < listed; i++) parts.push(`  - {id: t${i}, extensions: [${i === 0 ? CAUGHT_EXTENSION.id : `acme.t${i}`}]}\n`);
  const list = Array.from({ length: listed }, (_, i) => `t${i}`).join(',');
  parts.push('rules:\n');
  const rules = fill(parts, limit - MARGIN - bytes(parts.join('')), (i) => `  - {id: r${i}, tool: [${list}]}\n`);
  const result = { name: `${rules.toLocaleString('en')} rules × ${listed} listed tools`, layers: [parts.join('')], rules, findings: rules };
  assertWithinLimit(result.name, result.layers);
  return result;
}

/**
 * Tens of thousands of wildcard extension matchers with a shared prefix, spread over
 * tools, and one rule per tool: every installed extension is compared with the matchers.
 */
export function manyWildcardMatchers(limit = FILE_LIMIT): CombinatorialCase {
  const perTool = 20;
  const parts = [head('Wildcard Corp'), 'tools:\n'];
  const budget = limit - MARGIN;
  let used = bytes(parts.join(''));
  let tools = 0;
  const rules: string[] = ['rules:\n'];
  for (;;) {
    const matchers = Array.from({ length: perTool }, (_, j) => `bench.c*${tools}x${j}`);
    if (tools === 0) matchers[0] = 'bench.c*';
    const tool = `  - {id: t${tools}, extensions: [${matchers.join(', ')}]}\n`;
    const rule = `  - {id: r${tools}, tool: t${tools}}\n`;
    if (used + tool.length + rule.length > budget) break;
    parts.push(tool);
    rules.push(rule);
    used += tool.length + rule.length;
    tools++;
  }
  const result = { name: `${(tools * perTool).toLocaleString('en')} wildcard matchers in ${tools.toLocaleString('en')} tools`, layers: [parts.join('') + rules.join('')], rules: tools, findings: 1 };
  assertWithinLimit(result.name, result.layers);
  return result;
}

/** Every case, each file filled up to `limit` bytes (1 MiB, the largest a policy may be, unless told). */
export function combinatorialPolicies(limit = FILE_LIMIT): CombinatorialCase[] {
  return [starRulesOverManyTools(limit), repeatedMatchersInTwoLayers(limit), starRulesInThreeLayers(limit), rulesListingManyTools(limit), manyWildcardMatchers(limit)];
}
