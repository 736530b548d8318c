import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import { foldersNeedingManifest, inventoryExtensionsFolder, type FolderExtension } from '../core/detect/editorExtensions';
import type { EditorExtensionsFolder } from './editorFolders';
import { LeavesHomeError, listFolder } from './folderEntries';
import { readTextFile, type ReadOptions } from './regularFile';

export interface ScannedExtensionsFolder extends EditorExtensionsFolder {
  readonly extensions: ReadonlyArray<FolderExtension & { readonly location: string }>;
  /** Problems reading this folder (a broken extensions.json); the folder scan still ran. */
  readonly problems: readonly string[];
}

/** Index files and manifests are small; a larger one is refused rather than read whole. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * One editor's extensions folder: its index, `.obsolete` and sub-folders. Undefined when
 * the folder does not exist; an unreadable part is reported, never thrown. `within` is the
 * home folder a scan reads: nothing a link leads out of it to is read (regularFile.ts).
 * Both faces read a folder here: `tool-policy scan` every editor's, the editor its own.
 */
export async function scanExtensionsFolder(folder: EditorExtensionsFolder, options: ReadOptions = {}): Promise<ScannedExtensionsFolder | undefined> {
  let entries: Dirent[];
  try {
    entries = await listFolder(folder.path, options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { ...folder, extensions: [], problems: [error instanceof LeavesHomeError ? error.message : `cannot be read: ${(error as Error).message}`] };
  }
  const problems: string[] = [];
  /** A file's text, none when it does not exist or could not be read (then named in `problems`). */
  const attempt = async (file: string) => {
    const read = await readTextFile(path.join(folder.path, file), MAX_FILE_BYTES, options);
    if (read.error !== undefined) problems.push(`${file}: ${read.error}`);
    return read;
  };
  // Symbolic links count: people link extensions they develop into the folder.
  const subfolders = entries.filter((entry) => entry.isDirectory() || entry.isSymbolicLink()).map((entry) => entry.name);
  const [{ text: indexText }, { text: obsoleteText }] = await Promise.all([attempt('extensions.json'), attempt('.obsolete')]);
  const manifests = new Map<string, { publisher?: unknown; name?: unknown; version?: unknown }>();
  // A folder whose manifest could not be read is named for that, not as "no extension".
  const unread = new Set<string>();
  await Promise.all(foldersNeedingManifest(subfolders).map(async (name) => {
    const { text, error } = await attempt(path.join(name, 'package.json'));
    if (error !== undefined) unread.add(name);
    if (text === undefined) return;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null) manifests.set(name, parsed as { publisher?: unknown });
    } catch { /* reported below as a folder that is no extension */ }
  }));
  const inventory = inventoryExtensionsFolder({
    folderNames: subfolders.filter((name) => !unread.has(name)),
    manifests,
    ...(indexText !== undefined ? { indexText } : {}),
    ...(obsoleteText !== undefined ? { obsoleteText } : {}),
  });
  const extensions = inventory.extensions.map((extension) => ({ ...extension, location: path.join(folder.path, extension.folder) }));
  return { ...folder, extensions, problems: [...problems, ...inventory.problems] };
}
