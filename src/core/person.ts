/**
 * The person a policy is applied to: an OS user, by name, numeric id and groups. The
 * editor's person is the user it runs as; `tool-policy scan`'s is the owner of the home
 * folder it scans (never the folder's name).
 */
export interface Person {
  /** The user name; absent when the OS has no name for the id (a container's arbitrary uid). */
  readonly user?: string;
  /** The numeric user id, where the OS has one (not on Windows). */
  readonly uid?: number;
  /** The OS groups the user belongs to, by name, the primary group included. */
  readonly groups: readonly string[];
}

/**
 * Whether two user or group names name the same account, as the OS compares them:
 * exactly on Linux and macOS; on Windows without case, and a bare name (`ai-pilot`)
 * also matches a domain-qualified one (`CORP\ai-pilot`), as Windows resolves a bare name.
 */
export function sameAccountName(written: string, actual: string, windows: boolean): boolean {
  if (!windows) return written === actual;
  const upper = (text: string) => text.toUpperCase();
  if (upper(written) === upper(actual)) return true;
  if (written.includes('\\')) return false;
  const bare = actual.slice(actual.lastIndexOf('\\') + 1);
  return upper(written) === upper(bare);
}

/** Whose processes a machine scan counts: one person's, or (`--all-users`) everyone's. */
export type ProcessOwners = { readonly kind: 'person'; readonly uid?: number; readonly user?: string; readonly windows: boolean } | { readonly kind: 'all-users' };

/**
 * Whether a process counts for `owners`. By numeric id where both have one, else by name
 * as the OS compares names; a process whose owner could not be read is nobody's. A zombie
 * has exited: it runs no tool, whoever owned it.
 */
export function processCounts(info: { readonly uid?: number; readonly user?: string; readonly zombie?: boolean }, owners: ProcessOwners): boolean {
  if (info.zombie === true) return false;
  if (owners.kind === 'all-users') return true;
  if (owners.uid !== undefined && info.uid !== undefined) return owners.uid === info.uid;
  if (owners.user !== undefined && info.user !== undefined) return sameAccountName(owners.user, info.user, owners.windows);
  return false;
}
