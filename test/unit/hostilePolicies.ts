/**
 * Policy files built to be slow to read: the unit tests check each is decided correctly,
 * and `npm run bench` (bench/policyHostile.mjs) times them. Each is at most 1 MiB, the
 * largest file a policy may be.
 */

export interface HostilePolicy {
  readonly name: string;
  readonly text: string;
  /** How it must be decided: applied, or refused with a problem containing this text. */
  readonly expect: { readonly ok: true; readonly rules: number } | { readonly ok: false; readonly problem: string };
}

const HEAD = 'version: 1\norganization: Bench Corp\ntimezone: Asia/Shanghai\n';

/** One mapping with 60,000 keys (yaml's own duplicate-key check compares each with each). */
export function manyKeysMapping(): HostilePolicy {
  const lines = [HEAD, 'rules:\n  - id: r\n    tool: claude-code\n    reason:\n'];
  for (let i = 0; i < 60_000; i++) lines.push(`      k${i}: 0\n`);
  return { name: '60,000-key mapping', text: lines.join(''), expect: { ok: false, problem: 'rules[0].reason: the text "k0" is not a language tag' } };
}

/** `reason: {0: 0, 1: 0, …}` on one line, filled up to 1,048,574 bytes. */
export function hugeFlowMapping(): HostilePolicy {
  const head = `${HEAD}rules:\n  - id: r\n    tool: claude-code\n    reason: {`;
  const parts: string[] = [head];
  let length = head.length;
  const target = 1_048_574;
  for (let i = 0; ; i++) {
    const entry = i === 0 ? `${i}: 0` : `, ${i}: 0`;
    if (length + entry.length + 2 > target) break;
    parts.push(entry);
    length += entry.length;
  }
  parts.push('}\n');
  length += 2;
  // Pad with a comment so the file is exactly the target size.
  const text = parts.join('') + (length < target ? `#${'x'.repeat(Math.max(0, target - length - 2))}\n` : '');
  return { name: `${(target / 1024).toFixed(0)} KB flow mapping`, text: text.slice(0, target), expect: { ok: false, problem: 'rules[0].reason: the number 0 is not a language tag' } };
}

/** A valid policy defining 48,000 tools, all of them also listed under allowed. */
export function manyToolsAllowed(): HostilePolicy {
  const count = 48_000;
  const parts: string[] = [HEAD, 'tools: ['];
  for (let i = 0; i < count; i++) parts.push(i === 0 ? `{id: t${i}}` : `,{id: t${i}}`);
  parts.push(']\nallowed: [');
  for (let i = 0; i < count; i++) parts.push(i === 0 ? `t${i}` : `,t${i}`);
  parts.push(']\nrules:\n  - id: everything-else\n    tool: "*"\n    deadline: 2026-07-10\n');
  return { name: '48,000 tools + allowed', text: parts.join(''), expect: { ok: true, rules: 1 } };
}

/** A plain, valid policy with 10,000 compact rules. */
export function tenThousandRules(toolIds: readonly string[] = ['claude-code', 'cursor', 'windsurf', 'github-copilot']): HostilePolicy {
  const parts: string[] = [HEAD, 'rules:\n'];
  for (let i = 0; i < 10_000; i++) {
    const date = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    parts.push(`  - { id: rule-${i}, tool: ${toolIds[i % toolIds.length]}, classification: high-risk, deadline: ${date} }\n`);
  }
  return { name: '10,000 rules', text: parts.join(''), expect: { ok: true, rules: 10_000 } };
}

export function hostilePolicies(): HostilePolicy[] {
  return [manyKeysMapping(), hugeFlowMapping(), manyToolsAllowed(), tenThousandRules()];
}
