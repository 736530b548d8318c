import * as path from 'node:path';

export interface EditorExtensionsFolder {
  /** The editor as people name it ("Cursor", "VS Code Server"). */
  readonly editor: string;
  /** Absolute path of the extensions folder. */
  readonly path: string;
}

/**
 * Where each editor keeps its user extensions, relative to the home folder: the desktop
 * editor and its remote server (what `code --remote` installs on the other machine).
 * Sources: each editor's `dataFolderName` / `serverDataFolderName` in its product.json;
 * entries marked "unconfirmed" are the same convention applied where no source says so.
 * The same paths hold on Linux, macOS and Windows (under %USERPROFILE%).
 */
const FOLDERS: ReadonlyArray<readonly [editor: string, relative: string]> = [
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

/** Every editor extensions folder under `home` (whether or not it exists). */
export function editorExtensionsFolders(home: string, platform: NodeJS.Platform = process.platform): EditorExtensionsFolder[] {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return FOLDERS.map(([editor, relative]) => ({ editor, path: join(home, ...relative.split('/')) }));
}
