import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';

export const EXTENSION_ID = 'tool-policy.tool-policy-notices';

/** The live parts of the extension; it hands them out in Test mode only. */
export async function getApi(): Promise<TestApi> {
  const extension = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this editor`);
  const api = await extension.activate();
  if (!api) throw new Error(`${EXTENSION_ID} exported nothing: the host suite must run in Test mode (extensionTestsPath)`);
  await api.ready;
  return api;
}

/** Polls until `check` holds; fails with the last observed value after `timeoutMs`. `read` may be async (the clipboard). */
export async function waitFor<T>(read: () => T | PromiseLike<T>, check: (value: T) => boolean, timeoutMs = 5000, what: string | (() => string) = 'condition'): Promise<T> {
  const start = Date.now();
  let value = await read();
  while (!check(value)) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}; last value: ${JSON.stringify(value)?.slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}

/** YYYY-MM-DD of today plus `days`, in UTC. */
export function utcDatePlus(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-host-'));
}

export function policyText(deadline: string, extra = ''): string {
  return [
    'version: 1',
    'organization: Host Test Org',
    'timezone: UTC',
    'rules:',
    '  - id: claude-code-ban',
    '    tool: claude-code',
    '    classification: high-risk',
    `    deadline: ${deadline}`,
    '    alternative:',
    '      name: Qoder',
    '      url: https://qoder.com/',
    '      commands: [qodercli]',
    extra,
  ].join('\n');
}

/** ThemeColor keeps its id at run time; the 1.93 typings do not declare it. */
export function themeColorId(color: vscode.ThemeColor | undefined): string | undefined {
  return (color as unknown as { id?: string } | undefined)?.id;
}

/** A variable the runner must set; a missing one fails the test instead of skipping it. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the host suite through its runner (npm run test:host)`);
  return value;
}
