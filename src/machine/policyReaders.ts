import type { ParseOptions } from '../core/policy/parsePolicy';
import type { PolicyParseResult, PolicySourceRef } from '../core/policy/types';

/** The part of a reader the pool uses (policyParseWorker.ts's PolicyParseWorker). */
export interface PolicyReader {
  parse(input: string | Uint8Array, source: PolicySourceRef, options?: Omit<ParseOptions, 'knownTools'>): Promise<PolicyParseResult>;
  readonly unanswered: number;
  dispose(): void;
}

/** Two threads at most: the machines editors run on have two cores or more, and the editor needs one. */
const MOST_READERS = 2;
/**
 * From this size, a file that would wait behind another gets a thread of its own. Every
 * usual policy is far smaller, and reads in less time than a thread takes to start.
 */
const OWN_THREAD_FROM_BYTES = 128 * 1024;

/**
 * The editor's policy readers, each a worker thread with its own deadline. One thread
 * reads every file, but a large file that would wait behind another is read on a second
 * one: the layers of a large policy are then read side by side. Never rejects.
 */
export class PolicyReaders {
  private readonly readers: PolicyReader[] = [];

  constructor(
    private readonly newReader: () => PolicyReader,
    private readonly mostReaders = MOST_READERS,
    private readonly ownThreadFromBytes = OWN_THREAD_FROM_BYTES,
  ) {}

  parse(input: string | Uint8Array, source: PolicySourceRef, options: Omit<ParseOptions, 'knownTools'> = {}): Promise<PolicyParseResult> {
    const size = typeof input === 'string' ? input.length : input.byteLength;
    return this.readerFor(size).parse(input, source, options);
  }

  /** A reader with nothing to do; else a new one for a large file while there may be more; else the least busy. */
  private readerFor(size: number): PolicyReader {
    const free = this.readers.find((reader) => reader.unanswered === 0);
    if (free) return free;
    if (this.readers.length === 0 || (size >= this.ownThreadFromBytes && this.readers.length < this.mostReaders)) {
      const reader = this.newReader();
      this.readers.push(reader);
      return reader;
    }
    return this.readers.reduce((least, reader) => (reader.unanswered < least.unanswered ? reader : least));
  }

  dispose(): void {
    for (const reader of this.readers.splice(0)) reader.dispose();
  }
}
