/**
 * Reads one file out of a jar: a JetBrains plugin's META-INF/plugin.xml. The zip format is
 * yauzl's (central directory, zip64, names checked: an absolute path, a `..` step or a
 * backslash refuses the jar). What this file adds are bounds, since a jar in someone's
 * plugins folder is untrusted: how many entries, how many bytes of it are read at all, how
 * large the descriptor is once inflated and how far it inflates (a zip bomb), and a FIFO
 * or device never opened for reading. Every refusal is a reason, never an exception.
 */
import { constants, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';

export interface JarLimits {
  /** More entries than this and the jar is refused before its directory is read. */
  readonly maxEntries: number;
  /** Bytes of the jar read in all (its directory, the descriptor's compressed bytes). */
  readonly maxBytesRead: number;
  /** The descriptor's size once inflated. */
  readonly maxEntryBytes: number;
  /** Inflated ÷ compressed size of the descriptor, beyond `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
}

export const JAR_LIMITS: JarLimits = {
  // The largest plugin jars (Kotlin, Android) hold tens of thousands of classes.
  maxEntries: 200_000,
  maxBytesRead: 64 * 1024 * 1024,
  // Real plugin.xml files are kilobytes to a few hundred; descriptions can be long.
  maxEntryBytes: 4 * 1024 * 1024,
  // XML deflates to a tenth or so; a hundredfold is a bomb, not a descriptor.
  maxRatio: 100,
  ratioFloorBytes: 64 * 1024,
};

export const DESCRIPTOR_PATH = 'META-INF/plugin.xml';

export type JarDescriptorRead =
  | { readonly kind: 'descriptor'; readonly bytes: Uint8Array; readonly bytesRead: number }
  /** A readable jar without META-INF/plugin.xml (a library the plugin uses). */
  | { readonly kind: 'none'; readonly bytesRead: number }
  | { readonly kind: 'refused'; readonly reason: string; readonly bytesRead: number };

const BLOCK = 64 * 1024;

/**
 * The jar read through 64 KiB blocks, each fetched once: yauzl asks for every directory
 * entry in two small reads, which would otherwise be two system calls each. Every byte
 * fetched counts against the jar's budget.
 */
class BlockReader extends yauzl.RandomAccessReader {
  private readonly blocks = new Map<number, Promise<Buffer>>();
  bytesRead = 0;

  constructor(private readonly handle: fs.FileHandle, private readonly size: number, private readonly budget: number) {
    super();
  }

  private block(index: number): Promise<Buffer> {
    let block = this.blocks.get(index);
    if (!block) {
      const start = index * BLOCK;
      const length = Math.min(BLOCK, this.size - start);
      this.bytesRead += length;
      if (this.bytesRead > this.budget) return Promise.reject(new Error(`more than ${this.budget / 1024 / 1024} MiB of the jar would have to be read`));
      block = this.handle.read(Buffer.alloc(length), 0, length, start).then(({ buffer, bytesRead }) => {
        if (bytesRead < length) throw new Error('the jar is shorter than its size (it changed while it was read)');
        return buffer;
      });
      this.blocks.set(index, block);
    }
    return block;
  }

  private async copy(target: Buffer, offset: number, length: number, position: number): Promise<void> {
    let done = 0;
    while (done < length) {
      const at = position + done;
      const block = await this.block(Math.floor(at / BLOCK));
      const from = at % BLOCK;
      const count = Math.min(length - done, block.length - from);
      if (count <= 0) throw new Error('unexpected end of the jar');
      block.copy(target, offset + done, from, from + count);
      done += count;
    }
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    // Always answered asynchronously: yauzl reads the next entry from inside this callback.
    const done = callback as (err: Error | null, bytesRead?: number) => void;
    this.copy(buffer, offset, length, position).then(() => done(null, length), (error: Error) => done(error));
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(this.chunks(start, end));
  }

  private async *chunks(start: number, end: number): AsyncGenerator<Buffer> {
    for (let at = start; at < end;) {
      const length = Math.min(BLOCK - (at % BLOCK), end - at);
      const chunk = Buffer.alloc(length);
      await this.copy(chunk, 0, length, at);
      yield chunk;
      at += length;
    }
  }

  override close(callback: (err: Error | null) => void): void {
    // The handle belongs to readDescriptorFromJar, which closes it.
    setImmediate(() => callback(null));
  }
}

function openZip(reader: BlockReader, size: number): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: true }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

/** The descriptor's entry, or undefined when the jar has none; rejects when yauzl refuses an entry. */
function findEntry(zip: yauzl.ZipFile, name: string): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName === name) resolve(entry);
      else zip.readEntry();
    });
    zip.on('end', () => resolve(undefined));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** The entry's bytes, never more than `limit` of them whatever its header says. */
function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      let length = 0;
      stream.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > limit) {
          stream.destroy();
          reject(new Error(`inflates to more than ${limit} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks, length)));
    });
  });
}

/** What stands in the way of inflating the entry, from its directory record alone. */
function entryProblem(entry: yauzl.Entry, limits: JarLimits): string | undefined {
  if (entry.isEncrypted()) return `${DESCRIPTOR_PATH} is encrypted`;
  if (entry.uncompressedSize > limits.maxEntryBytes) return `${DESCRIPTOR_PATH} is ${entry.uncompressedSize} bytes once inflated; more than ${limits.maxEntryBytes / 1024 / 1024} MiB is not read`;
  if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > entry.compressedSize * limits.maxRatio) {
    return `${DESCRIPTOR_PATH} inflates ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times (${entry.compressedSize} → ${entry.uncompressedSize} bytes): a zip bomb, not read`;
  }
  return undefined;
}

/** META-INF/plugin.xml from one jar, read within `limits`; never throws. */
export async function readDescriptorFromJar(file: string, limits: JarLimits = JAR_LIMITS): Promise<JarDescriptorRead> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { kind: 'refused', reason: `cannot be opened: ${(error as Error).message}`, bytesRead: 0 };
  }
  let reader: BlockReader | undefined;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { kind: 'refused', reason: 'is not a regular file (a FIFO, socket or device is never read)', bytesRead: 0 };
    reader = new BlockReader(handle, stat.size, limits.maxBytesRead);
    const zip = await openZip(reader, stat.size);
    try {
      if (zip.entryCount > limits.maxEntries) return { kind: 'refused', reason: `the jar lists ${zip.entryCount} entries; more than ${limits.maxEntries} are not read`, bytesRead: reader.bytesRead };
      const entry = await findEntry(zip, DESCRIPTOR_PATH);
      if (!entry) return { kind: 'none', bytesRead: reader.bytesRead };
      const problem = entryProblem(entry, limits);
      if (problem) return { kind: 'refused', reason: problem, bytesRead: reader.bytesRead };
      const bytes = await inflate(zip, entry, limits.maxEntryBytes);
      return { kind: 'descriptor', bytes, bytesRead: reader.bytesRead };
    } finally {
      zip.close();
    }
  } catch (error) {
    return { kind: 'refused', reason: `not a readable jar: ${(error as Error).message}`, bytesRead: reader?.bytesRead ?? 0 };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
