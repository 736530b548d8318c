/**
 * Which files of Claude Code's setup the reader looks at (assistants.md, "Moving a
 * person's setup"; Claude Code's docs on memory, settings, commands, agents, skills, MCP).
 * Paths are relative to the root (the home folder or a project), with `/` separators.
 */

export interface LayoutFile {
  readonly path: string;
  readonly maxBytes: number;
}

export interface LayoutTree {
  readonly path: string;
  /** Each file's limit. */
  readonly maxBytes: number;
  /** Only `*.md` files (rules, commands, agents); a skill's folder is read whole. */
  readonly markdownOnly: boolean;
}

export interface ReadLayout {
  readonly files: readonly LayoutFile[];
  readonly trees: readonly LayoutTree[];
}

const MiB = 1024 * 1024;
/** Instructions, rules, commands, agents and settings are small text files. */
const TEXT_LIMIT = MiB;
/** A skill may carry scripts, templates and images. */
const SKILL_FILE_LIMIT = 8 * MiB;
/** `~/.claude.json` also keeps per-project state and grows with use. */
const CLAUDE_JSON_LIMIT = 32 * MiB;
/** Every tree together: a folder holding more is named as not read whole. */
export const TREE_ENTRY_LIMIT = 2000;
export const TREE_DEPTH_LIMIT = 10;

/** Where the user-level files are: `~/.claude` and `~/.claude.json`, or both inside CLAUDE_CONFIG_DIR. */
export interface UserConfigPlace {
  /** Relative to the home folder. */
  readonly configDir: string;
  readonly claudeJson: string;
}

export const DEFAULT_USER_PLACE: UserConfigPlace = { configDir: '.claude', claudeJson: '.claude.json' };

/** A folder moved with CLAUDE_CONFIG_DIR (relative to the home folder) holds `.claude.json` too. */
export function userPlace(configDirUnderHome: string | undefined): UserConfigPlace {
  if (configDirUnderHome === undefined) return DEFAULT_USER_PLACE;
  return { configDir: configDirUnderHome, claudeJson: `${configDirUnderHome}/.claude.json` };
}

/**
 * The folder name Claude Code keeps a project's auto memory under
 * (`~/.claude/projects/<name>/memory/`): the project's absolute path with every character
 * other than a letter or digit replaced by `-`.
 */
export function projectMemoryKey(projectPath: string): string {
  return projectPath.replace(/[^a-zA-Z0-9]/g, '-');
}

export function homeLayout(place: UserConfigPlace, projectPaths: readonly string[]): ReadLayout {
  const dir = place.configDir;
  return {
    files: [
      { path: `${dir}/CLAUDE.md`, maxBytes: TEXT_LIMIT },
      { path: `${dir}/settings.json`, maxBytes: TEXT_LIMIT },
      { path: place.claudeJson, maxBytes: CLAUDE_JSON_LIMIT },
    ],
    trees: [
      { path: `${dir}/rules`, maxBytes: TEXT_LIMIT, markdownOnly: true },
      { path: `${dir}/commands`, maxBytes: TEXT_LIMIT, markdownOnly: true },
      { path: `${dir}/agents`, maxBytes: TEXT_LIMIT, markdownOnly: true },
      { path: `${dir}/skills`, maxBytes: SKILL_FILE_LIMIT, markdownOnly: false },
      ...projectPaths.map((project) => ({ path: `${dir}/projects/${projectMemoryKey(project)}/memory`, maxBytes: TEXT_LIMIT, markdownOnly: true })),
    ],
  };
}

export const PROJECT_LAYOUT: ReadLayout = {
  files: [
    { path: 'CLAUDE.md', maxBytes: TEXT_LIMIT },
    { path: '.claude/CLAUDE.md', maxBytes: TEXT_LIMIT },
    { path: 'CLAUDE.local.md', maxBytes: TEXT_LIMIT },
    { path: '.claude/settings.json', maxBytes: TEXT_LIMIT },
    { path: '.claude/settings.local.json', maxBytes: TEXT_LIMIT },
    { path: '.mcp.json', maxBytes: TEXT_LIMIT },
  ],
  trees: [
    { path: '.claude/rules', maxBytes: TEXT_LIMIT, markdownOnly: true },
    { path: '.claude/commands', maxBytes: TEXT_LIMIT, markdownOnly: true },
    { path: '.claude/agents', maxBytes: TEXT_LIMIT, markdownOnly: true },
    { path: '.claude/skills', maxBytes: SKILL_FILE_LIMIT, markdownOnly: false },
  ],
};
