import { MAX_POLICY_BYTES } from '../core/policy/limits';
import type { PolicyLocation } from '../core/policy/sources';
import type { Policy, PolicyParseResult } from '../core/policy/types';
import type { Remembered, RememberedKind } from './remembered';

/** A source's last good file content, kept across restarts. */
interface StoredPolicy {
  readonly base64: string;
  readonly savedAt: number;
}
/** By source (`sourceKey`). */
export type StoredPolicies = Readonly<Record<string, StoredPolicy>>;

/** Reads a policy file's content (off the extension host's thread: src/machine/policyParseWorker.ts). */
export type ParsePolicy = (input: string | Uint8Array, location: PolicyLocation) => Promise<PolicyParseResult>;

/** One key per source: the same path in two layers is two sources. */
export const sourceKey = (location: PolicyLocation) => `${location.layer}\n${location.path}`;

/** Sources kept at most (the oldest go first): a managed, a user and a few workspace policies. */
const MAX_SOURCES = 16;
/** The base64 of the largest policy file read. */
const MAX_BASE64_CHARS = Math.ceil(MAX_POLICY_BYTES / 3) * 4;
/** All sources together, so the file stays under the state folder's 4 MiB limit. */
const MAX_TOTAL_BASE64_CHARS = 3 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function parseStored(json: unknown): StoredPolicies | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const entries = Object.entries(json as Record<string, unknown>);
  if (entries.length > MAX_SOURCES) return undefined;
  const stored: Record<string, StoredPolicy> = {};
  for (const [key, value] of entries) {
    if (key.length > 8192 || typeof value !== 'object' || value === null) return undefined;
    const { base64, savedAt } = value as { base64?: unknown; savedAt?: unknown };
    if (typeof base64 !== 'string' || base64.length > MAX_BASE64_CHARS || !BASE64.test(base64)) return undefined;
    if (typeof savedAt !== 'number' || !Number.isFinite(savedAt)) return undefined;
    stored[key] = { base64, savedAt };
  }
  return stored;
}

/** The newest sources that fit the bounds. */
function bounded(stored: StoredPolicies): StoredPolicies {
  let total = 0;
  const kept = Object.entries(stored).sort(([, a], [, b]) => b.savedAt - a.savedAt).filter(([, entry], index) => {
    total += entry.base64.length;
    return index < MAX_SOURCES && total <= MAX_TOTAL_BASE64_CHARS;
  });
  return Object.fromEntries(kept);
}

/** The last good policies in the state folder (README "What the product remembers"). */
export const LAST_GOOD_POLICIES: RememberedKind<StoredPolicies> = {
  file: 'last-good-policies.json',
  editorStorageKey: 'toolPolicy.lastGoodPolicies',
  parse: parseStored,
  // Earlier versions kept any number of sources: the newest that fit are moved.
  parseEditorStorage: (value) => (typeof value === 'object' && value !== null ? parseStored(bounded(value as StoredPolicies)) : undefined),
  empty: {},
  bound: bounded,
  merge: (a, b) => {
    const merged: Record<string, StoredPolicy> = { ...a };
    for (const [key, entry] of Object.entries(b)) {
      const mine = merged[key];
      if (!mine || entry.savedAt > mine.savedAt) merged[key] = entry;
    }
    return bounded(merged);
  },
  damagedMeans: () => 'No last good policy is known until each policy file has been read whole again; a policy file with errors meanwhile shows its errors with no rules of its own.',
};

/**
 * The last good content of each policy file, kept across restarts, so that a file broken
 * while the editor was closed still has its rules applied at the next start.
 */
export class LastGoodPolicies {
  constructor(
    private readonly stored: Pick<Remembered<StoredPolicies>, 'get' | 'update' | 'load'>,
    private readonly parse: ParsePolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** The policy last read whole from this source, if one was kept and still reads. */
  async restore(location: PolicyLocation): Promise<Policy | undefined> {
    await this.stored.load();
    const entry = this.stored.get()[sourceKey(location)];
    if (!entry) return undefined;
    const result = await this.parse(Buffer.from(entry.base64, 'base64'), location);
    return result.ok ? result.policy : undefined;
  }

  /** Keeps the content just read whole from this source. */
  async remember(location: PolicyLocation, bytes: Uint8Array): Promise<void> {
    await this.stored.load();
    const key = sourceKey(location);
    const base64 = Buffer.from(bytes).toString('base64');
    if (this.stored.get()[key]?.base64 === base64) return;
    const savedAt = this.now();
    // Written in the background: the policy is in force without waiting for the disk.
    void this.stored.update((current) => ({ ...current, [key]: { base64, savedAt } }));
  }

  /** Drops what was kept for a source that is gone for good. */
  async forget(location: PolicyLocation): Promise<void> {
    await this.stored.load();
    const key = sourceKey(location);
    if (!(key in this.stored.get())) return;
    void this.stored.update((current) => Object.fromEntries(Object.entries(current).filter(([entry]) => entry !== key)));
  }
}
