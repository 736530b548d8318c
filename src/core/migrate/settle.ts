/**
 * A drafted plan against what the target files hold now: each item becomes `write`,
 * `done` or `conflict`, and the plan gets the exact bytes of every file to write. Only new
 * files and new entries are ever written: a file that exists is never replaced unless it
 * is a JSON file that gains entries, and an entry that exists with another value is a
 * conflict, left as it is. An item is all or nothing: one conflict and none of its changes
 * is written. JSON files are edited with jsonc-parser, as VS Code edits its settings, so
 * their comments and formatting stay.
 */
import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';
import { decodeUtf8, encodeUtf8 } from './frontMatter';
import { isObject, jsonEqual, readJson, type JsonObject } from './jsonValue';
import {
  fileKey, type ExistingFile, type FileChange, type FileRef, type JsonChange, type JsonEntry, type PlanItem,
  type PlannedWrite,
} from './types';

type Outcome = { readonly kind: 'write' } | { readonly kind: 'done' } | { readonly kind: 'conflict'; readonly reason: string };

interface FileTarget {
  readonly ref: FileRef;
  readonly existing: ExistingFile;
  /** Bytes an earlier item of this plan writes to it. */
  planned?: Uint8Array;
  executable?: boolean;
  secret?: boolean;
  itemIds: string[];
}

interface JsonTarget {
  readonly ref: FileRef;
  readonly existing: ExistingFile;
  /** Why the file cannot take entries (not JSON, not an object, not read). */
  readonly problem?: string;
  readonly bom: string;
  text: string;
  value: JsonObject;
  changed: boolean;
  secret: boolean;
  itemIds: string[];
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, index) => byte === b[index]);

/** `a/b.json` for the plan's text: home files as `~/…`. */
export const displayPath = (ref: FileRef): string => (ref.root.kind === 'home' ? `~/${ref.path}` : ref.path);

export function settle(items: readonly PlanItem[], existing: (ref: FileRef) => ExistingFile): { items: PlanItem[]; writes: PlannedWrite[] } {
  const files = new Map<string, FileTarget>();
  const jsons = new Map<string, JsonTarget>();
  const fileTarget = (ref: FileRef): FileTarget => {
    const key = fileKey(ref);
    let target = files.get(key);
    if (!target) files.set(key, (target = { ref, existing: existing(ref), itemIds: [] }));
    return target;
  };
  const jsonTarget = (ref: FileRef): JsonTarget => {
    const key = fileKey(ref);
    let target = jsons.get(key);
    if (!target) jsons.set(key, (target = openJson(ref, existing(ref))));
    return target;
  };

  const settled = items.map((item): PlanItem => {
    if (item.changes.length === 0) return item;
    const outcomes = item.changes.map((change) => (change.kind === 'file' ? fileOutcome(fileTarget(change.target), change) : jsonOutcome(jsonTarget(change.target), change)));
    const conflicts = outcomes.filter((outcome): outcome is Extract<Outcome, { kind: 'conflict' }> => outcome.kind === 'conflict');
    const first = conflicts[0];
    if (first) {
      const more = conflicts.length > 1 ? ` (and ${conflicts.length - 1} more)` : '';
      return { ...item, state: 'conflict', stateReason: `${first.reason}${more}` };
    }
    if (outcomes.every((outcome) => outcome.kind === 'done')) return { ...item, state: 'done' };
    item.changes.forEach((change, index) => {
      if (outcomes[index]?.kind !== 'write') return;
      if (change.kind === 'file') writeFile(fileTarget(change.target), change, item.id);
      else writeJson(jsonTarget(change.target), change, item.id);
    });
    return { ...item, state: 'write' };
  });

  const writes: PlannedWrite[] = [];
  for (const target of files.values()) {
    if (!target.planned) continue;
    writes.push({
      target: target.ref, bytes: target.planned, previous: { kind: 'missing' }, itemIds: target.itemIds,
      ...(target.executable ? { executable: true } : {}), ...(target.secret ? { secret: true } : {}),
    });
  }
  for (const target of jsons.values()) {
    if (!target.changed) continue;
    const text = target.existing.kind === 'file' ? target.text : `${target.text}\n`;
    writes.push({
      target: target.ref, bytes: encodeUtf8(target.bom + text),
      previous: target.existing.kind === 'file' ? { kind: 'file', bytes: target.existing.bytes } : { kind: 'missing' },
      itemIds: target.itemIds,
      // A new file that holds a secret is made readable by its owner only; an existing one keeps its mode.
      ...(target.secret && target.existing.kind === 'missing' ? { secret: true } : {}),
    });
  }
  return { items: settled, writes };
}

