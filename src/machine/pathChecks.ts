import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';

/**
 * Where `file` really lives when that is outside `folder` (it, or a folder on the way, is
 * a link out); undefined when it is inside, or gone (the next read reports that).
 */
export async function realPathOutside(file: string, folder: string): Promise<string | undefined> {
  try {
    const [real, realFolder] = await Promise.all([fs.realpath(file), fs.realpath(folder)]);
    return isUnder(real, realFolder) ? undefined : real;
  } catch {
    return undefined;
  }
}

/** Whether anything (a file, a folder, a link, even a broken one) has this name. */
export async function somethingAt(file: string): Promise<boolean> {
  return fs.lstat(file).then(() => true, () => false);
}

/** Whether `file` is `folder` or lies under it, by its path alone. */
export function isUnder(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * Where `file` really is against `folder`: 'inside', 'outside', or 'unknown' (its real
 * path cannot be read: gone, or a broken link; the open then says why). With `opened`,
 * 'outside' also when the real path is not the file that was opened (swapped meanwhile),
 * or cannot be read any more.
 */
export async function placeOutside(file: string, folder: string, opened?: Stats): Promise<'inside' | 'outside' | 'unknown'> {
  let real: string;
  let realFolder: string;
  try {
    [real, realFolder] = await Promise.all([fs.realpath(file), fs.realpath(folder)]);
  } catch {
    return opened ? 'outside' : 'unknown';
  }
  if (!isUnder(real, realFolder)) return 'outside';
  if (!opened) return 'inside';
  const now = await fs.stat(real).catch(() => undefined);
  return now !== undefined && now.dev === opened.dev && now.ino === opened.ino ? 'inside' : 'outside';
}
