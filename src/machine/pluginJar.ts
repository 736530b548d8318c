/**
 * Reads one file out of a jar: a JetBrains plugin's META-INF/plugin.xml. The zip format is
 * yauzl's (central directory, zip64, names checked: an absolute path, a `..` step or a
 * backslash refuses the jar). What this file adds are bounds, since a jar in someone's
 * plugins folder is untrusted: how many entries, how many bytes of it are read at all, how
 * large the descriptor is once inflated and how far it inflates (a zip bomb), and a FIFO
 * or device never opened for reading. Every refusal is a reason, never an exception.
 */
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import * as yauzl from 'yauzl';
import { openFiles } from './openFiles';
import { isUnder, placeOutside } from './pathChecks';
import { OUTSIDE_MESSAGE, type ReadOptions } from './regularFile';

// Plain descriptors, not FileHandles: a scan opens thousands of jars, and a FileHandle
// costs several times a descriptor to open, track and close.
const open = promisify(fs.open);
const close = promisify(fs.close);
const fstat = promisify(fs.fstat);
const readAt = (fd: number, buffer: Buffer, position: number) => new Promise<number>((resolve, reject) => {
  fs.read(fd, buffer, 0, buffer.length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
});

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
  /** Blocks already read, for the many small reads they answer without a promise each. */
  private readonly ready = new Map<number, Buffer>();
  bytesRead = 0;

  constructor(private readonly fd: number, private readonly size: number, private readonly budget: number) {
    super();
  }

  private block(index: number): Promise<Buffer> {
    let block = this.blocks.get(index);
    if (!block) {
      const start = index * BLOCK;
      const length = Math.min(BLOCK, this.size - start);
      this.bytesRead += length;
      if (this.bytesRead > this.budget) return Promise.reject(new Error(`more than ${this.budget / 1024 / 1024} MiB of the jar would have to be read`));
      // Unfilled memory is never handed on: a short read is refused.
      const buffer = Buffer.allocUnsafe(length);
      block = readAt(this.fd, buffer, start).then((bytesRead) => {
        if (bytesRead < length) throw new Error('the jar is shorter than its size (it changed while it was read)');
        this.ready.set(index, buffer);
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

  /** Copies from blocks already read; false (nothing copied) when one is missing. */
  private copyReady(target: Buffer, offset: number, length: number, position: number): boolean {
    const first = Math.floor(position / BLOCK);
    const last = Math.floor((position + length - 1) / BLOCK);
    for (let index = first; index <= last; index++) if (!this.ready.has(index)) return false;
    for (let done = 0; done < length;) {
      const at = position + done;
      const block = this.ready.get(Math.floor(at / BLOCK)) as Buffer;
      const from = at % BLOCK;
      const count = Math.min(length - done, block.length - from);
      if (count <= 0) return false;
      block.copy(target, offset + done, from, from + count);
      done += count;
    }
    return true;
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    // Always answered asynchronously: yauzl reads the next entry from inside this callback.
    const done = callback as (err: Error | null, bytesRead?: number) => void;
    if (length > 0 && this.copyReady(buffer, offset, length, position)) process.nextTick(done, null, length);
    else this.copy(buffer, offset, length, position).then(() => done(null, length), (error: Error) => done(error));
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
    // The descriptor belongs to readDescriptorFromJar, which closes it.
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

/** The entry's stored bytes (yauzl finds them past its local header). */
function storedBytes(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, { decodeFileData: false }, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/**
 * The entry's content, exactly the size its directory record declares (already checked
 * against the limits): zlib stops inflating one byte past it, so a record that lies about
 * the size never makes more inflate than it says. The descriptor is small, so it is
 * inflated in one call rather than streamed.
 */
async function contentOf(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const declared = entry.uncompressedSize;
  const stored = await storedBytes(zip, entry);
  let content: Buffer;
  if (entry.compressionMethod === 0) content = stored;
  else if (entry.compressionMethod === 8) {
    try {
      content = inflateRawSync(stored, { maxOutputLength: declared + 1 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw new Error(`${DESCRIPTOR_PATH} does not inflate: ${(error as Error).message}`);
      content = Buffer.alloc(declared + 1);
    }
  } else throw new Error(`${DESCRIPTOR_PATH} uses compression method ${entry.compressionMethod}, which jars do not`);
  if (content.length > declared) throw new Error(`${DESCRIPTOR_PATH} inflates to more than the ${declared} bytes its directory declares`);
  if (content.length < declared) throw new Error(`${DESCRIPTOR_PATH} inflates to ${content.length} bytes, not the ${declared} its directory declares`);
  return content;
}

/** What stands in the way of inflating the entry, from its directory record alone. */
function entryProblem(entry: yauzl.Entry, limits: JarLimits): string | undefined {
  if (entry.isEncrypted()) return `${DESCRIPTOR_PATH} is encrypted`;
  // Deflate adds at most a few bytes per 16 KiB it cannot shrink.
  if (entry.compressedSize > entry.uncompressedSize + entry.uncompressedSize / 100 + 1024) return `${DESCRIPTOR_PATH} stores ${entry.compressedSize} bytes for ${entry.uncompressedSize} bytes of content; not read`;
  if (entry.uncompressedSize > limits.maxEntryBytes) return `${DESCRIPTOR_PATH} is ${entry.uncompressedSize} bytes once inflated; more than ${limits.maxEntryBytes / 1024 / 1024} MiB is not read`;
  if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > entry.compressedSize * limits.maxRatio) {
    return `${DESCRIPTOR_PATH} inflates ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times (${entry.compressedSize} → ${entry.uncompressedSize} bytes): a zip bomb, not read`;
  }
  return undefined;
}

/**
 * META-INF/plugin.xml from one jar, read within `limits` and the process's budget of open
 * descriptors (openFiles.ts); never throws. A jar under `options.within` that a link
 * leads out of is refused.
 */
export async function readDescriptorFromJar(file: string, limits: JarLimits = JAR_LIMITS, options: ReadOptions = {}): Promise<JarDescriptorRead> {
  try {
    return await openFiles.run(() => readJarOnce(file, limits, options));
  } catch (error) {
    return { kind: 'refused', reason: `cannot be opened: ${(error as Error).message}`, bytesRead: 0 };
  }
}

async function readJarOnce(file: string, limits: JarLimits, options: ReadOptions): Promise<JarDescriptorRead> {
  const confined = options.within !== undefined && isUnder(file, options.within);
  if (confined && await placeOutside(file, options.within as string) === 'outside') return { kind: 'refused', reason: OUTSIDE_MESSAGE, bytesRead: 0 };
  let fd: number;
  try {
    fd = await open(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EMFILE' || code === 'ENFILE') throw error; // openFiles waits and tries again
    return { kind: 'refused', reason: `cannot be opened: ${(error as Error).message}`, bytesRead: 0 };
  }
  let reader: BlockReader | undefined;
  try {
    const stat = await fstat(fd);
    if (confined && await placeOutside(file, options.within as string, stat) !== 'inside') return { kind: 'refused', reason: OUTSIDE_MESSAGE, bytesRead: 0 };
    if (!stat.isFile()) return { kind: 'refused', reason: 'is not a regular file (a FIFO, socket or device is never read)', bytesRead: 0 };
    reader = new BlockReader(fd, stat.size, limits.maxBytesRead);
    const zip = await openZip(reader, stat.size);
    try {
      if (zip.entryCount > limits.maxEntries) return { kind: 'refused', reason: `the jar lists ${zip.entryCount} entries; more than ${limits.maxEntries} are not read`, bytesRead: reader.bytesRead };
      const entry = await findEntry(zip, DESCRIPTOR_PATH);
      if (!entry) return { kind: 'none', bytesRead: reader.bytesRead };
      const problem = entryProblem(entry, limits);
      if (problem) return { kind: 'refused', reason: problem, bytesRead: reader.bytesRead };
      const bytes = await contentOf(zip, entry);
      return { kind: 'descriptor', bytes, bytesRead: reader.bytesRead };
    } finally {
      zip.close();
    }
  } catch (error) {
    return { kind: 'refused', reason: `not a readable jar: ${(error as Error).message}`, bytesRead: reader?.bytesRead ?? 0 };
  } finally {
    await close(fd).catch(() => undefined);
  }
}
