import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { Snapshot } from '../../src/core/snapshot';
import { getApi, requiredEnv, waitFor } from '../host/util';

export { getApi, waitFor };

/** The managed policy path of this test run (the extension honours it in Test mode only). */
export function managedFile(): string {
  return requiredEnv('TOOL_POLICY_TEST_MANAGED_FILE');
}

export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error('the security suite needs an open workspace folder');
  return folder;
}

export function workspacePolicyFile(): string {
  return path.join(workspaceFolder(), '.vscode', 'tool-policy.yaml');
}

/** Writes a file, creating its folder, and removes whatever was in its place. */
export function put(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(file, { recursive: true, force: true });
  fs.writeFileSync(file, text);
}

/** The organisation's policy these suites defend: one banned tool, past its deadline. */
export const ORG_POLICY = [
  'version: 1', 'organization: Org Security', 'timezone: UTC',
  'tools:', '  - id: org-tool', '    name: Org Tool', '    extensions: [org.not-installed-tool]',
  'rules:',
  '  - id: org-claude-ban', '    tool: claude-code', '    deadline: 2026-01-01', '    noticeDays: 30',
  '',
].join('\n');

/** The org rule as it must stay: from the managed layer, deadline unchanged, a violation. */
export function orgRuleHolds(snapshot: Snapshot): boolean {
  const rule = snapshot.policy.rules.find((candidate) => candidate.id === 'org-claude-ban');
  const finding = snapshot.findings.find((candidate) => candidate.id === 'org-claude-ban/claude-code');
  return rule?.source.layer === 'managed'
    && rule.deadline?.toISOString() === '2026-01-01T00:00:00.000Z'
    && rule.exceptions.length === 0
    && finding?.phase.phase === 'violation';
}

export async function rescanUntil(api: TestApi, check: (snapshot: Snapshot) => boolean, what: string, timeoutMs = 10_000): Promise<Snapshot> {
  await vscode.commands.executeCommand('toolPolicy.rescan');
  return waitFor(() => api.snapshots.current, check, timeoutMs, what);
}

/** Counts the cases each file runs, for the suite's summary line. */
export const ranCases: string[] = [];