function fileOutcome(target: FileTarget, change: FileChange): Outcome {
  const where = displayPath(change.target);
  if (target.planned) return sameBytes(target.planned, change.bytes) ? { kind: 'done' } : { kind: 'conflict', reason: `another item of this plan writes ${where}` };
  switch (target.existing.kind) {
    case 'missing': return { kind: 'write' };
    case 'unreadable': return { kind: 'conflict', reason: `${where} could not be read (${target.existing.error}): left as it is` };
    case 'file': return sameBytes(target.existing.bytes, change.bytes) ? { kind: 'done' } : { kind: 'conflict', reason: `${where} exists and differs: left as it is` };
  }
}

function writeFile(target: FileTarget, change: FileChange, itemId: string): void {
  target.planned = change.bytes;
  target.executable = change.executable === true;
  target.secret = change.secret === true;
  target.itemIds.push(itemId);
}

function openJson(ref: FileRef, existing: ExistingFile): JsonTarget {
  const base = { ref, existing, changed: false, secret: false, itemIds: [] as string[] };
  if (existing.kind === 'missing') return { ...base, bom: '', text: '', value: {} };
  const where = displayPath(ref);
  if (existing.kind === 'unreadable') return { ...base, bom: '', text: '', value: {}, problem: `${where} could not be read (${existing.error}): left as it is` };
  const decoded = decodeUtf8(existing.bytes);
  if (decoded === undefined) return { ...base, bom: '', text: '', value: {}, problem: `${where} is not UTF-8 text: left as it is` };
  const bom = decoded.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const text = decoded.slice(bom.length);
  const read = readJson(text);
  if ('error' in read) return { ...base, bom, text, value: {}, problem: `${where} is ${read.error}: left as it is` };
  if (read.value !== undefined && !isObject(read.value)) return { ...base, bom, text, value: {}, problem: `${where} is not a JSON object: left as it is` };
  return { ...base, bom, text, value: read.value ?? {} };
}

/** The value at `path`, or why the path cannot be there (an ancestor that is no object). */
function valueAt(root: JsonObject, path: readonly string[]): { value: unknown } | { blocked: string } {
  let current: unknown = root;
  for (const [index, segment] of path.entries()) {
    if (current === undefined) return { value: undefined };
    if (!isObject(current)) return { blocked: path.slice(0, index).join('.') };
    current = Object.prototype.hasOwnProperty.call(current, segment) ? current[segment] : undefined;
  }
  return { value: current };
}

/** The elements of an append entry that the array does not hold yet. */
function missingElements(existing: unknown, entry: JsonEntry): unknown[] {
  const wanted = entry.value as unknown[];
  const have = Array.isArray(existing) ? existing : [];
  return wanted.filter((element, index) => !have.some((item) => jsonEqual(item, element)) && wanted.findIndex((other) => jsonEqual(other, element)) === index);
}

function jsonOutcome(target: JsonTarget, change: JsonChange): Outcome {
  if (target.problem) return { kind: 'conflict', reason: target.problem };
  const where = displayPath(change.target);
  let write = false;
  for (const entry of change.entries) {
    const found = valueAt(target.value, entry.path);
    if ('blocked' in found) return { kind: 'conflict', reason: `${where}: ${found.blocked} is not an object: left as it is` };
    if (entry.mode === 'set') {
      if (found.value === undefined) write = true;
      else if (!jsonEqual(found.value, entry.value)) return { kind: 'conflict', reason: `${where}: ${entry.path.join('.')} exists with another value: left as it is` };
    } else {
      if (found.value !== undefined && !Array.isArray(found.value)) return { kind: 'conflict', reason: `${where}: ${entry.path.join('.')} is not a list: left as it is` };
      if (missingElements(found.value, entry).length > 0) write = true;
    }
  }
  return write ? { kind: 'write' } : { kind: 'done' };
}

function formatting(text: string): FormattingOptions {
  const indent = /\n([ \t]+)["}\]]/.exec(text)?.[1];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

function writeJson(target: JsonTarget, change: JsonChange, itemId: string): void {
  const options = { formattingOptions: formatting(target.text) };
  let text = target.text;
  for (const entry of change.entries) {
    const found = valueAt(target.value, entry.path);
    const current = 'value' in found ? found.value : undefined;
    if (entry.mode === 'set') {
      if (current === undefined) text = applyEdits(text, modify(text, [...entry.path], entry.value, options));
    } else if (current === undefined) {
      text = applyEdits(text, modify(text, [...entry.path], missingElements(undefined, entry), options));
    } else {
      for (const element of missingElements(current, entry)) text = applyEdits(text, modify(text, [...entry.path, -1], element, options));
    }
    // Later entries (and items) see this one.
    const read = readJson(text);
    target.value = 'value' in read && isObject(read.value) ? read.value : target.value;
  }
  target.text = text;
  target.changed = true;
  target.secret ||= change.secret === true;
  if (!target.itemIds.includes(itemId)) target.itemIds.push(itemId);
}
