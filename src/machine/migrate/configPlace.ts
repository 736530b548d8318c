/**
 * Where the person's user-level Claude Code files are: CLAUDE_CONFIG_DIR moves `~/.claude`
 * (and `.claude.json` into it). Both faces ask here, so the editor and `tool-policy
 * migrate` read the same files. Only a folder inside the home folder is read.
 */
import * as path from 'node:path';
import { DEFAULT_USER_PLACE, userPlace, type UserConfigPlace } from '../../core/migrate/layout';

export function configPlace(configDir: string | undefined, home: string): { readonly place: UserConfigPlace; readonly note?: string } {
  if (!configDir) return { place: DEFAULT_USER_PLACE };
  const relative = path.relative(home, path.resolve(configDir));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { place: DEFAULT_USER_PLACE, note: `CLAUDE_CONFIG_DIR (${configDir}) is outside the home folder: the user-level files there are not read.` };
  }
  return { place: userPlace(relative.split(path.sep).join('/')) };
}
