import * as path from 'node:path';
import type { PolicyLayer } from './types';

export interface PolicyLocation {
  readonly layer: PolicyLayer;
  readonly path: string;
}

export interface LocationInputs {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The machine-scoped `toolPolicy.policyFile` setting. */
  readonly policyFileSetting: string;
  /** Workspace folder paths (file system), only consulted when the workspace is trusted. */
  readonly workspaceFolders: readonly string[];
  readonly workspaceTrusted: boolean;
}

/** Where the organisation's managed policy lives on each OS. */
function managedPolicyPath(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string {
  switch (platform) {
    case 'win32':
      return path.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'ToolPolicy', 'policy.yaml');
    case 'darwin':
      return '/Library/Application Support/ToolPolicy/policy.yaml';
    default:
      return '/etc/tool-policy/policy.yaml';
  }
}

/** Every place a policy may be, highest layer first. */
export function policyLocations(inputs: LocationInputs): PolicyLocation[] {
  const locations: PolicyLocation[] = [{ layer: 'managed', path: managedPolicyPath(inputs.platform, inputs.env) }];
  const userFile = inputs.policyFileSetting.trim() || inputs.env.TOOL_POLICY_FILE?.trim();
  if (userFile) locations.push({ layer: 'user', path: userFile });
  if (inputs.workspaceTrusted) {
    const join = inputs.platform === 'win32' ? path.win32.join : path.posix.join;
    for (const folder of inputs.workspaceFolders) {
      locations.push({ layer: 'workspace', path: join(folder, '.vscode', 'tool-policy.yaml') });
    }
  }
  return locations;
}
