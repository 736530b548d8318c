import * as path from 'node:path';
import { EDITOR_EXTENSION_FOLDERS } from '../core/detect/editorExtensions';

export interface EditorExtensionsFolder {
  /** The editor as people name it ("Cursor", "VS Code Server"). */
  readonly editor: string;
  /** Absolute path of the extensions folder. */
  readonly path: string;
}

/** Every editor extensions folder under `home` (whether or not it exists). */
export function editorExtensionsFolders(home: string, platform: NodeJS.Platform = process.platform): EditorExtensionsFolder[] {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return EDITOR_EXTENSION_FOLDERS.map(([editor, relative]) => ({ editor, path: join(home, ...relative.split('/')) }));
}
