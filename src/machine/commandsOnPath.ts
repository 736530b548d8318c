import * as os from 'node:os';
import * as path from 'node:path';
import type { ToolDefinition } from '../core/tools';
import type { Observation } from '../core/detect/evidence';
import type { ScanProblem } from '../core/report/scanReport';
import { LeavesHomeError, listFolder } from './folderEntries';
import { usualInstallFolders } from './installFolders';
import type { ReadOptions } from './regularFile';

export interface PathScanInputs {
  readonly platform: NodeJS.Platform;
  /** The PATH value. */
  readonly pathVariable: string;
  /** Windows executable suffixes (PATHEXT). */
  readonly pathExt?: string;
  /** More folders to look in (the npm global prefix's bin, ~/.local/bin). */
  readonly extraDirs?: readonly string[];
  /** The home folder scanned: a folder under it that a link leads out of is not listed. */
  readonly within?: string;
}

export interface InstalledCommandsScan {
  readonly observations: readonly Observation[];
  /** Folders that exist but could not be listed: what they hold is unknown. */
  readonly problems: readonly ScanProblem[];
}

/**
 * Command-line tools of the catalog that are installed (on PATH or in the extra folders)
 * whether or not they run: a lower-weight finding than a running one.
 * @internal the seam findCommandsInstalledFor wraps; tests give it a made-up PATH.
 */
export async function findInstalledCommands(tools: readonly ToolDefinition[], inputs: PathScanInputs): Promise<InstalledCommandsScan> {
  const separator = inputs.platform === 'win32' ? ';' : ':';
  const dirs = [...new Set([...inputs.pathVariable.split(separator), ...(inputs.extraDirs ?? [])].filter((dir) => dir && path.isAbsolute(dir)))];
  const suffixes = inputs.platform === 'win32' ? ['', ...(inputs.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').map((s) => s.toLowerCase())] : [''];
  const observations: Observation[] = [];
  const problems: ScanProblem[] = [];
  const seen = new Set<string>();
  const options: ReadOptions = inputs.within !== undefined ? { within: inputs.within } : {};
  await Promise.all(dirs.map(async (dir) => {
    let names: string[];
    try {
      names = (await listFolder(dir, options)).map((entry) => entry.name);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A PATH entry that does not exist, or is a file, holds no commands.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') problems.push({ where: dir, message: error instanceof LeavesHomeError ? error.message : `cannot be listed: ${(error as Error).message}` });
      return;
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
  observations.sort((a, b) => (a.evidence.kind === 'installed' && b.evidence.kind === 'installed' ? a.evidence.path.localeCompare(b.evidence.path) : 0));
  return { observations, problems: problems.sort((a, b) => a.where.localeCompare(b.where)) };
}

/** Where a home's commands are looked for: its user's PATH and the usual install folders. */
export interface InstalledCommandsPlace {
  readonly home: string;
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Set by a scan of a home folder: no link out of it is followed. */
  readonly confined?: boolean;
}

/**
 * The known tools' programs installed for a home's user: on PATH and in the usual install
 * folders (installFolders.ts, with the npm prefix of `~/.npmrc` or the environment). The
 * one answer to "where are commands installed", for `scan` and the editor alike.
 */
export async function findCommandsInstalledFor(tools: readonly ToolDefinition[], place: InstalledCommandsPlace): Promise<InstalledCommandsScan> {
  const { home, platform, env } = place;
  const within = place.confined === true ? { within: home } : {};
  const install = await usualInstallFolders(home, platform, env, within);
  const found = await findInstalledCommands(tools, {
    platform,
    pathVariable: env.PATH ?? env.Path ?? '',
    ...(env.PATHEXT ? { pathExt: env.PATHEXT } : {}),
    extraDirs: install.folders,
    ...within,
  });
  return { observations: found.observations, problems: [...install.problems, ...found.problems] };
}

/** The editor's user: this process's home and environment. */
export function findCommandsInstalledHere(tools: readonly ToolDefinition[]): Promise<InstalledCommandsScan> {
  return findCommandsInstalledFor(tools, { home: os.homedir(), platform: process.platform, env: process.env });
}
