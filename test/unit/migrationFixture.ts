import { DEFAULT_USER_PLACE } from '../../src/core/migrate/layout';
import { draftMigration, settleMigration } from '../../src/core/migrate/plan';
import { fileKey, type ExistingFile, type MigrationPlan, type MigrationTarget, type Setup } from '../../src/core/migrate/types';

const encode = (text: string) => new TextEncoder().encode(text);

/** The value the plan view must never show. */
export const TOKEN = 'ghp_SECRETVALUE1234567890';

/**
 * A small setup with something of every outcome: instructions carried as is, a command
 * converted with a loss, permissions lost (Copilot), an MCP server with a secret (written
 * by Copilot, still run by Qoder), hooks; the text of one file holds markup.
 */
export function samplePlan(to: MigrationTarget, targets: Record<string, string> = {}): MigrationPlan {
  const setup = {
    home: {
      path: '/home/dev',
      files: [
        { path: '.claude/CLAUDE.md', bytes: encode('# Me\n') },
        { path: '.claude/settings.json', bytes: encode('{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"echo hi"}]}]},"permissions":{"allow":["Bash(npm test)"]}}') },
      ],
      problems: [],
    },
    projects: [{
      path: '/home/dev/shop',
      files: [
        { path: 'CLAUDE.md', bytes: encode('# Shop\n') },
        { path: '.mcp.json', bytes: encode(`{"mcpServers":{"<img src=x onerror=alert(1)>":{"command":"gh-mcp","env":{"GITHUB_TOKEN":"${TOKEN}"}}}}`) },
        { path: '.claude/commands/hello.md', bytes: encode('---\nmodel: opus\n---\nSay hello $ARGUMENTS\n') },
      ],
      problems: [{ path: '.claude/agents', error: 'cannot be listed: EACCES' }],
    }],
    platform: 'linux' as const,
    userPlace: DEFAULT_USER_PLACE,
  };
  return planAgainst(setup, to, targets);
}

/** Plans a setup against target files given as texts (`~/…` or project paths); the rest are missing. */
export function planAgainst(setup: Setup, to: MigrationTarget, targets: Record<string, string> = {}): MigrationPlan {
  const draft = draftMigration(setup, 'claude-code', to);
  const existing = new Map<string, ExistingFile>();
  for (const ref of draft.targetFiles) {
    const shown = ref.root.kind === 'home' ? `~/${ref.path}` : ref.path;
    const text = targets[shown];
    existing.set(fileKey(ref), text === undefined ? { kind: 'missing' } : { kind: 'file', bytes: encode(text) });
  }
  return settleMigration(draft, existing);
}
