import * as path from 'node:path';
import { POSIX_INSTALL_FOLDERS, WINDOWS_INSTALL_FOLDERS } from '../core/detect/installFolders';
import { readTextFile, type ReadOptions } from './regularFile';

const MAX_NPMRC_BYTES = 1024 * 1024;

/**
 * The npm global prefix a user set in `~/.npmrc` (`prefix=~/.npm-global`), where
 * `npm install -g` puts commands; undefined when the file or the line is absent.
 * @internal parser of an untrusted file, unit-tested on crafted input.
 */
export function npmrcPrefix(text: string, home: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const value = settingValue(line, 'prefix');
    if (value === undefined) continue;
    return value === '~' || value.startsWith('~/') ? path.join(home, value.slice(1)) : value;
  }
  return undefined;
}

/**
 * `name = value` on one line of an ini file, the value trimmed and unquoted; undefined for
 * any other line. Read with string operations: the file is anyone's, and a pattern such as
 * `/^\s*prefix\s*=\s*(.+?)\s*$/` takes quadratic time on a value with a long run of spaces.
 */
function settingValue(line: string, name: string): string | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith(name)) return undefined;
  const rest = trimmed.slice(name.length).trimStart();
  if (!rest.startsWith('=')) return undefined;
  const value = rest.slice(1).trim();
  if (value.length === 0) return undefined;
  const quote = value[0];
  return value.length >= 2 && (quote === '"' || quote === "'") && value.endsWith(quote) ? value.slice(1, -1) : value;
}

export interface InstallFolders {
  readonly folders: readonly string[];
  /** `~/.npmrc` exists but could not be read: its prefix, if any, was not looked in. */
  readonly problems: ReadonlyArray<{ readonly where: string; readonly message: string }>;
}

/**
 * The usual install folders under `home`, plus the npm global prefix that the
 * environment or the user's `~/.npmrc` names.
 */
export async function usualInstallFolders(home: string, platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, options: ReadOptions = {}): Promise<InstallFolders> {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const relatives = platform === 'win32' ? WINDOWS_INSTALL_FOLDERS : POSIX_INSTALL_FOLDERS;
  const folders = relatives.map((relative) => join(home, ...relative.split('/')));
  if (platform === 'win32' && env.APPDATA) folders.push(join(env.APPDATA, 'npm'));
  // Someone else's home may hold anything at ~/.npmrc: an unreadable one is named, since
  // the prefix it may set is a folder not looked in.
  const npmrcFile = join(home, '.npmrc');
  const npmrc = await readTextFile(npmrcFile, MAX_NPMRC_BYTES, options);
  for (const prefix of [env.npm_config_prefix ?? env.NPM_CONFIG_PREFIX, npmrcPrefix(npmrc.text ?? '', home)]) {
    if (prefix) folders.push(platform === 'win32' ? prefix : join(prefix, 'bin'));
  }
  return { folders: [...new Set(folders)], problems: npmrc.error !== undefined ? [{ where: npmrcFile, message: npmrc.error }] : [] };
}
