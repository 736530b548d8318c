import { constants, promises as fs } from 'node:fs';
import { openFiles } from './openFiles';
import { isUnder, placeOutside } from './pathChecks';

/** Why a file was not read; the caller words it for its own kind of file. */
export type UnreadableReason =
  | { readonly reason: 'folder' }
  | { readonly reason: 'special' }
  | { readonly reason: 'too-large'; readonly size: number }
  | { readonly reason: 'grew' }
  | { readonly reason: 'outside' }
  | { readonly reason: 'error'; readonly message: string };

export type RegularFileRead =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'missing' }
  | ({ readonly kind: 'unreadable' } & UnreadableReason);

/** Room left for a file that grows between stat and read, before the read gives up on it. */
const GROWTH_ALLOWANCE = 64 * 1024;

export interface ReadOptions {
  /**
   * The home folder being scanned: a file under it that is reached through a symbolic link
   * leading out of it is refused unopened. A scan run as root must not read /etc/shadow
   * or /proc/self/environ because a user linked ~/.claude.json to it.
   */
  readonly within?: string;
}

/**
 * Reads one file that someone else may have put in place, without ever waiting on it: a
 * FIFO, socket or device is opened non-blocking and refused (a plain read of a FIFO waits
 * for a writer forever, and holds one of the few threads Node reads files with), a folder
 * is refused, and a file over `maxBytes` is refused from its size without being read.
 * The checks run on the opened handle, so swapping the file between check and read
 * changes nothing. Opens share the process's budget of descriptors (openFiles.ts): a
 * home with more files than the process may open has them read in turn, never skipped.
 */
export async function readRegularFile(file: string, maxBytes: number, options: ReadOptions = {}): Promise<RegularFileRead> {
  try {
    return await openFiles.run(() => readOnce(file, maxBytes, options));
  } catch (error) {
    return { kind: 'unreadable', reason: 'error', message: describe(error) };
  }
}

async function readOnce(file: string, maxBytes: number, options: ReadOptions): Promise<RegularFileRead> {
  const confined = options.within !== undefined && isUnder(file, options.within);
  if (confined && await placeOutside(file, options.within as string) === 'outside') return { kind: 'unreadable', reason: 'outside' };
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'EMFILE' || code === 'ENFILE') throw error; // openFiles waits and tries again
    return { kind: 'unreadable', reason: 'error', message: describe(error) };
  }
  try {
    const stat = await handle.stat();
    // Checked again on what was opened: a link swapped in after the first check is caught here.
    if (confined && await placeOutside(file, options.within as string, stat) !== 'inside') return { kind: 'unreadable', reason: 'outside' };
    if (stat.isDirectory()) return { kind: 'unreadable', reason: 'folder' };
    if (!stat.isFile()) return { kind: 'unreadable', reason: 'special' };
    if (stat.size > maxBytes) return { kind: 'unreadable', reason: 'too-large', size: stat.size };
    // One byte more than the file may hold: filling it means the file grew meanwhile.
    const buffer = Buffer.alloc(Math.min(maxBytes, stat.size + GROWTH_ALLOWANCE) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length === buffer.length) return { kind: 'unreadable', reason: 'grew' };
    return { kind: 'bytes', bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { kind: 'unreadable', reason: 'error', message: describe(error) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * A text file's content (a config file in someone's home), read as `readRegularFile`
 * does: `{}` when it does not exist, else its text or why it was not read.
 */
export async function readTextFile(file: string, maxBytes: number, options: ReadOptions = {}): Promise<{ readonly text?: string; readonly error?: string }> {
  const read = await readRegularFile(file, maxBytes, options);
  if (read.kind === 'missing') return {};
  if (read.kind === 'bytes') return { text: Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength).toString('utf8') };
  return { error: describeUnreadable(read, `files over ${maxBytes / 1024 / 1024} MiB are not read`) };
}

/** The reason in words; `limit` completes the size refusal ("policy files are limited to 1 MiB"). */
export function describeUnreadable(read: UnreadableReason, limit: string): string {
  switch (read.reason) {
    case 'folder': return 'is a folder, not a file';
    case 'special': return 'is not a regular file (a FIFO, socket or device is never read)';
    case 'too-large': return `the file is ${read.size} bytes; ${limit}`;
    case 'grew': return 'the file was still being written while it was read';
    case 'outside': return OUTSIDE_MESSAGE;
    case 'error': return `cannot be read: ${read.message}`;
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/** Said of a file or folder a link leads out of the scanned home (never where to: that too may be private). */
export const OUTSIDE_MESSAGE = 'is not read: a symbolic link leads out of the home folder being scanned';
