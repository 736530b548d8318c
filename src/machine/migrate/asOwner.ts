/**
 * Root moving someone else's setup (`tool-policy migrate --home /home/alice --apply` from
 * MDM) reads and writes in a folder that person controls, where a link swapped in between
 * a check and an open could point root at any file of the machine. So the work is done
 * with the folder owner's identity (effective uid, gid and groups): the kernel then allows
 * exactly what that person could do anyway, whatever is swapped in, and what is created
 * belongs to them.
 */
import { promises as fs } from 'node:fs';

export async function asOwnerOf<T>(folder: string, work: () => Promise<T>): Promise<T> {
  if (typeof process.geteuid !== 'function' || process.geteuid() !== 0) return work();
  let owner: { uid: number; gid: number };
  try {
    owner = await fs.stat(folder);
  } catch {
    return work(); // a missing folder is reported by the work itself
  }
  if (owner.uid === 0) return work();
  const groups = process.getgroups?.() ?? [];
  process.setgroups?.([owner.gid]);
  process.setegid?.(owner.gid);
  process.seteuid?.(owner.uid);
  try {
    return await work();
  } finally {
    process.seteuid?.(0);
    process.setegid?.(0);
    process.setgroups?.(groups);
  }
}
