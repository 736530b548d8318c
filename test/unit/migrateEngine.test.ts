import * as assert from 'node:assert/strict';
import { expandBraces, joinGlobs } from '../../src/core/migrate/globs';
import { parseMarkdown, removeKeys, scalarText, type MarkdownDocument } from '../../src/core/migrate/frontMatter';
import { DEFAULT_USER_PLACE } from '../../src/core/migrate/layout';
import { recordWrites, summarise } from '../../src/core/migrate/plan';
import type { MigrationPlan, MigrationTarget, Setup } from '../../src/core/migrate/types';
import { toInputVariables } from '../../src/core/migrate/targets/copilot';
import { alternativeTool, decidePairs } from '../../src/core/migrate/pairs';
import type { PolicyRule } from '../../src/core/policy/types';
import { planAgainst } from './migrationFixture';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A setup from file texts: `~/…` under the home folder, anything else in the one project. */
function setupOf(files: Record<string, string>): Setup {
  const home = Object.entries(files).filter(([path]) => path.startsWith('~/')).map(([path, text]) => ({ path: path.slice(2), bytes: encode(text) }));
  const project = Object.entries(files).filter(([path]) => !path.startsWith('~/')).map(([path, text]) => ({ path, bytes: encode(text) }));
  return {
    home: { path: '/home/dev', files: home, problems: [] },
    projects: [{ path: '/home/dev/shop', files: project, problems: [] }],
    platform: 'linux',
    userPlace: DEFAULT_USER_PLACE,
  };
}

/** Plans against target files given as texts (`~/…` or project paths); the rest are missing. */
function planOf(files: Record<string, string>, to: MigrationTarget, targets: Record<string, string> = {}): MigrationPlan {
  return planAgainst(setupOf(files), to, targets);
}

const writeOf = (plan: MigrationPlan, shown: string) => {
  const write = plan.writes.find((w) => (w.target.root.kind === 'home' ? `~/${w.target.path}` : w.target.path) === shown);
  assert.ok(write, `no write to ${shown}; writes: ${plan.writes.map((w) => w.target.path).join(', ')}`);
  return decode(write.bytes);
};

const itemNamed = (plan: MigrationPlan, kind: string, name: string) => {
  const item = plan.items.find((i) => i.kind === kind && i.name === name);
  assert.ok(item, `no ${kind} item named ${name}: ${plan.items.map((i) => `${i.kind}:${i.name}`).join(', ')}`);
  return item;
};

describe('migrate: globs for comma-separated targets', () => {
  it('expands braces, nested ones too, so no pattern holds a comma', () => {
    assert.deepEqual(expandBraces('src/**/*.{ts,tsx}'), ['src/**/*.ts', 'src/**/*.tsx']);
    assert.deepEqual(expandBraces('{a,b/{c,d}}/x'), ['a/x', 'b/c/x', 'b/d/x']);
    assert.deepEqual(expandBraces('{only}.md'), ['{only}.md']);
    assert.deepEqual(joinGlobs(['src/api/**', 'web/*.{js,jsx}']), { joined: 'src/api/**,web/*.js,web/*.jsx', expanded: true });
  });

  it('refuses past the expansion limit instead of growing without bound', () => {
    const bomb = '{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}';
    assert.equal(expandBraces(bomb), undefined);
    const joined = joinGlobs([bomb]);
    assert.equal(joined.joined, undefined);
    assert.match(joined.problem ?? '', /cannot be expanded/);
  });
});

