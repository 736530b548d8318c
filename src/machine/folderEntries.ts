import { promises as fs, type Dirent } from 'node:fs';
import { openFiles } from './openFiles';
import { isUnder, placeOutside } from './pathChecks';
import { OUTSIDE_MESSAGE, type ReadOptions } from './regularFile';

/** A folder a link leads out of the scanned home: its names are not listed. */
export class LeavesHomeError extends Error {
  readonly code = 'ELEAVESHOME';
  constructor() {
    super(OUTSIDE_MESSAGE);
  }
}

/**
 * A folder's entries, listed within the process's budget of open descriptors
 * (openFiles.ts: EMFILE waits and tries again, never skips). With `within`, a folder
 * under it reached through a link out of it is refused (LeavesHomeError): the names in
 * a folder the scan's user may read and the home's owner may not are not theirs to learn.
 * Other errors (ENOENT included) are thrown as the OS gives them.
 */
export async function listFolder(folder: string, options: ReadOptions = {}): Promise<Dirent[]> {
  if (options.within !== undefined && isUnder(folder, options.within) && await placeOutside(folder, options.within) === 'outside') throw new LeavesHomeError();
  return openFiles.run(() => fs.readdir(folder, { withFileTypes: true }));
}
