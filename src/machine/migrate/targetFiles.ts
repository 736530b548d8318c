/**
 * What the files a plan may write hold now, read before planning: missing, their bytes,
 * or why they cannot be written (a link on the way, a folder in the file's place, a file
 * that cannot be read). Nothing is ever written through a link, so a target reached
 * through one is reported as such and the plan lists it as a conflict.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileKey, type ExistingFile, type FileRef, type RootRef } from '../../core/migrate/types';
import { describeUnreadable, readRegularFile } from '../regularFile';
import { asOwnerOf } from './asOwner';
import { describeError, underRoot } from './confinedPath';

/** Target files are config files and small Markdown; a JSON file to edit is read whole. */
const TARGET_LIMIT = 32 * 1024 * 1024;

export interface Roots {
  readonly home: string;
  readonly projects: readonly string[];
}

export function rootPath(roots: Roots, root: RootRef): string {
  const folder = root.kind === 'home' ? roots.home : roots.projects[root.index];
  // Never a relative path resolved against wherever the process runs.
  if (folder === undefined || folder === '') throw new Error(`no folder for ${root.kind === 'home' ? 'the home folder' : `project ${root.index}`}`);
  return folder;
}

/**
 * The first part of `relative` under `root` that is a link or no folder, or the kind of
 * thing at the end. Parts that do not exist yet end the walk: they are created when written.
 */
export async function walkToTarget(root: string, relative: string): Promise<{ readonly kind: 'missing' | 'file' | 'blocked'; readonly reason?: string }> {
  const parts = relative.split('/');
  let current = root;
  for (const [index, part] of parts.entries()) {
    current = path.join(current, part);
    let stat: import('node:fs').Stats;
    try {
      stat = await fs.lstat(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { kind: 'missing' };
      return { kind: 'blocked', reason: `${parts.slice(0, index + 1).join('/')} cannot be read: ${describeError(error)}` };
    }
    const shown = parts.slice(0, index + 1).join('/');
    if (stat.isSymbolicLink()) return { kind: 'blocked', reason: `${shown} is a symbolic link: nothing is written through a link` };
    const last = index === parts.length - 1;
    if (!last && !stat.isDirectory()) return { kind: 'blocked', reason: `${shown} is not a folder` };
    if (last && !stat.isFile()) return { kind: 'blocked', reason: `${shown} is not a regular file` };
  }
  return { kind: 'file' };
}

export async function readTargetFiles(roots: Roots, refs: readonly FileRef[]): Promise<Map<string, ExistingFile>> {
  const existing = new Map<string, ExistingFile>();
  for (const ref of refs) {
    const root = rootPath(roots, ref.root);
    existing.set(fileKey(ref), await asOwnerOf(root, () => readTarget(root, ref.path)));
  }
  return existing;
}

async function readTarget(root: string, relative: string): Promise<ExistingFile> {
  let full: string;
  try {
    full = underRoot(root, relative);
  } catch (error) {
    return { kind: 'unreadable', error: describeError(error) };
  }
  const walked = await walkToTarget(root, relative);
  if (walked.kind === 'missing') return { kind: 'missing' };
  if (walked.kind === 'blocked') return { kind: 'unreadable', error: walked.reason ?? 'blocked' };
  const read = await readRegularFile(full, TARGET_LIMIT);
  if (read.kind === 'missing') return { kind: 'missing' };
  if (read.kind === 'unreadable') return { kind: 'unreadable', error: describeUnreadable(read, 'such a file is not edited') };
  return { kind: 'file', bytes: read.bytes };
}
