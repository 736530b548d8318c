/**
 * Processes as plain data, and the walk from a terminal's shell to what runs below it.
 * Reading them from the OS is the machine layer's job (src/machine/processes).
 */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** The kernel's short name (Linux comm, at most 15 characters) or the image name. */
  readonly name: string;
  /** Arguments as separate strings; empty when unreadable (kernel threads, zombies). */
  readonly argv: readonly string[];
  /** The owner's user id (the real uid), where the OS has numeric ids. */
  readonly uid?: number;
  /** The owner's user name (`DOMAIN\\user` on Windows), when it could be resolved. */
  readonly user?: string;
  /** A zombie has exited and only waits for its parent: it runs nothing. */
  readonly zombie?: boolean;
}

export interface ProcessReader {
  /** The descendants of each root (not the roots themselves). */
  descendants(roots: readonly number[]): Promise<ProcessInfo[]>;
}

/** The processes below the roots in a flat list (breadth first; pid reuse cannot loop). */
export function descendantsOf(processes: readonly ProcessInfo[], roots: readonly number[]): ProcessInfo[] {
  const byParent = new Map<number, ProcessInfo[]>();
  for (const info of processes) {
    if (info.pid === info.ppid) continue;
    const list = byParent.get(info.ppid) ?? [];
    list.push(info);
    byParent.set(info.ppid, list);
  }
  const result: ProcessInfo[] = [];
  const seen = new Set<number>(roots);
  let frontier = [...roots];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const pid of frontier) {
      for (const child of byParent.get(pid) ?? []) {
        if (seen.has(child.pid)) continue;
        seen.add(child.pid);
        result.push(child);
        next.push(child.pid);
      }
    }
    frontier = next;
  }
  return result;
}
