import * as path from 'node:path';
import { POSIX_INSTALL_FOLDERS, WINDOWS_INSTALL_FOLDERS } from '../core/detect/installFolders';

/** The usual install folders under `home`, plus the npm global prefix when the environment names one. */
export function usualInstallFolders(home: string, platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string[] {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const relatives = platform === 'win32' ? WINDOWS_INSTALL_FOLDERS : POSIX_INSTALL_FOLDERS;
  const folders = relatives.map((relative) => join(home, ...relative.split('/')));
  if (platform === 'win32' && env.APPDATA) folders.push(join(env.APPDATA, 'npm'));
  const prefix = env.npm_config_prefix ?? env.NPM_CONFIG_PREFIX;
  if (prefix) folders.push(platform === 'win32' ? prefix : join(prefix, 'bin'));
  return [...new Set(folders)];
}
