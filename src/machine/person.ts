/**
 * Who a person is to the OS: user name, numeric id and groups, for the user this process
 * runs as (the editor; `scan` without `--home`) and for the owner of a home folder
 * (`scan --home`).
 *
 * Linux and macOS: the OS's user and group databases through `id`, which asks them the
 * way every login does (NSS on Linux: /etc/passwd and /etc/group, and LDAP, SSSD or an
 * Active Directory join where the machine has one; Directory Services on macOS). Reading
 * /etc/group ourselves would miss every group a directory serves, which is where
 * organisations keep their pilot groups. `id -Gn` separates names by spaces, and a
 * directory's group name may hold one (`domain users`): the names are paired with
 * `id -G`'s numeric ids, and when the counts differ each id is looked up on its own.
 *
 * Windows: `whoami /user` and `whoami /groups` for the current user (the groups of the
 * user's sign-in token, domain groups included). Windows keeps no readable list of another
 * user's groups short of their sign-in, so for another user's home folder the groups are
 * reported as unknown (and no group exception applies), never guessed.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import type { Person } from '../core/person';
import { execText, type Exec } from './processes/exec';

export interface PersonReading {
  readonly person: Person;
  /** What could not be read, in words (a name the OS does not have, groups it would not list). */
  readonly problems: readonly string[];
}

/**
 * The OS's own programs by their fixed paths: a scan run from MDM may have an empty or
 * odd PATH, and must not run whatever a writable folder on it calls `id`. PATH is the
 * last resort, for systems that keep them elsewhere.
 */
function systemProgram(name: string): string {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin']) {
    const candidate = `${dir}/${name}`;
    if (existsSync(candidate)) return candidate;
  }
  return name;
}
const ID = () => systemProgram('id');
/** Windows' own whoami, from the system folder rather than whatever PATH finds first. */
const WHOAMI = () => (process.env.SystemRoot ? `${process.env.SystemRoot}\\System32\\whoami.exe` : 'whoami');

const message = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)).trim();

/** A name as `id` prints it: one line, nothing else. */
const oneLine = (text: string) => text.replace(/\r?\n$/, '');

/**
 * The user name of a numeric id. `id` reads a digits-only argument as a name first, so the
 * name it returns is checked against the id: a user named "1000" cannot stand in for uid 1000.
 */
async function posixUserName(uid: number, exec: Exec): Promise<string | undefined> {
  const name = oneLine(await exec(ID(), ['-nu', '--', String(uid)]));
  if (name === '' || name.includes('\n')) return undefined;
  const back = Number(oneLine(await exec(ID(), ['-u', '--', name])));
  return back === uid ? name : undefined;
}

/** Group names by id, each asked of the OS on its own (for names that hold spaces). */
async function groupNamesById(gids: readonly number[], platform: NodeJS.Platform, exec: Exec): Promise<string[] | undefined> {
  if (platform === 'linux') {
    // getent prints one `name:password:gid:members` line per id; the name ends at the first colon.
    const lines = oneLine(await exec(systemProgram('getent'), ['group', ...gids.map(String)])).split('\n');
    const byId = new Map(lines.map((line) => line.split(':')).filter((fields) => fields.length >= 3).map((fields) => [Number(fields[2]), fields[0] as string]));
    return gids.every((gid) => byId.has(gid)) ? gids.map((gid) => byId.get(gid) as string) : undefined;
  }
  if (platform === 'darwin') {
    const names: string[] = [];
    for (const gid of gids) {
      const found = /^name: (.+)$/m.exec(await exec(systemProgram('dscacheutil'), ['-q', 'group', '-a', 'gid', String(gid)]));
      if (!found) return undefined;
      names.push(found[1] as string);
    }
    return names;
  }
  return undefined;
}

/** At most this many groups are looked up one by one; more is no real account. */
const MAX_GROUPS = 1024;

async function posixGroups(user: string, platform: NodeJS.Platform, exec: Exec): Promise<string[]> {
  const [namesText, idsText] = await Promise.all([exec(ID(), ['-Gn', '--', user]), exec(ID(), ['-G', '--', user])]);
  const ids = oneLine(idsText).split(' ').filter((word) => word !== '').map(Number);
  const words = oneLine(namesText).split(' ').filter((word) => word !== '');
  if (words.length === ids.length) return words;
  const named = ids.length <= MAX_GROUPS ? await groupNamesById(ids, platform, exec).catch(() => undefined) : undefined;
  if (!named) throw new Error(`the names of ${ids.length} groups could not be told apart (a group name holds a space)`);
  return named;
}

/**
 * The person behind a numeric user id on Linux, macOS and the BSDs.
 * @internal the seam readCurrentPerson wraps; tests give it any uid and a fake exec.
 */