describe('migrate: front matter', () => {
  const document = (text: string) => {
    const parsed = parseMarkdown(text);
    assert.ok(!('error' in parsed), JSON.stringify(parsed));
    return parsed as MarkdownDocument;
  };

  it('removes one key and keeps every other byte as written', () => {
    const text = '---\nname: r\n# a comment\ntools:  Read, Grep\nmodel: >\n  opus\n  plan\ncolor: red\n---\nBody $1\n';
    assert.equal(removeKeys(document(text), ['model']), '---\nname: r\n# a comment\ntools:  Read, Grep\ncolor: red\n---\nBody $1\n');
  });

  it('reads argument-hint: [file] as the text Claude Code shows, not a YAML list', () => {
    assert.equal(scalarText(document('---\nargument-hint: [file] [focus]\n---\n'), 'argument-hint'), '[file] [focus]');
    assert.equal(scalarText(document('---\nargument-hint: "[file]"\n---\n'), 'argument-hint'), '[file]');
  });

  it('names a broken front matter by line without quoting the file', () => {
    const parsed = parseMarkdown('---\nsecret: "FIXTURE-SECRET-NOT-SHOWN\n  : [\n---\nbody');
    assert.ok('error' in parsed);
    assert.doesNotMatch(parsed.error, /FIXTURE-SECRET/);
  });

  it('turns $ARGUMENTS, $ARGUMENTS[N] and $N into prompt-file input variables', () => {
    assert.equal(toInputVariables('for $ARGUMENTS, first $ARGUMENTS[0], then $1 and $12; keep $HOME'), 'for ${input:arguments}, first ${input:arg0}, then ${input:arg1} and ${input:arg12}; keep $HOME');
  });
});

