import type * as vscode from 'vscode';
import { parsePolicy } from '../../../src/core/policy/parsePolicy';
import type { PolicyFileRead } from '../../../src/machine/policyFile';
import type { ParsePolicy } from '../../../src/vscode/lastGoodPolicies';

/** Files in memory, with watchers the test fires as the OS would. */
export class FakeFiles {
  readonly files = new Map<string, string | { unreadable: string }>();
  readonly watched = new Map<string, Set<() => void>>();
  /** Paths that resolve outside their folder: path → where they really are. */
  readonly linksOut = new Map<string, string>();
  reads = 0;
  parses = 0;

  write(file: string, text: string): void {
    this.files.set(file, text);
    this.fire(file);
  }

  remove(file: string): void {
    this.files.delete(file);
    this.fire(file);
  }

  fire(file: string): void {
    for (const listener of this.watched.get(file) ?? []) listener();
  }

  read = async (file: string): Promise<PolicyFileRead> => {
    this.reads++;
    const content = this.files.get(file);
    if (content === undefined) return { kind: 'missing' };
    if (typeof content !== 'string') return { kind: 'unreadable', message: content.unreadable };
    return { kind: 'bytes', bytes: new TextEncoder().encode(content) };
  };

  readText = async (file: string): Promise<{ text?: string; error?: string }> => {
    const content = this.files.get(file);
    if (content === undefined) return {};
    return typeof content === 'string' ? { text: content } : { error: content.unreadable };
  };

  parse: ParsePolicy = async (input, location) => {
    this.parses++;
    return parsePolicy(input, location);
  };

  realPathOutside = async (file: string): Promise<string | undefined> => this.linksOut.get(file);

  somethingAt = async (file: string): Promise<boolean> => this.files.has(file);

  watch = (file: string, onEvent: () => void): vscode.Disposable => {
    const listeners = this.watched.get(file) ?? new Set();
    listeners.add(onEvent);
    this.watched.set(file, listeners);
    return { dispose: () => listeners.delete(onEvent) };
  };
}
