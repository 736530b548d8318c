/**
 * Reads the person's Claude Code files named by the layout (src/core/migrate/layout.ts)
 * under the home folder and each project: single files, and folders read whole (rules,
 * commands, agents, skills, auto memory). Every read is bounded (size per file, entries
 * and depth per folder), a FIFO or device is never opened for reading (readRegularFile),
 * and a link is followed only when it points inside the same root. What could not be
 * read is named, never skipped.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  homeLayout, PROJECT_LAYOUT, TREE_DEPTH_LIMIT, TREE_ENTRY_LIMIT, type LayoutTree, type ReadLayout, type UserConfigPlace,
} from '../../core/migrate/layout';
import type { MigrationPlatform, Setup, SetupFile, SetupProblem, SetupRoot } from '../../core/migrate/types';
import { describeUnreadable, readRegularFile } from '../regularFile';
import { asOwnerOf } from './asOwner';
import { describeError, realRoot, resolveInside, underRoot } from './confinedPath';

export interface SetupLocations {
  readonly home: string;
  readonly projects: readonly string[];
  readonly platform: MigrationPlatform;
  readonly userPlace: UserConfigPlace;
}

export async function readSetup(locations: SetupLocations): Promise<Setup> {
  const caseInsensitive = locations.platform === 'win32';
  // Run as root for someone else, each folder is read as its owner (asOwner.ts).
  const home = await asOwnerOf(locations.home, () => readRoot(locations.home, homeLayout(locations.userPlace, locations.projects), caseInsensitive, 'home folder'));
  const projects: SetupRoot[] = [];
  for (const project of locations.projects) projects.push(await asOwnerOf(project, () => readRoot(project, PROJECT_LAYOUT, caseInsensitive, 'project')));
  return { home, projects, platform: locations.platform, userPlace: locations.userPlace };
}

async function readRoot(root: string, layout: ReadLayout, caseInsensitive: boolean, rootName: string): Promise<SetupRoot> {
  const files: SetupFile[] = [];
  const problems: SetupProblem[] = [];
  let rootWithSep: string;
  try {
    rootWithSep = await realRoot(root);
  } catch (error) {
    return { path: root, files, problems: [{ path: '.', error: `the ${rootName} cannot be read: ${describeError(error)}` }] };
  }
  const reader = { rootWithSep, caseInsensitive, rootName };
  for (const file of layout.files) {
    const read = await readOne(reader, underRoot(root, file.path), file.path, file.maxBytes);
    if (read) files.push(read);
  }
  for (const tree of layout.trees) await readTree(reader, root, tree, files, problems);
  return { path: root, files, problems };
}

interface Reader {
  readonly rootWithSep: string;
  readonly caseInsensitive: boolean;
  readonly rootName: string;
}

/**
 * One file: `full` is resolved first unless `real` says it already is (an entry that is
 * no link, in a folder walked by its real path). `withMode` also reads the executable bit,
 * which only a skill's scripts need.
 */
async function readOne(reader: Reader, full: string, relative: string, maxBytes: number, options: { real?: boolean; withMode?: boolean } = {}): Promise<SetupFile | undefined> {
  let real = full;
  if (!options.real) {
    const resolved = await resolveInside(reader.rootWithSep, full, reader.caseInsensitive);
    switch (resolved.kind) {
      case 'missing': return undefined;
      case 'error': return { path: relative, error: `cannot be read: ${resolved.message}` };
      case 'outside': return { path: relative, error: `is a link to ${resolved.real}, outside the ${reader.rootName}: not followed` };
      case 'resolved': real = resolved.real;
    }
  }
  const read = await readRegularFile(real, maxBytes);
  if (read.kind === 'missing') return undefined;
  if (read.kind === 'unreadable') return { path: relative, error: describeUnreadable(read, `files over ${maxBytes / 1024 / 1024} MiB are not read`) };
  let executable = false;
  if (options.withMode) {
    try {
      executable = ((await fs.stat(real)).mode & 0o111) !== 0;
    } catch {
      // Only a script's executable bit depends on it; the bytes are read.
    }
  }
  return { path: relative, bytes: read.bytes, ...(executable ? { executable } : {}) };
}

/** A folder read whole: files in a stable order, links only inside the root, each folder once. */
async function readTree(reader: Reader, root: string, tree: LayoutTree, files: SetupFile[], problems: SetupProblem[]): Promise<void> {
  const start = underRoot(root, tree.path);
  const top = await resolveInside(reader.rootWithSep, start, reader.caseInsensitive);
  if (top.kind === 'missing') return;
  if (top.kind === 'error') return void problems.push({ path: tree.path, error: `cannot be read: ${top.message}` });
  if (top.kind === 'outside') return void problems.push({ path: tree.path, error: `is a link to ${top.real}, outside the ${reader.rootName}: not followed` });
  const visited = new Set<string>();
  let entries = 0;
  const walk = async (realDir: string, relative: string, depth: number): Promise<void> => {
    if (visited.has(realDir)) return;
    visited.add(realDir);
    if (depth > TREE_DEPTH_LIMIT) return void problems.push({ path: relative, error: `is nested more than ${TREE_DEPTH_LIMIT} folders deep: not read` });
    let listing: import('node:fs').Dirent[];
    try {
      listing = await fs.readdir(realDir, { withFileTypes: true });
    } catch (error) {
      return void problems.push({ path: relative, error: `cannot be listed: ${describeError(error)}` });
    }
    listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of listing) {
      if (++entries > TREE_ENTRY_LIMIT) {
        problems.push({ path: tree.path, error: `holds more than ${TREE_ENTRY_LIMIT} entries: only the first were read` });
        entries = -Infinity; // reported once; nothing more is read
        return;
      }
      if (entries < 0) return;
      const childRelative = `${relative}/${entry.name}`;
      const childFull = path.join(realDir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const resolved = await resolveInside(reader.rootWithSep, childFull, reader.caseInsensitive);
        if (resolved.kind === 'missing') continue; // a dangling link names nothing to move
        if (resolved.kind !== 'resolved') {
          const why = resolved.kind === 'outside' ? `is a link to ${resolved.real}, outside the ${reader.rootName}: not followed` : `cannot be read: ${resolved.message}`;
          files.push({ path: childRelative, error: why });
          continue;
        }
        try {
          const stat = await fs.stat(resolved.real);
          isDirectory = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          files.push({ path: childRelative, error: `cannot be read: ${describeError(error)}` });
          continue;
        }
        if (isDirectory) {
          await walk(resolved.real, childRelative, depth + 1);
          continue;
        }
      }
      if (isDirectory) await walk(childFull, childRelative, depth + 1);
      else if (isFile || entry.isSymbolicLink()) {
        if (tree.markdownOnly && !entry.name.toLowerCase().endsWith('.md')) continue;
        // A plain entry of a folder walked by its real path is where it is said to be.
        const read = await readOne(reader, childFull, childRelative, tree.maxBytes, { real: !entry.isSymbolicLink(), withMode: !tree.markdownOnly });
        if (read) files.push(read);
      } else if (!tree.markdownOnly) {
        files.push({ path: childRelative, error: 'is not a regular file (a FIFO, socket or device is never read)' });
      }
    }
  };
  await walk(top.real, tree.path, 0);
}