describe('migrate: settling a plan against the target files', () => {
  const mcp = (servers: Record<string, unknown>) => JSON.stringify({ mcpServers: servers });

  it('adds an entry to a JSON file with comments, keeping the comments and the indentation', () => {
    const plan = planOf({ '~/.claude.json': mcp({ memory: { command: 'npx', args: ['-y', 'm'] } }) }, 'cursor', {
      '~/.cursor/mcp.json': '{\n\t// mine\n\t"mcpServers": {\n\t\t"figma": { "url": "http://127.0.0.1:3845/mcp" } // local\n\t}\n}\n',
    });
    const text = writeOf(plan, '~/.cursor/mcp.json');
    assert.match(text, /\/\/ mine/);
    assert.match(text, /\/\/ local/);
    assert.match(text, /\n\t\t"memory": \{\n\t\t\t"command": "npx"/);
    assert.equal(itemNamed(plan, 'mcp-server', 'memory').state, 'write');
  });

  it('leaves an entry that exists with another value as it is: a conflict, and nothing written', () => {
    const existing = '{ "mcpServers": { "memory": { "command": "other" } } }';
    const plan = planOf({ '~/.claude.json': mcp({ memory: { command: 'npx' } }) }, 'cursor', { '~/.cursor/mcp.json': existing });
    const item = itemNamed(plan, 'mcp-server', 'memory');
    assert.equal(item.state, 'conflict');
    assert.match(item.stateReason ?? '', /mcpServers\.memory exists with another value/);
    assert.equal(plan.writes.length, 0);
  });

  it('finds an entry that is already there with the same value done', () => {
    const plan = planOf({ '~/.claude.json': mcp({ memory: { command: 'npx', args: ['a'] } }) }, 'cursor', {
      '~/.cursor/mcp.json': '{"mcpServers":{"memory":{"args":["a"],"command":"npx"}}}',
    });
    assert.equal(itemNamed(plan, 'mcp-server', 'memory').state, 'done');
    assert.equal(plan.writes.length, 0);
  });

  it('never edits a target that is not a JSON object, or where the entry would sit under a non-object', () => {
    for (const existing of ['not json at all', '[1, 2]', '{"mcpServers": ["x"]}', '{"mcpServers": 3}']) {
      const plan = planOf({ '~/.claude.json': mcp({ memory: { command: 'npx' } }) }, 'cursor', { '~/.cursor/mcp.json': existing });
      assert.equal(itemNamed(plan, 'mcp-server', 'memory').state, 'conflict', existing);
      assert.equal(plan.writes.length, 0, existing);
    }
  });

  it('carries a server named __proto__ as a plain entry, neither dropped nor a prototype', () => {
    const plan = planOf({ '~/.claude.json': '{"mcpServers": {"__proto__": {"command": "evil"}, "ok": {"command": "fine"}}}' }, 'cursor');
    assert.equal(itemNamed(plan, 'mcp-server', '__proto__').state, 'write');
    const written = JSON.parse(writeOf(plan, '~/.cursor/mcp.json')) as { mcpServers: Record<string, unknown> };
    assert.deepEqual(Object.keys(written.mcpServers), ['__proto__', 'ok']);
    assert.equal(({} as Record<string, unknown>).command, undefined);
  });

  it('appends only the hooks and permission rules that are not there yet', () => {
    const settings = JSON.stringify({
      permissions: { allow: ['Bash(ls)', 'Bash(pwd)'] },
      hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] },
    });
    const plan = planOf({ '.claude/settings.json': settings }, 'qoder', {
      '.qoder/settings.json': '{\n  // team\n  "permissions": { "allow": ["Bash(ls)"] }\n}\n',
    });
    const written = writeOf(plan, '.qoder/settings.json');
    assert.match(written, /\/\/ team/);
    const value = JSON.parse(written.replace(/(?<!\/)\/\/.*$/gm, '')) as { permissions: { allow: string[] }; hooks: { Stop: unknown[] } };
    assert.deepEqual(value.permissions.allow, ['Bash(ls)', 'Bash(pwd)']);
    assert.equal(value.hooks.Stop.length, 1);
  });

  it('is all or nothing per item: one conflicting entry and none of the item is written', () => {
    const settings = JSON.stringify({ permissions: { allow: ['Bash(pwd)'], defaultMode: 'acceptEdits' } });
    const plan = planOf({ '~/.claude/settings.json': settings }, 'qoder', {
      '~/.qoder/settings.json': '{"general": {"defaultPermissionMode": "plan"}}',
    });
    assert.equal(itemNamed(plan, 'permissions', 'permissions').state, 'conflict');
    assert.equal(plan.writes.length, 0);
  });

  it('finds a file that exists with the same bytes done, and one that differs a conflict', () => {
    const same = planOf({ 'CLAUDE.md': '# Shop\n' }, 'cursor', { 'AGENTS.md': '# Shop\n' });
    assert.equal(itemNamed(same, 'instructions', 'CLAUDE.md').state, 'done');
    const differs = planOf({ 'CLAUDE.md': '# Shop\n' }, 'cursor', { 'AGENTS.md': '# Other\n' });
    assert.equal(itemNamed(differs, 'instructions', 'CLAUDE.md').state, 'conflict');
    assert.equal(differs.writes.length, 0);
  });

  it('has nothing to move from a CLAUDE.md that only imports AGENTS.md', () => {
    const plan = planOf({ 'CLAUDE.md': '@AGENTS.md\n' }, 'qoder', { 'AGENTS.md': '# Shop\n' });
    assert.equal(itemNamed(plan, 'instructions', 'CLAUDE.md').state, 'done');
    assert.equal(plan.writes.length, 0);
  });

  it('joins CLAUDE.md and .claude/CLAUDE.md into one AGENTS.md, each as written', () => {
    const plan = planOf({ 'CLAUDE.md': '# One\n', '.claude/CLAUDE.md': '# Two' }, 'qoder');
    assert.equal(writeOf(plan, 'AGENTS.md'), '# One\n\n# Two\n');
    assert.equal(itemNamed(plan, 'instructions', 'CLAUDE.md').fidelity, 'converted');
  });

  it('names a file it cannot read as unreadable, which is something left for the person', () => {
    const plan = planOf({ '.claude/settings.json': '{ "hooks": [' }, 'qoder');
    const item = plan.items.find((i) => i.state === 'unreadable');
    assert.ok(item);
    assert.match(item.stateReason ?? '', /not JSON/);
    assert.equal(summarise(plan).leftForPerson, true);
  });

  it('records what was written: all of an item, or its first failure', () => {
    const plan = planOf({ 'CLAUDE.md': '# Shop\n', '.claude/commands/a.md': 'A\n' }, 'qoder');
    const [first, second] = plan.writes;
    assert.ok(first && second);
    const after = recordWrites(plan, [
      { itemIds: first.itemIds, outcome: 'written' },
      { itemIds: second.itemIds, outcome: 'conflict', reason: 'appeared meanwhile' },
    ]);
    assert.deepEqual(after.items.map((i) => i.state), ['written', 'conflict']);
    assert.equal(summarise(after).leftForPerson, true);
  });
});

