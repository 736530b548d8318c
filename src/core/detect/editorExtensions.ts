/**
 * What an editor's extensions folder holds, read the way VS Code reads it: the
 * `extensions.json` index (also what osquery's `vscode_extensions` table reads), minus the
 * folders named in `.obsolete` (uninstalled, awaiting deletion), plus extension folders
 * the index does not list (copied in by hand, or an index the editor has not rewritten
 * yet). Ids compare case-insensitively, so `Anthropic.claude-code` in the index and
 * `anthropic.claude-code-2.0.1` on disk are one extension.
 */

import { parseTree, type ParseError } from 'jsonc-parser';
import { describeParseError, lineAndColumn } from './mcpServers';

/**
 * Where each editor keeps its user extensions, relative to the home folder: the desktop
 * editor and its remote server (what `code --remote` installs on the other machine).
 * Sources: each editor's `dataFolderName` / `serverDataFolderName` in its product.json;
 * entries marked "unconfirmed" are the same convention applied where no source says so.
 * The same paths hold on Linux, macOS and Windows (under %USERPROFILE%).
 */
export const EDITOR_EXTENSION_FOLDERS: ReadonlyArray<readonly [editor: string, relative: string]> = [
  ['VS Code', '.vscode/extensions'],
  ['VS Code Server', '.vscode-server/extensions'],
  ['VS Code Insiders', '.vscode-insiders/extensions'],
  ['VS Code Insiders Server', '.vscode-server-insiders/extensions'],
  ['VSCodium', '.vscode-oss/extensions'],
  ['VSCodium Server', '.vscodium-server/extensions'],
  ['Cursor', '.cursor/extensions'],
  ['Cursor Server', '.cursor-server/extensions'],
  ['Windsurf', '.windsurf/extensions'],
  ['Windsurf Server', '.windsurf-server/extensions'],
  ['Devin Desktop', '.devin/extensions'],
  ['Trae', '.trae/extensions'],
  ['Trae CN', '.trae-cn/extensions'],
  ['Trae Server', '.trae-server/extensions'],
  ['Trae CN Server', '.trae-cn-server/extensions'], // unconfirmed
  ['Qoder', '.qoder/extensions'],
  ['Qoder Server', '.qoder-server/extensions'], // unconfirmed
  ['Kiro', '.kiro/extensions'],
  ['Kiro Server', '.kiro-server/extensions'], // unconfirmed
  ['Antigravity', '.antigravity/extensions'],
  ['Antigravity Server', '.antigravity-server/extensions'], // unconfirmed
  ['code-server', '.local/share/code-server/extensions'],
];

export interface FolderExtension {
  /** `publisher.name` as written (index first, else folder name or manifest). */
  readonly id: string;
  readonly version: string;
  /** The extension's own folder name inside the extensions folder. */
  readonly folder: string;
}

export interface ExtensionsFolderContents {
  /** Text of `extensions.json`; undefined when the file does not exist. */
  readonly indexText?: string;
  /** Text of `.obsolete`; undefined when the file does not exist. */
  readonly obsoleteText?: string;
  /** Names of the sub-folders. */
  readonly folderNames: readonly string[];
  /** `publisher`, `name`, `version` from a sub-folder's package.json, for folders whose name does not say. */
  readonly manifests?: ReadonlyMap<string, { readonly publisher?: unknown; readonly name?: unknown; readonly version?: unknown }>;
}

export interface ExtensionsFolderInventory {
  readonly extensions: readonly FolderExtension[];
  /** What could not be read, in words (a broken index, a folder that is no extension). */
  readonly problems: readonly string[];
}

/**
 * Where a text that JSON.parse refused goes wrong, as `line:column: what`. Never the
 * parser's own message: Node's quotes the text, and a file the scan reads may hold secrets.
 */
function jsonProblem(text: string): string {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return 'not valid JSON';
  const { line, column } = lineAndColumn(text, first.offset);
  return `${line}:${column}: ${describeParseError(first)}`;
}

/** `publisher.name-1.2.3`, optionally `-<target platform>` (`-linux-x64`, `-darwin-arm64`, `-universal`, `-web`). */
const FOLDER_NAME = /^([A-Za-z0-9][A-Za-z0-9-]*\.[A-Za-z0-9][A-Za-z0-9._-]*?)-(\d+\.\d+\.\d+(?:-(?!(?:win32|linux|alpine|darwin)-|web$|universal$)[0-9A-Za-z.]+)?)(?:-((?:win32|linux|alpine|darwin)-[a-z0-9]+|web|universal))?$/;

/**
 * The id and version a folder name stands for, or undefined when it is not an extension folder name.
 * @internal parser of untrusted folder names, unit-tested on crafted input.
 */
export function parseExtensionFolderName(name: string): { id: string; version: string } | undefined {
  const match = FOLDER_NAME.exec(name);
  return match ? { id: match[1] as string, version: match[2] as string } : undefined;
}

