import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { foldersNeedingManifest, inventoryExtensionsFolder, type FolderExtension } from '../core/detect/editorExtensions';
import type { EditorExtensionsFolder } from './editorFolders';
import { readTextFile } from './regularFile';

export interface ScannedExtensionsFolder extends EditorExtensionsFolder {
  readonly extensions: ReadonlyArray<FolderExtension & { readonly location: string }>;
  /** Problems reading this folder (a broken extensions.json); the folder scan still ran. */
  readonly problems: readonly string[];
}

/** Index files and manifests are small; a larger one is refused rather than read whole. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** A file's text, undefined when it does not exist; throws with the reason it could not be read. */
async function readOptional(file: string): Promise<string | undefined> {
  const read = await readTextFile(file, MAX_FILE_BYTES);
  if (read.error !== undefined) throw new Error(read.error);
  return read.text;
}

/**
 * One editor's extensions folder: its index, `.obsolete` and sub-folders. Undefined when
 * the folder does not exist; an unreadable part is reported, never thrown.
 */
export async function scanExtensionsFolder(folder: EditorExtensionsFolder): Promise<ScannedExtensionsFolder | undefined> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(folder.path, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { ...folder, extensions: [], problems: [`cannot be read: ${(error as Error).message}`] };
  }
  const problems: string[] = [];
  const attempt = async (file: string) => readOptional(path.join(folder.path, file)).catch((error: Error) => {
    problems.push(`${file}: ${error.message}`);
    return undefined;
  });
  // Symbolic links count: people link extensions they develop into the folder.
  const folderNames = entries.filter((entry) => entry.isDirectory() || entry.isSymbolicLink()).map((entry) => entry.name);
  const [indexText, obsoleteText] = await Promise.all([attempt('extensions.json'), attempt('.obsolete')]);
  const manifests = new Map<string, { publisher?: unknown; name?: unknown; version?: unknown }>();
  await Promise.all(foldersNeedingManifest(folderNames).map(async (name) => {
    const text = await readOptional(path.join(folder.path, name, 'package.json')).catch(() => undefined);
    if (text === undefined) return;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null) manifests.set(name, parsed as { publisher?: unknown });
    } catch { /* reported below as a folder that is no extension */ }
  }));
  const inventory = inventoryExtensionsFolder({
    folderNames,
    manifests,
    ...(indexText !== undefined ? { indexText } : {}),
    ...(obsoleteText !== undefined ? { obsoleteText } : {}),
  });
  const extensions = inventory.extensions.map((extension) => ({ ...extension, location: path.join(folder.path, extension.folder) }));
  return { ...folder, extensions, problems: [...problems, ...inventory.problems] };
}
