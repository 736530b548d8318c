import * as path from 'node:path';
import { mergeLayers, type EffectivePolicy, type SourceState } from '../core/policy/mergeLayers';
import { parsePolicy } from '../core/policy/parsePolicy';
import { policyLocations, type PolicyLocation } from '../core/policy/sources';
import { LAYER_ORDER, type PolicyLayer, type PolicyProblem } from '../core/policy/types';
import { readPolicyFile } from '../machine/policyFile';
import { expandHome } from '../machine/user';

export interface LoadedPolicies {
  readonly policy: EffectivePolicy;
  /** Every file looked at, in layer order. */
  readonly locations: readonly PolicyLocation[];
  /** True when no policy file exists at all. */
  readonly none: boolean;
}

const problemAt = (file: string, message: string): PolicyProblem => ({ file, line: 1, column: 1, endLine: 1, endColumn: 1, path: '', message });


/** One policy file as a layer: missing, applied (with any warnings), or refused with its problems. */
export async function readPolicySource(location: PolicyLocation, { missingIsError }: { missingIsError: boolean }): Promise<SourceState & { readonly warnings?: readonly PolicyProblem[] }> {
  // The editor's reader: a FIFO, device or folder in the file's place is refused without
  // being read (a plain open of a FIFO waits for a writer forever), and so is a file over
  // the size limit.
  const read = await readPolicyFile(location.path);
  if (read.kind === 'missing') {
    return missingIsError ? { ...location, status: 'error', problems: [problemAt(location.path, 'no such file')] } : { ...location, status: 'missing', problems: [] };
  }
  if (read.kind === 'unreadable') return { ...location, status: 'error', problems: [problemAt(location.path, read.message)] };
  const result = parsePolicy(read.bytes, location);
  return result.ok ? { ...location, status: 'ok', policy: result.policy, problems: [], warnings: result.warnings } : { ...location, status: 'error', problems: result.problems };
}

/**
 * The layers to apply. `--policy` files in order, first = highest: the first is read as the
 * managed layer, the second as the user layer, any further ones as workspace layers (where
 * `enforce: block` acts as notify, as in the editor). Without `--policy`, the managed path
 * and `TOOL_POLICY_FILE`, as in the editor.
 */
function policyLayers(files: readonly string[], platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): PolicyLocation[] {
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