interface IndexEntry {
  readonly id: string;
  readonly version: string;
  readonly folder?: string;
}

/**
 * The entries of an `extensions.json`, or why it cannot be read. Entries without an id are skipped, as VS Code does.
 * @internal parser of an untrusted file, unit-tested on crafted input.
 */
export function parseExtensionsIndex(text: string): { entries: IndexEntry[]; problem?: string } {
  let parsed: unknown;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    parsed = JSON.parse(source);
  } catch {
    return { entries: [], problem: `extensions.json is not valid JSON (${jsonProblem(source)})` };
  }
  if (!Array.isArray(parsed)) return { entries: [], problem: 'extensions.json is not a list of extensions' };
  const entries: IndexEntry[] = [];
  for (const item of parsed as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as { identifier?: { id?: unknown }; version?: unknown; relativeLocation?: unknown; location?: unknown };
    const id = record.identifier?.id;
    if (typeof id !== 'string' || id.length === 0) continue;
    const version = typeof record.version === 'string' ? record.version : '';
    entries.push({ id, version, ...(folderOfEntry(record) !== undefined ? { folder: folderOfEntry(record) as string } : {}) });
  }
  return { entries };
}

/** `relativeLocation`, else the last segment of `location` (a URI object or a path string in older indexes). */
function folderOfEntry(record: { relativeLocation?: unknown; location?: unknown }): string | undefined {
  if (typeof record.relativeLocation === 'string' && record.relativeLocation) return record.relativeLocation;
  const location = record.location;
  const where = typeof location === 'string' ? location
    : typeof location === 'object' && location !== null ? (location as { path?: unknown; fsPath?: unknown }).path ?? (location as { fsPath?: unknown }).fsPath
      : undefined;
  if (typeof where !== 'string') return undefined;
  let end = where.length;
  // Trailing separators, counted from the end (a pattern like /[\\/]+$/ rescans a long run of them from each one).
  while (end > 0 && (where[end - 1] === '/' || where[end - 1] === '\\')) end--;
  const last = where.slice(0, end).split(/[\\/]/).pop();
  return last || undefined;
}

/**
 * Folder names in `.obsolete` (`{"<folder>": true}`), lower-cased; a broken file hides nothing.
 * @internal parser of an untrusted file, unit-tested on crafted input.
 */
export function parseObsolete(text: string | undefined): { folders: Set<string>; problem?: string } {
  if (text === undefined || text.trim() === '') return { folders: new Set() };
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { folders: new Set(), problem: '.obsolete is not an object' };
    return { folders: new Set(Object.entries(parsed).filter(([, value]) => value === true).map(([key]) => key.toLowerCase())) };
  } catch {
    return { folders: new Set(), problem: `.obsolete is not valid JSON (${jsonProblem(text)})` };
  }
}

/** Index entries and folders combined, obsolete ones removed, each extension once. */
export function inventoryExtensionsFolder(contents: ExtensionsFolderContents): ExtensionsFolderInventory {
  const problems: string[] = [];
  const obsolete = parseObsolete(contents.obsoleteText);
  if (obsolete.problem) problems.push(obsolete.problem);
  const result = new Map<string, FolderExtension>();
  const add = (extension: FolderExtension) => {
    const key = `${extension.id.toLowerCase()}@${extension.version.toLowerCase()}`;
    if (!result.has(key)) result.set(key, extension);
  };

  if (contents.indexText !== undefined) {
    const index = parseExtensionsIndex(contents.indexText);
    if (index.problem) problems.push(index.problem);
    for (const entry of index.entries) {
      const folder = entry.folder ?? `${entry.id}-${entry.version}`;
      if (obsolete.folders.has(folder.toLowerCase())) continue;
      add({ id: entry.id, version: entry.version, folder });
    }
  }

  for (const name of contents.folderNames) {
    if (name.startsWith('.') || obsolete.folders.has(name.toLowerCase())) continue;
    const fromName = parseExtensionFolderName(name);
    const manifest = contents.manifests?.get(name);
    const fromManifest = manifest && typeof manifest.publisher === 'string' && typeof manifest.name === 'string'
      ? { id: `${manifest.publisher}.${manifest.name}`, version: typeof manifest.version === 'string' ? manifest.version : '' }
      : undefined;
    const found = fromManifest ?? fromName;
    if (!found) {
      problems.push(`${JSON.stringify(name)} is not an extension folder (no publisher.name-version name and no readable package.json)`);
      continue;
    }
    add({ ...found, folder: name });
  }
  // An index entry whose folder is gone stays: osquery reports it too, and the index is
  // what the editor loads from.
  return { extensions: [...result.values()], problems };
}

/** Folder names whose id cannot be told from the name, so their package.json must be read. */
export function foldersNeedingManifest(folderNames: readonly string[]): string[] {
  return folderNames.filter((name) => !name.startsWith('.') && parseExtensionFolderName(name) === undefined);
}
