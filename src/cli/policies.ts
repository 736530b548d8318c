import { open } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeLayers, type EffectivePolicy, type SourceState } from '../core/policy/mergeLayers';
import { parsePolicy } from '../core/policy/parsePolicy';
import { policyLocations, type PolicyLocation } from '../core/policy/sources';
import { LAYER_ORDER, type PolicyLayer, type PolicyProblem } from '../core/policy/types';
import { MAX_POLICY_BYTES } from '../core/policy/limits';

export interface LoadedPolicies {
  readonly policy: EffectivePolicy;
  /** Every file looked at, in layer order. */
  readonly locations: readonly PolicyLocation[];
  /** True when no policy file exists at all. */
  readonly none: boolean;
}

const problemAt = (file: string, message: string): PolicyProblem => ({ file, line: 1, column: 1, endLine: 1, endColumn: 1, path: '', message });

function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}

/**
 * Reads at most one byte past the limit, so a huge or endless file (a FIFO, /dev/zero)
 * is refused after 1 MiB instead of being read whole.
 */
async function readLimited(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(MAX_POLICY_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_POLICY_BYTES) break;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** One policy file as a layer: missing, applied, or refused with its problems. */
export async function readPolicySource(location: PolicyLocation, { missingIsError }: { missingIsError: boolean }): Promise<SourceState> {
  let bytes: Uint8Array;
  try {
    bytes = await readLimited(location.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && !missingIsError) return { ...location, status: 'missing', problems: [] };
    const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a policy file' : `cannot be read: ${(error as Error).message}`;
    return { ...location, status: 'error', problems: [problemAt(location.path, message)] };
  }
  if (bytes.byteLength > MAX_POLICY_BYTES) {
    return { ...location, status: 'error', problems: [problemAt(location.path, 'the file is larger than 1 MiB; policy files are limited to 1 MiB')] };
  }
  const result = parsePolicy(bytes, location);
  return result.ok ? { ...location, status: 'ok', policy: result.policy, problems: [] } : { ...location, status: 'error', problems: result.problems };
}

/**
 * The layers to apply. `--policy` files in order, first = highest: the first is read as the
 * managed layer, the second as the user layer, any further ones as workspace layers (where
 * `enforce: block` acts as notify, as in the editor). Without `--policy`, the managed path
 * and `TOOL_POLICY_FILE`, as in the editor.
 */
export function policyLayers(files: readonly string[], platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): PolicyLocation[] {
  if (files.length === 0) {
    return policyLocations({ platform, env, policyFileSetting: '', workspaceFolders: [], workspaceTrusted: false })
      .map((location) => ({ ...location, path: expandHome(location.path) }));
  }
  return files.map((file, index) => ({
    layer: LAYER_ORDER[Math.min(index, LAYER_ORDER.length - 1)] as PolicyLayer,
    path: path.resolve(expandHome(file)),
  }));
}

export async function loadPolicies(files: readonly string[], platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): Promise<LoadedPolicies> {
  const locations = policyLayers(files, platform, env);
  const explicit = files.length > 0;
  const sources = await Promise.all(locations.map((location) => readPolicySource(location, {
    // A file named on the command line must exist; the default places may not, as in the editor.
    missingIsError: explicit,
  })));
  return { policy: mergeLayers(sources), locations, none: sources.every((source) => source.status === 'missing') };
}
