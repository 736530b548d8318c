import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Where `file` really lives when that is outside `folder` (it, or a folder on the way, is
 * a link out); undefined when it is inside, or gone (the next read reports that).
 */
export async function realPathOutside(file: string, folder: string): Promise<string | undefined> {
  try {
    const [real, realFolder] = await Promise.all([fs.realpath(file), fs.realpath(folder)]);
    const relative = path.relative(realFolder, real);
    return relative.startsWith('..') || path.isAbsolute(relative) ? real : undefined;
  } catch {
    return undefined;
  }
}

/** Whether anything (a file, a folder, a link, even a broken one) has this name. */
export async function somethingAt(file: string): Promise<boolean> {
  return fs.lstat(file).then(() => true, () => false);
}
