import * as os from 'node:os';
import * as path from 'node:path';

let cachedName: string | undefined;

/** The OS user's name, read once: it cannot change while a process runs, and both faces ask often. */
export function currentUserName(): string {
  if (cachedName === undefined) {
    try {
      cachedName = os.userInfo().username;
    } catch {
      // No passwd entry (a container started with an arbitrary uid): the login's own word.
      cachedName = process.env.USER ?? process.env.USERNAME ?? '';
    }
  }
  return cachedName;
}

/** `~` and `~/…` name the user's home folder, as a shell would read them. */
export function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}
