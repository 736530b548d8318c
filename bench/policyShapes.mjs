// Large policy shapes shared by the export and combinatorial benchmarks.

/**
 * A valid policy of about `kilobytes` KB: `rules` rules with `tool: "*"` (a deadline, a
 * reason and an alternative each) and as many tools under `tools:` as fit, each with two
 * extension ids (one a wildcard), a command, a package and a process name.
 */
export function starPolicy(kilobytes, rules) {
  const head = 'version: 1\norganization: Bench Corp\ntimezone: Asia/Shanghai\n';
  const ruleLines = ['rules:\n'];
  for (let i = 0; i < rules; i++) {
    ruleLines.push(`  - { id: all-${i}, tool: "*", deadline: 2027-0${(i % 9) + 1}-01, reason: Not sanctioned, alternative: { name: Qoder, url: "https://qoder.com/" } }\n`);
  }
  const budget = kilobytes * 1024 - head.length - ruleLines.join('').length - 8;
  const toolLines = ['tools:\n'];
  let used = toolLines[0].length;
  for (let i = 0; ; i++) {
    const id = `t${i}`;
    const line = `  - { id: ${id}, extensions: [acme.${id}, "acme.${id}-*"], commands: [${id}], packages: ["@acme/${id}"], processes: [${id}d] }\n`;
    if (used + line.length > budget) break;
    toolLines.push(line);
    used += line.length;
  }
  return { text: head + toolLines.join('') + ruleLines.join(''), shape: `${rules} × "*" over ${toolLines.length - 1} tools` };
}

/** `count` plain rules, each naming one catalog tool with a deadline (what a large real policy looks like). */
export function plainRules(count) {
  const tools = ['claude-code', 'cursor', 'windsurf', 'github-copilot'];
  const lines = ['version: 1\norganization: Bench Corp\ntimezone: UTC\nrules:\n'];
  for (let i = 0; i < count; i++) {
    lines.push(`  - { id: rule-${i}, tool: ${tools[i % tools.length]}, classification: high-risk, deadline: 2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')} }\n`);
  }
  return { text: lines.join(''), shape: `${count.toLocaleString('en')} plain rules` };
}
