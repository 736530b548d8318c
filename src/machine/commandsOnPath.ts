import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ToolDefinition } from '../core/tools';
import type { Observation } from '../core/detect/evidence';

export interface PathScanInputs {
  readonly platform: NodeJS.Platform;
  /** The PATH value. */
  readonly pathVariable: string;
  /** Windows executable suffixes (PATHEXT). */
  readonly pathExt?: string;
  /** More folders to look in (the npm global prefix's bin, ~/.local/bin). */
  readonly extraDirs?: readonly string[];
}

/**
 * Command-line tools of the catalog that are installed (on PATH or in the extra folders)
 * whether or not they run: a lower-weight finding than a running one.
 */
export async function findInstalledCommands(tools: readonly ToolDefinition[], inputs: PathScanInputs): Promise<Observation[]> {
  const separator = inputs.platform === 'win32' ? ';' : ':';
  const dirs = [...new Set([...inputs.pathVariable.split(separator), ...(inputs.extraDirs ?? [])].filter((dir) => dir && path.isAbsolute(dir)))];
  const suffixes = inputs.platform === 'win32' ? ['', ...(inputs.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').map((s) => s.toLowerCase())] : [''];
  const observations: Observation[] = [];
  const seen = new Set<string>();
  await Promise.all(dirs.map(async (dir) => {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return; // a PATH entry that does not exist
    }
    const present = new Set(names.map((name) => name.toLowerCase()));
    for (const tool of tools) {
      for (const command of tool.commands) {
        const file = suffixes.map((suffix) => `${command.toLowerCase()}${suffix}`).find((candidate) => present.has(candidate));
        if (!file) continue;
        const full = path.join(dir, names.find((name) => name.toLowerCase() === file) ?? file);
        if (seen.has(`${tool.id}:${full}`)) continue;
        seen.add(`${tool.id}:${full}`);
        observations.push({ toolId: tool.id, evidence: { kind: 'installed', command, path: full } });
      }
    }
  }));
  return observations.sort((a, b) => (a.evidence.kind === 'installed' && b.evidence.kind === 'installed' ? a.evidence.path.localeCompare(b.evidence.path) : 0));
}

/**
 * The known tools' programs installed for the user running the editor: on PATH, in
 * ~/.local/bin and ~/.npm-global/bin, and in the npm prefix the environment names (on
 * Windows, %APPDATA%\npm).
 */
export function findCommandsInstalledHere(tools: readonly ToolDefinition[]): Promise<Observation[]> {
  const home = os.homedir();
  const env = process.env;
  const extraDirs = process.platform === 'win32'
    ? [path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'npm')]
    : [path.join(home, '.local', 'bin'), path.join(home, '.npm-global', 'bin'), ...(env.npm_config_prefix ? [path.join(env.npm_config_prefix, 'bin')] : [])];
  return findInstalledCommands(tools, {
    platform: process.platform,
    pathVariable: env.PATH ?? env.Path ?? '',
    ...(env.PATHEXT ? { pathExt: env.PATHEXT } : {}),
    extraDirs,
  });
}