describe('migrate: what each target makes of an artefact', () => {
  it('Qoder: paths become trigger: glob and glob:, a rule without paths always applies', () => {
    const plan = planOf({
      '.claude/rules/api.md': '---\npaths:\n  - "src/api/**/*.{ts,js}"\n---\nAPI\n',
      '.claude/rules/all.md': 'Everywhere\n',
    }, 'qoder');
    assert.equal(writeOf(plan, '.qoder/rules/api.md'), '---\ntrigger: glob\nglob: src/api/**/*.ts,src/api/**/*.js\n---\nAPI\n');
    assert.equal(writeOf(plan, '.qoder/rules/all.md'), '---\ntrigger: always_on\n---\nEverywhere\n');
  });

  it('Qoder: an agent loses its model and nothing else; hooks keep their events, the project folder variable renamed', () => {
    const plan = planOf({
      '.claude/agents/r.md': '---\nname: r\ntools: Read\nmodel: opus\n---\nRead.\n',
      '.claude/settings.json': JSON.stringify({ hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: '${CLAUDE_PROJECT_DIR}/x.sh' }] }], Bogus: [] } }),
    }, 'qoder');
    assert.equal(writeOf(plan, '.qoder/agents/r.md'), '---\nname: r\ntools: Read\n---\nRead.\n');
    const hooks = itemNamed(plan, 'hooks', 'hooks');
    assert.deepEqual(hooks.losses, ['Bogus: Qoder has no such hook event']);
    assert.match(writeOf(plan, '.qoder/settings.json'), /"command": "\$\{QODER_PROJECT_DIR\}\/x\.sh"/);
  });

  it('Qoder: .mcp.json is still run by qodercli, nothing written; user servers go to ~/.qoder/settings.json', () => {
    const plan = planOf({ '.mcp.json': '{"mcpServers":{"a":{"command":"x"}}}', '~/.claude.json': '{"mcpServers":{"b":{"command":"y","env":{"T":"FIXTURE-SECRET"}}}}' }, 'qoder');
    assert.equal(itemNamed(plan, 'mcp-server', 'a').fidelity, 'still-run');
    const b = itemNamed(plan, 'mcp-server', 'b');
    assert.deepEqual(b.secrets, { env: ['T'], headers: [] });
    assert.equal(plan.writes[0]?.secret, true, 'a new file holding a secret is written owner-only');
  });

  it('Copilot: a project server gets its type and ${env:VAR}; a command becomes a prompt file', () => {
    const plan = planOf({
      '.mcp.json': JSON.stringify({ mcpServers: { db: { command: 'pg', args: ['${DB:-postgres://x}'], oauth: {} } } }),
      '.claude/commands/review.md': '---\ndescription: Review\nargument-hint: [focus]\nmodel: sonnet\n---\nFocus on $ARGUMENTS.\n',
    }, 'github-copilot');
    const server = JSON.parse(writeOf(plan, '.vscode/mcp.json')) as { servers: { db: Record<string, unknown> } };
    assert.deepEqual(server.servers.db, { type: 'stdio', command: 'pg', args: ['${env:DB}'] });
    const db = itemNamed(plan, 'mcp-server', 'db');
    assert.equal(db.losses.length, 2, db.losses.join('; '));
    assert.equal(writeOf(plan, '.github/prompts/review.prompt.md'), "---\nagent: agent\ndescription: Review\nargument-hint: '[focus]'\n---\nFocus on ${input:arguments}.\n");
  });

  it('Copilot: hooks become a version 1 hooks file with lowerCamel events; local hooks are still run by VS Code', () => {
    const hooks = { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '$CLAUDE_PROJECT_DIR/g.sh', timeout: 5 }] }] } };
    const plan = planOf({ '.claude/settings.json': JSON.stringify(hooks), '.claude/settings.local.json': JSON.stringify(hooks) }, 'github-copilot');
    assert.deepEqual(JSON.parse(writeOf(plan, '.github/hooks/claude-code.json')), {
      version: 1, hooks: { preToolUse: [{ type: 'command', bash: '$PWD/g.sh', cwd: '.', timeoutSec: 5 }] },
    });
    const local = plan.items.find((i) => i.kind === 'hooks' && i.level === 'local');
    assert.equal(local?.fidelity, 'still-run');
  });

  it('Cursor: user instructions and rules are lost with why; hooks are still run with the third-party setting', () => {
    const plan = planOf({ '~/.claude/CLAUDE.md': 'Me\n', '~/.claude/rules/a.md': 'A\n', '.claude/settings.json': '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"x"}]}]}}' }, 'cursor');
    assert.equal(itemNamed(plan, 'instructions', 'CLAUDE.md').fidelity, 'lost');
    assert.equal(itemNamed(plan, 'rule', 'a.md').fidelity, 'lost');
    assert.equal(itemNamed(plan, 'hooks', 'hooks').fidelity, 'still-run');
  });
});

