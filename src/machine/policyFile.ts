import { MAX_POLICY_BYTES } from '../core/policy/limits';
import { describeUnreadable, readRegularFile } from './regularFile';

export type PolicyFileRead =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly message: string };

/**
 * Reads one policy file without ever blocking (see readRegularFile): a FIFO, socket,
 * device or folder in its place is refused, and so is a file over the size limit.
 */
export async function readPolicyFile(file: string): Promise<PolicyFileRead> {
  const read = await readRegularFile(file, MAX_POLICY_BYTES);
  if (read.kind !== 'unreadable') return read;
  const message = read.reason === 'folder' ? 'is a folder, not a policy file' : describeUnreadable(read, 'policy files are limited to 1 MiB');
  return { kind: 'unreadable', message };
}
