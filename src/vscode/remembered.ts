import type * as vscode from 'vscode';
import type { StateFolder } from '../machine/stateFolder';

/** What a remembered value needs of the state folder (src/machine/stateFolder.ts). */
export type StateFiles = Pick<StateFolder, 'readJson' | 'updateJson' | 'modifiedAt'>;

/** The editor's own storage, where earlier versions kept these values: read once, to move them. */
export type EditorStorage = Pick<vscode.Memento, 'get' | 'update'>;

/** One kind of value the product remembers, and how it is kept in its file. */
export interface RememberedKind<T> {
  /** Its file in the state folder. */
  readonly file: string;
  /** The editor-storage key earlier versions kept it under. */
  readonly editorStorageKey: string;
  /** The file's JSON checked against its shape and bounds; undefined = damaged. */
  parse(json: unknown): T | undefined;
  /** What earlier versions kept under `editorStorageKey`, in this shape; undefined = nothing usable. */
  parseEditorStorage(value: unknown): T | undefined;
  readonly empty: T;
  /** The value cut to the kind's bounds (the oldest go first): applied after every change, so the file always reads back. */
  bound?(value: T): T;
  /** Two copies made one, never less strict than either (another window's, the editor storage's). */
  merge(a: T, b: T): T;
  /**
   * What to go on when the file is damaged: never less strict than what it could have held.
   * `modifiedAt` is when it was last written, when known.
   */
  whenDamaged?(modifiedAt: number | undefined): T;
  /** What the product does meanwhile, for the report: one sentence. */
  damagedMeans(assumed: T): string;
  /** Writes at most this often; changes in between are written together (the latest time seen changes with every snapshot). */
  readonly writeEveryMs?: number;
}

type Change<T> = (current: T) => T;

/**
 * One value the product keeps in its state folder (README "What the product remembers").
 * It is read once, off the activation path, and held in memory; changes apply at once in
 * memory and are written to the file through the folder (whole or not at all), each
 * applied to what the file holds then, so another window's changes are kept. Changes
 * made before the file was read apply on top of it.
 *
 * A damaged file is never trusted: the folder sets it aside, and this reports it and goes
 * on with the kind's `whenDamaged` value (the strict side). A value an earlier version
 * kept in the editor's storage (in a web editor, the browser's) is merged in once, and
 * removed there once it is written to the folder.
 */
export class Remembered<T> implements vscode.Disposable {
  private value: T;
  private loading: Promise<void> | undefined;
  private reading: Promise<void> | undefined;
  private loaded = false;
  private pending: Array<Change<T>> = [];
  /** The write changes are gathered for, until it starts. */
  private writing: Promise<void> | undefined;
  /** The write started last: it ends after every earlier one (the folder writes a file's changes in order). */
  private lastWrite: Promise<void> = Promise.resolve();
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private wake: (() => void) | undefined;
  private writeFailed = false;
  /** A flush was asked for: the next write does not wait. */
  private hurry = false;

  constructor(
    private readonly files: StateFiles,
    private readonly editorStorage: EditorStorage,
    private readonly kind: RememberedKind<T>,
    private readonly report: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.value = kind.empty;
  }

  /** The value: the kind's empty one until the file has been read. */
  get(): T {
    return this.value;
  }

  /** Reads the file (once; every call returns the same promise). Never rejects. */
  load(): Promise<void> {
    this.loading ??= this.read().then(() => this.moveFromEditorStorage());
    return this.loading;
  }

  /** Changes the value now and writes it soon; resolves once written (or the write failed, which is reported). */
  update(change: Change<T>): Promise<void> {
    const { bound } = this.kind;
    this.pending.push(bound ? (current) => bound(change(current)) : change);
    if (this.loaded) this.value = applyAll(this.pending.slice(-1), this.value);
    return this.scheduleWrite();
  }

  /** Writes what is pending now, without waiting for `writeEveryMs`. */
  flush(): Promise<void> {
    if (this.writing) this.hurry = true;
    this.wake?.();
    return this.lastWrite;
  }

  private scheduleWrite(): Promise<void> {
    if (!this.writing) {
      this.writing = this.writeSoon();
      this.lastWrite = this.writing;
    }
    return this.writing;
  }

  dispose(): void {
    void this.flush();
  }

  /** The file read, and the editor storage's value merged in (in memory). */
  private read(): Promise<void> {
    this.reading ??= this.readOnce();
    return this.reading;
  }

  private async readOnce(): Promise<void> {
    const { kind } = this;
    let value = kind.empty;
    const read = await this.files.readJson(kind.file, (json) => kind.parse(json))
      .catch((error: unknown) => ({ kind: 'damaged' as const, problem: `${kind.file} in the state folder cannot be read (${errorText(error)})` }));
    if (read.kind === 'ok') value = read.value;
    else if (read.kind === 'damaged') {
      const modifiedAt = await this.modifiedAt();
      value = kind.whenDamaged?.(modifiedAt) ?? kind.empty;
      this.report(`${read.problem}. ${kind.damagedMeans(value)}`);
    }
    const fromEditor = this.fromEditorStorage();
    if (fromEditor !== undefined) value = kind.merge(value, fromEditor);
    this.value = applyAll(this.pending, value);
    this.loaded = true;
  }

  private fromEditorStorage(): T | undefined {
    const stored: unknown = this.editorStorage.get(this.kind.editorStorageKey);
    return stored === undefined ? undefined : this.kind.parseEditorStorage(stored);
  }

  /** Moved once: written to the folder first, then removed from the editor's storage. */
  private async moveFromEditorStorage(): Promise<void> {
    const { kind } = this;
    if (this.editorStorage.get(kind.editorStorageKey) === undefined) return;
    const fromEditor = this.fromEditorStorage();
    if (fromEditor !== undefined) {
      this.pending.unshift((current) => kind.merge(current, fromEditor));
      await this.scheduleWrite();
      if (this.writeFailed) return; // kept there, to be moved next time
    }
    await Promise.resolve(this.editorStorage.update(kind.editorStorageKey, undefined)).then(undefined, () => undefined);
  }

  /** When the damaged file was last written: it may have been set aside already. */
  private async modifiedAt(): Promise<number | undefined> {
    const { file } = this.kind;
    try {
      return await this.files.modifiedAt(file) ?? await this.files.modifiedAt(`${file}.damaged`);
    } catch {
      return undefined;
    }
  }

  private async writeSoon(): Promise<void> {
    await this.read();
    const wait = this.lastWriteAt + (this.kind.writeEveryMs ?? 0) - this.now();
    if (wait > 0 && !this.hurry) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    const changes = this.pending.splice(0);
    this.writing = undefined;
    this.hurry = false;
    this.lastWriteAt = this.now();
    const apply = (base: T) => applyAll(changes, base);
    try {
      const written = await this.files.updateJson(this.kind.file, (json) => this.kind.parse(json), (current) => (current === undefined ? this.value : apply(current)));
      // What the file holds now (another window's changes too), with what changed meanwhile.
      this.value = applyAll(this.pending, written);
      this.writeFailed = false;
    } catch (error) {
      this.writeFailed = true;
      this.report(`Could not write ${this.kind.file} in the state folder: ${errorText(error)}. What it holds is kept for this session only.`);
    }
  }
}

function applyAll<T>(changes: ReadonlyArray<Change<T>>, base: T): T {
  return changes.reduce<T>((current, change) => change(current), base);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
