/**
 * The home folder a scan looks in and the person it is about: `--home` must be an
 * existing, readable folder (anything else is a usage error that names it), and its owner
 * is the person, never the folder's name.
 */
import { promises as fs } from 'node:fs';
import { UsageError } from './options';

const reasons: Readonly<Record<string, string>> = {
  ENOENT: 'no such folder',
  ENOTDIR: 'no such folder (a part of the path is not a folder)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
};

const why = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return reasons[code] ?? (error as Error).message;
};

/** Refuses a home that is missing, not a folder, or unreadable, naming it (`what`: "--home", or the default's origin). */
export async function checkHome(home: string, what: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(home);
  } catch (error) {
    throw new UsageError(`${what} "${home}": ${why(error)}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${what} "${home}" is not a folder`);
  try {
    // Opening it for listing is the test: permission bits alone do not tell (ACLs, root).
    const dir = await fs.opendir(home);
    await dir.close();
  } catch (error) {
    throw new UsageError(`${what} "${home}" cannot be read: ${why(error)}`);
  }
}
