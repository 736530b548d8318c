/**
 * What the two halves of the restart test share: the editor is started, stopped, then
 * started again on another port and opened in a new browser (test/runners/runHostInCodeServer.ts),
 * with the same server-side profile and state folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stateFolderPath } from '../../../src/machine/stateFolder';
import { policyText, requiredEnv } from '../util';

/** The user-layer policy both halves read (TOOL_POLICY_FILE, in the profile). */
export const policyFile = (): string => requiredEnv('TOOL_POLICY_FILE');

/** A deadline that passed yesterday (UTC), as the policy writes it. */
export const DEADLINE = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 1));
export const GOOD_POLICY = policyText(DEADLINE.toISOString().slice(0, 10));
export const BROKEN_POLICY = 'version: 1\norganization: [broken\n';

/** A file of the extension's state folder, as JSON; undefined while it is not there. */
export function stateFile(name: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(path.join(stateFolderPath(process.platform, process.env, os.homedir()), name), 'utf8'));
  } catch {
    return undefined;
  }
}
