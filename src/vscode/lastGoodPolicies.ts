import type * as vscode from 'vscode';
import type { PolicyLocation } from '../core/policy/sources';
import type { Policy, PolicyParseResult } from '../core/policy/types';

const LAST_GOOD_KEY = 'toolPolicy.lastGoodPolicies';

/** A source's last good file content, kept across restarts. */
interface StoredPolicy {
  readonly base64: string;
  readonly savedAt: number;
}
type StoredPolicies = Readonly<Record<string, StoredPolicy>>;

/** Reads a policy file's content (off the extension host's thread: src/machine/policyParseWorker.ts). */
export type ParsePolicy = (input: string | Uint8Array, location: PolicyLocation) => Promise<PolicyParseResult>;

/** One key per source: the same path in two layers is two sources. */
export const sourceKey = (location: PolicyLocation) => `${location.layer}\n${location.path}`;

/**
 * The last good content of each policy file, kept across restarts, so that a file broken
 * while the editor was closed still has its rules applied at the next start.
 */
export class LastGoodPolicies {
  constructor(
    private readonly storage: Pick<vscode.Memento, 'get' | 'update'>,
    private readonly parse: ParsePolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** The policy last read whole from this source, if one was kept and still reads. */
  async restore(location: PolicyLocation): Promise<Policy | undefined> {
    const entry = this.stored()[sourceKey(location)];
    if (!entry || typeof entry.base64 !== 'string') return undefined;
    const result = await this.parse(Buffer.from(entry.base64, 'base64'), location);
    return result.ok ? result.policy : undefined;
  }

  /** Keeps the content just read whole from this source. */
  async remember(location: PolicyLocation, bytes: Uint8Array): Promise<void> {
    const key = sourceKey(location);
    const base64 = Buffer.from(bytes).toString('base64');
    const stored = this.stored();
    if (stored[key]?.base64 === base64) return;
    await this.storage.update(LAST_GOOD_KEY, { ...stored, [key]: { base64, savedAt: this.now() } });
  }

  /** Drops what was kept for a source that is gone for good. */
  async forget(location: PolicyLocation): Promise<void> {
    const key = sourceKey(location);
    const stored = this.stored();
    if (!(key in stored)) return;
    await this.storage.update(LAST_GOOD_KEY, Object.fromEntries(Object.entries(stored).filter(([entry]) => entry !== key)));
  }

  private stored(): StoredPolicies {
    return this.storage.get<StoredPolicies>(LAST_GOOD_KEY, {});
  }
}
