import { constants, promises as fs } from 'node:fs';
import { MAX_POLICY_BYTES } from '../core/policy/limits';

export type PolicyFileRead =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly message: string };

/**
 * Reads one policy file without ever blocking: a FIFO, socket or device in its place is
 * opened non-blocking and refused (a plain read of a FIFO waits for a writer forever), a
 * folder is refused, and a file over the size limit is refused from its size without
 * being read. The checks run on the opened handle, so swapping the file between check and
 * read changes nothing.
 */
export async function readPolicyFile(file: string): Promise<PolicyFileRead> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', message: `cannot be read: ${describe(error)}` };
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return { kind: 'unreadable', message: 'is a folder, not a policy file' };
    if (!stat.isFile()) return { kind: 'unreadable', message: 'is not a regular file (a FIFO, socket or device is never read)' };
    if (stat.size > MAX_POLICY_BYTES) return { kind: 'unreadable', message: `the file is ${stat.size} bytes; policy files are limited to 1 MiB` };
    // Up to one byte past the limit: the file may grow between stat and read.
    const buffer = Buffer.alloc(MAX_POLICY_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > MAX_POLICY_BYTES) return { kind: 'unreadable', message: 'the file grew past 1 MiB while it was read; policy files are limited to 1 MiB' };
    return { kind: 'bytes', bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { kind: 'unreadable', message: `cannot be read: ${describe(error)}` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}