export async function posixPerson(uid: number, platform: NodeJS.Platform, exec: Exec = execText): Promise<PersonReading> {
  let user: string | undefined;
  try {
    user = await posixUserName(uid, exec);
  } catch (error) {
    return { person: { uid, groups: [] }, problems: [`user id ${uid} has no name in the OS's user database (${message(error)}); user and group exceptions cannot apply`] };
  }
  if (user === undefined) return { person: { uid, groups: [] }, problems: [`user id ${uid} has no name in the OS's user database; user and group exceptions cannot apply`] };
  try {
    return { person: { uid, user, groups: await posixGroups(user, platform, exec) }, problems: [] };
  } catch (error) {
    return { person: { uid, user, groups: [] }, problems: [`the groups of ${user} could not be read: ${message(error)}; group exceptions do not apply`] };
  }
}

/** One CSV row as whoami writes it: every field in double quotes. */
function csvFields(line: string): string[] {
  return [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => (match[1] as string).replace(/""/g, '"'));
}

/** The user this process runs as on Windows, with the groups of its sign-in. */
async function windowsCurrentPerson(exec: Exec): Promise<PersonReading> {
  let user: string;
  try {
    user = csvFields(oneLine(await exec(WHOAMI(), ['/user', '/fo', 'csv', '/nh'])).trim())[0] ?? '';
  } catch (error) {
    const fallback = safeUserName();
    return { person: { ...(fallback ? { user: fallback } : {}), groups: [] }, problems: [`whoami could not name the current user: ${message(error)}; group exceptions do not apply`] };
  }
  try {
    const rows = (await exec(WHOAMI(), ['/groups', '/fo', 'csv', '/nh'])).split(/\r?\n/).filter((line) => line.trim() !== '');
    const groups = rows.map((row) => csvFields(row)[0] ?? '').filter((name) => name !== '');
    return { person: { user, groups }, problems: [] };
  } catch (error) {
    return { person: { user, groups: [] }, problems: [`the groups of ${user} could not be read (whoami /groups: ${message(error)}); group exceptions do not apply`] };
  }
}

function safeUserName(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

/** The user this process runs as: the editor's person, and `scan`'s without `--home`. */
export async function readCurrentPerson(platform: NodeJS.Platform, exec: Exec = execText): Promise<PersonReading> {
  if (platform === 'win32') return windowsCurrentPerson(exec);
  let uid: number;
  try {
    uid = os.userInfo().uid;
  } catch {
    uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  }
  return posixPerson(uid, platform, exec);
}

/** A PowerShell single-quoted literal: quote characters (PowerShell counts four kinds) doubled. */
const powershellLiteral = (text: string) => `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;

/** The owner of a folder on Windows, through its security descriptor. */
async function windowsFolderOwner(folder: string, exec: Exec): Promise<PersonReading> {
  // The path goes in as an encoded script with a quoted literal, never as words PowerShell re-reads.
  const script = `[Console]::OutputEncoding = [Text.Encoding]::UTF8; (Get-Acl -LiteralPath ${powershellLiteral(folder)}).Owner`;
  let owner: string;
  try {
    owner = oneLine((await exec('powershell.exe', ['-NoProfile', '-NonInteractive', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')])).trim());
  } catch (error) {
    return { person: { groups: [] }, problems: [`the owner of ${folder} could not be read: ${message(error)}; user and group exceptions cannot apply`] };
  }
  const current = await windowsCurrentPerson(exec);
  if (current.person.user !== undefined && current.person.user.toUpperCase() === owner.toUpperCase()) return current;
  return { person: { user: owner, groups: [] }, problems: [`the groups of ${owner} cannot be read on Windows without their sign-in; group exceptions do not apply to them`] };
}

/** The owner of a home folder: the person `scan --home` is about. */
export async function readFolderOwner(folder: string, platform: NodeJS.Platform, exec: Exec = execText): Promise<PersonReading> {
  if (platform === 'win32') return windowsFolderOwner(folder, exec);
  return posixPerson((await fs.stat(folder)).uid, platform, exec);
}

/** At most this many process owners are named; beyond it a process shows its id only. */
const MAX_NAMED_UIDS = 64;

/** User names of numeric ids (process owners), as far as the OS has them. */
export async function userNamesOf(uids: Iterable<number>, exec: Exec = execText): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  const wanted = [...new Set(uids)].slice(0, MAX_NAMED_UIDS);
  await Promise.all(wanted.map(async (uid) => {
    const name = await posixUserName(uid, exec).catch(() => undefined);
    if (name !== undefined) names.set(uid, name);
  }));
  return names;
}