describe('migrate: which moves a policy asks for', () => {
  const rule = (id: string, tools: string[], alternative?: Record<string, unknown>): PolicyRule => ({
    id, tools, allTools: false, noticeDays: 30, timezone: 'UTC', links: [], enforce: 'notify', exceptions: [],
    source: { layer: 'managed', path: '/etc/tool-policy/policy.yaml' }, hash: '0'.repeat(64),
    ...(alternative ? { alternative: { name: 'X', extensions: [], commands: [], ...alternative } } : {}),
  } as PolicyRule);

  it("reads the rule's alternative.tool defensively", () => {
    assert.equal(alternativeTool(rule('r', ['claude-code'], { tool: 'qoder' })), 'qoder');
    assert.equal(alternativeTool(rule('r', ['claude-code'], { tool: 7 })), undefined);
    assert.equal(alternativeTool(rule('r', ['claude-code'])), undefined);
  });

  it('moves each banned tool it can read to its rule\'s alternative, once per pair', () => {
    const decided = decidePairs([rule('a', ['claude-code', 'cline'], { tool: 'qoder' }), rule('b', ['claude-code'], { tool: 'qoder' }), rule('c', ['cline'])], undefined, undefined);
    assert.deepEqual(decided.pairs, [{ from: 'claude-code', to: 'qoder', rules: ['a', 'b'] }]);
    assert.deepEqual(decided.untargeted, []);
  });

  it('--to wins over alternative.tool; an unsupported alternative is named, not guessed', () => {
    assert.deepEqual(decidePairs([rule('a', ['claude-code'], { tool: 'lingma' })], undefined, 'cursor').pairs, [{ from: 'claude-code', to: 'cursor', rules: ['a'] }]);
    const unsupported = decidePairs([rule('a', ['claude-code'], { tool: 'lingma' })], undefined, undefined);
    assert.equal(unsupported.pairs.length, 0);
    assert.match(unsupported.unsupported.join('\n'), /"lingma" is not supported/);
  });

  it('names the rules that say nothing of where to move', () => {
    assert.deepEqual(decidePairs([rule('ban', ['claude-code'])], undefined, undefined), { pairs: [], untargeted: ['ban'], unsupported: [] });
  });

  it('finds nothing to move when no rule covers a tool whose setup it reads', () => {
    assert.deepEqual(decidePairs([rule('c', ['cline'], { tool: 'qoder' })], undefined, undefined), { pairs: [], untargeted: [], unsupported: [] });
  });
});
