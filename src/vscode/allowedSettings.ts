import type * as vscode from 'vscode';
import type { AllowedSettings } from '../core/present/blockedBy';

/**
 * `extensions.allowed` as the editor sees it. A machine policy (on Linux
 * /etc/vscode/policy.json, AllowedExtensions) overrides the user's value; the API reports
 * it as `policyValue` in editors that have it, otherwise it shows as an effective value
 * that differs from the user's.
 */
export function readAllowedSettings(workspace: Pick<typeof vscode.workspace, 'getConfiguration'>): Omit<AllowedSettings, 'enforcedByUs'> {
  const config = workspace.getConfiguration('extensions');
  const inspected = config.inspect<unknown>('allowed') as (ReturnType<typeof config.inspect<unknown>> & { policyValue?: unknown }) | undefined;
  return {
    effective: config.get<unknown>('allowed'),
    user: inspected?.globalValue,
    ...(inspected?.policyValue !== undefined ? { policy: inspected.policyValue } : {}),
  };
}
