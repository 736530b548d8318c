/**
 * Carries out a plan's writes: the most dangerous thing the product does, so every write
 * is checked again just before it happens. A new file is written to a temporary file in
 * the same folder and linked into place, which fails if anything appeared there since the
 * plan was made; a JSON file that gains entries is replaced (rename, atomic) only while it
 * still holds exactly what the plan was made from. Missing folders are created; nothing is
 * written through a symbolic link; nothing is ever deleted but the temporary file. Run as
 * root for someone else, the writes are made as the folder's owner (asOwner.ts).
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { MigrationPlan, PlannedWrite } from '../../core/migrate/types';
import { displayPath } from '../../core/migrate/settle';
import { readRegularFile } from '../regularFile';
import { describeError, underRoot } from './confinedPath';
import { asOwnerOf } from './asOwner';
import { rootPath, walkToTarget, type Roots } from './targetFiles';

export interface WriteResult {
  readonly write: PlannedWrite;
  readonly outcome: 'written' | 'conflict' | 'failed';
  /** Why it was not written. */
  readonly reason?: string;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, index) => byte === b[index]);

export async function writePlan(plan: MigrationPlan, roots: Roots = { home: plan.home, projects: plan.projects }): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (const write of plan.writes) {
    const root = rootPath(roots, write.target.root);
    results.push(await asOwnerOf(root, () => writeOne(root, write)));
  }
  return results;
}

async function writeOne(root: string, write: PlannedWrite): Promise<WriteResult> {
  const shown = displayPath(write.target);
  let full: string;
  try {
    full = underRoot(root, write.target.path);
  } catch (error) {
    return { write, outcome: 'failed', reason: describeError(error) };
  }
  try {
    const blocked = await makeFolders(root, write.target.path);
    if (blocked) return { write, outcome: 'conflict', reason: blocked };
    const now = await walkToTarget(root, write.target.path);
    if (now.kind === 'blocked') return { write, outcome: 'conflict', reason: now.reason ?? `${shown} cannot be written` };
    if (write.previous.kind === 'missing') {
      if (now.kind !== 'missing') return { write, outcome: 'conflict', reason: `${shown} appeared after the plan was made: left as it is` };
      return await placeNewFile(full, write);
    }
    if (now.kind !== 'file') return { write, outcome: 'conflict', reason: `${shown} is gone since the plan was made: not written` };
    return await replaceUnchanged(full, write);
  } catch (error) {
    return { write, outcome: 'failed', reason: `${shown}: ${describeError(error)}` };
  }
}

/** Creates the missing folders on the way, refusing a link or a file among them. */
async function makeFolders(root: string, relative: string): Promise<string | undefined> {
  const parts = relative.split('/').slice(0, -1);
  let current = root;
  for (const [index, part] of parts.entries()) {
    current = path.join(current, part);
    const shown = parts.slice(0, index + 1).join('/');
    try {
      await fs.mkdir(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stat = await fs.lstat(current);
    if (stat.isSymbolicLink()) return `${shown} is a symbolic link: nothing is written through a link`;
    if (!stat.isDirectory()) return `${shown} is not a folder`;
  }
  return undefined;
}

/** A temporary file beside the target, created exclusively, holding the new bytes. */
async function writeTemporary(full: string, bytes: Uint8Array, mode: number): Promise<string> {
  const temporary = path.join(path.dirname(full), `.${path.basename(full)}.tool-policy-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  // The umask may have taken bits off; the mode asked for is the one meant.
  await fs.chmod(temporary, mode);
  return temporary;
}

function newFileMode(write: PlannedWrite): number {
  if (write.secret) return 0o600;
  return write.executable ? 0o755 : 0o644;
}

async function placeNewFile(full: string, write: PlannedWrite): Promise<WriteResult> {
  const temporary = await writeTemporary(full, write.bytes, newFileMode(write));
  try {
    // link() never replaces: if anything appeared at the target meanwhile, it fails.
    await fs.link(temporary, full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return { write, outcome: 'conflict', reason: `${displayPath(write.target)} appeared while it was being written: left as it is` };
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    // A file system without hard links: rename, after one more look that nothing is there.
    if ((await walkToTarget(path.dirname(full), path.basename(full))).kind !== 'missing') {
      return { write, outcome: 'conflict', reason: `${displayPath(write.target)} appeared while it was being written: left as it is` };
    }
    await fs.rename(temporary, full);
    return { write, outcome: 'written' };
  } finally {
    await fs.rm(temporary, { force: true });
  }
  return { write, outcome: 'written' };
}

async function replaceUnchanged(full: string, write: PlannedWrite): Promise<WriteResult> {
  const before = write.previous.kind === 'file' ? write.previous.bytes : new Uint8Array();
  const stat = await fs.stat(full);
  const temporary = await writeTemporary(full, write.bytes, stat.mode & 0o7777);
  try {
    const current = await readRegularFile(full, Math.max(before.length, 1) * 2 + 1024);
    if (current.kind !== 'bytes' || !sameBytes(current.bytes, before)) {
      return { write, outcome: 'conflict', reason: `${displayPath(write.target)} changed after the plan was made: left as it is` };
    }
    await fs.rename(temporary, full);
    return { write, outcome: 'written' };
  } finally {
    await fs.rm(temporary, { force: true });
  }
}
