import * as path from 'node:path';
import { LeavesHomeError, listFolder } from './folderEntries';
import { readTextFile, type ReadOptions } from './regularFile';

export type McpConfigFormat = 'json' | 'toml' | 'yaml';

export interface McpConfigFile {
  /** Who reads this file ("VS Code", "Claude Code"). */
  readonly owner: string;
  readonly path: string;
  readonly format: McpConfigFormat;
}

/** VS Code and its forks: `<product>` folder name under the OS's application-data folder. */
const VS_CODE_PRODUCTS: ReadonlyArray<readonly [owner: string, folder: string]> = [
  ['VS Code', 'Code'],
  ['VS Code Insiders', 'Code - Insiders'],
  ['VSCodium', 'VSCodium'],
  ['Cursor', 'Cursor'],
  ['Windsurf', 'Windsurf'],
  ['Trae', 'Trae'],
  ['Trae CN', 'Trae CN'],
  ['Qoder', 'Qoder'],
  ['Kiro', 'Kiro'],
  ['Antigravity', 'Antigravity'],
];

/**
 * Where editors and agents keep MCP server definitions under a home folder.
 * Sources: VS Code's docs (user `mcp.json` in the profile's User folder, key `servers`);
 * Anthropic's docs (`~/.claude.json`, `mcpServers` at the top and per project; Claude
 * Desktop's `claude_desktop_config.json`); Cursor's, Windsurf's, Kiro's, Gemini CLI's,
 * Codex's and Continue's docs for theirs; Qoder's from public detectors (third-party).
 * `CLAUDE_CONFIG_DIR` and `CODEX_HOME` move those two when the environment sets them.
 */
export function mcpConfigFiles(home: string, platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): McpConfigFile[] {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const at = (...relative: string[]) => join(home, ...relative.flatMap((part) => part.split('/')));
  const appData = platform === 'win32' ? at('AppData/Roaming') : platform === 'darwin' ? at('Library/Application Support') : at('.config');
  const files: McpConfigFile[] = [];
  const json = (owner: string, file: string) => files.push({ owner, path: file, format: 'json' });
  for (const [owner, folder] of VS_CODE_PRODUCTS) json(owner, join(appData, folder, 'User', 'mcp.json'));
  json('code-server', at('.local/share/code-server/User/mcp.json'));
  json('Claude Code', env.CLAUDE_CONFIG_DIR ? join(env.CLAUDE_CONFIG_DIR, '.claude.json') : at('.claude.json'));
  json('Claude Desktop', join(appData, 'Claude', 'claude_desktop_config.json'));
  json('Cursor', at('.cursor/mcp.json'));
  json('Windsurf', at('.codeium/windsurf/mcp_config.json'));
  json('Qoder', at('.qoder/settings.json'));
  json('Qoder', at('.qoder.json'));
  json('Kiro', at('.kiro/settings/mcp.json'));
  json('Gemini CLI', at('.gemini/settings.json'));
  json('Qwen Code', at('.qwen/settings.json'));
  files.push({ owner: 'Codex', path: env.CODEX_HOME ? join(env.CODEX_HOME, 'config.toml') : at('.codex/config.toml'), format: 'toml' });
  files.push({ owner: 'Continue', path: at('.continue/config.yaml'), format: 'yaml' });
  return files;
}

/**
 * Each VS Code profile has its own `mcp.json`: `User/profiles/<id>/mcp.json`. A profiles
 * folder that exists but cannot be listed is a problem: its files are unknown.
 */
export async function withProfiles(files: readonly McpConfigFile[], options: ReadOptions = {}): Promise<{ files: McpConfigFile[]; problems: Array<{ where: string; message: string }> }> {
  const result = [...files];
  const problems: Array<{ where: string; message: string }> = [];
  await Promise.all(files.filter((file) => path.basename(file.path) === 'mcp.json' && path.basename(path.dirname(file.path)) === 'User').map(async (file) => {
    const profiles = path.join(path.dirname(file.path), 'profiles');
    const names = await listFolder(profiles, options).then((entries) => entries.map((entry) => entry.name), (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') problems.push({ where: profiles, message: error instanceof LeavesHomeError ? error.message : `cannot be listed: ${error.message}` });
      return [] as string[];
    });
    for (const name of names.sort()) result.push({ owner: file.owner, path: path.join(profiles, name, 'mcp.json'), format: 'json' });
  }));
  return { files: result, problems };
}

export interface ReadMcpConfig extends McpConfigFile {
  readonly text?: string;
  /** Why the file could not be read (it exists). */
  readonly error?: string;
}

/** Files larger than this are refused unread (a `~/.claude.json` holds history and grows). */
const MAX_BYTES = 16 * 1024 * 1024;

/** The files that exist, with their text or why they could not be read. */
export async function readMcpConfigFiles(files: readonly McpConfigFile[], options: ReadOptions = {}): Promise<ReadMcpConfig[]> {
  const read = await Promise.all(files.map(async (file): Promise<ReadMcpConfig | undefined> => {
    const { text, error } = await readTextFile(file.path, MAX_BYTES, options);
    if (error !== undefined) return { ...file, error };
    return text === undefined ? undefined : { ...file, text };
  }));
  return read.filter((file): file is ReadMcpConfig => file !== undefined);
}
