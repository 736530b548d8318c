/**
 * The plugins of a person's JetBrains IDEs, as each IDE finds them: every entry of a
 * plugins folder is a plugin, either a bare `.jar` or a folder with `lib/*.jar` (or, for
 * an unpacked one, `META-INF/plugin.xml` itself). Its id is the `<id>` of that
 * META-INF/plugin.xml, never the folder's name, which a person can change. A plugin the
 * IDE's `disabled_plugins.txt` lists is installed but disabled. A jar or descriptor that
 * cannot be read is a problem named with its path: the scan cannot then say "compliant".
 */
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import type { JetBrainsPluginSeen } from '../core/detect/jetbrainsEvidence';
import { orderPluginJars, parseDisabledPlugins } from '../core/detect/jetbrainsLayout';
import { parsePluginDescriptor } from '../core/detect/jetbrainsPluginXml';
import type { JetBrainsIde } from './jetbrainsFolders';
import { DESCRIPTOR_PATH, JAR_LIMITS, readDescriptorFromJar, type JarLimits } from './pluginJar';
import { LeavesHomeError, listFolder } from './folderEntries';
import { readRegularFile, readTextFile, describeUnreadable, type ReadOptions } from './regularFile';

export interface JetBrainsScanLimits {
  readonly jar: JarLimits;
  /** Entries of one plugins folder, and jars of one plugin's lib/, read at most. */
  readonly maxEntriesPerFolder: number;
  /** Jars opened, and bytes read from them, in the whole scan. */
  readonly maxJars: number;
  readonly maxBytes: number;
  /** Jars read at the same time. */
  readonly concurrency: number;
}

/**
 * @internal bounds the scan tests probe.
 */
export const JETBRAINS_LIMITS: JetBrainsScanLimits = {
  jar: JAR_LIMITS,
  maxEntriesPerFolder: 10_000,
  maxJars: 20_000,
  maxBytes: 2 * 1024 * 1024 * 1024,
  concurrency: 8,
};

export interface JetBrainsScan {
  readonly plugins: readonly JetBrainsPluginSeen[];
  readonly problems: ReadonlyArray<{ readonly where: string; readonly message: string }>;
  /** Plugins folders that exist and were read. */
  readonly folders: readonly string[];
  /** Jars opened and bytes read from them, for the benchmark. */
  readonly read: { readonly jars: number; readonly bytes: number };
}

const NOT_A_FILE = 'is not a regular file (a FIFO, socket or device is never read)';

/** Disabled plugins list and unpacked descriptors are small text files. */
const MAX_TEXT_BYTES = 1024 * 1024;

/** What the whole scan may still spend; shared by every jar it opens. */
class Budget {
  jars = 0;
  bytes = 0;
  /** `within`: the home scanned, which no link is followed out of. */
  constructor(readonly limits: JetBrainsScanLimits, readonly options: ReadOptions = {}) {}
  get spent(): boolean {
    return this.jars >= this.limits.maxJars || this.bytes >= this.limits.maxBytes;
  }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of the results. */
async function inTurn<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

type Problem = { where: string; message: string };
type Identified = { readonly descriptor: ReturnType<typeof parsePluginDescriptor>; readonly where: string };

/** A link counts as what it points to; a broken one is a problem. */
async function kindOf(folder: string, entry: Dirent): Promise<'file' | 'folder' | 'other'> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'folder';
  if (!entry.isSymbolicLink()) return 'other';
  const stat = await fs.stat(path.join(folder, entry.name));
  return stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other';
}

/** A folder's entries, none when it does not exist. */
async function listOptional(folder: string, options: ReadOptions): Promise<Dirent[] | undefined> {
  try {
    return await listFolder(folder, options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

const descriptorText = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

/** One jar's descriptor: parsed, absent, or a problem (already recorded). */
async function fromJar(jar: string, budget: Budget, problems: Problem[]): Promise<Identified | 'none' | 'problem'> {
  if (budget.spent) {
    problems.push({ where: jar, message: `not read: the scan has read its limit of ${budget.limits.maxJars} jars or ${budget.limits.maxBytes / 1024 / 1024} MiB` });
    return 'problem';
  }
  budget.jars++;
  const read = await readDescriptorFromJar(jar, budget.limits.jar, budget.options);
  budget.bytes += read.bytesRead;
  if (read.kind === 'refused') {
    problems.push({ where: jar, message: read.reason });
    return 'problem';
  }
  if (read.kind === 'none') return 'none';
  return { descriptor: parsePluginDescriptor(descriptorText(read.bytes)), where: `${jar}!/${DESCRIPTOR_PATH}` };
}

/** The descriptor of the plugin in `folder`: unpacked, else from the first jar of lib/ that has one. */
async function fromFolder(folder: string, budget: Budget, problems: Problem[]): Promise<Identified | undefined> {
  const unpacked = path.join(folder, ...DESCRIPTOR_PATH.split('/'));
  const read = await readRegularFile(unpacked, MAX_TEXT_BYTES, budget.options);
  if (read.kind === 'bytes') return { descriptor: parsePluginDescriptor(descriptorText(read.bytes)), where: unpacked };
  if (read.kind === 'unreadable') {
    problems.push({ where: unpacked, message: describeUnreadable(read, `descriptors over ${MAX_TEXT_BYTES / 1024 / 1024} MiB are not read`) });
    return undefined;
  }
  const lib = path.join(folder, 'lib');
  const entries = await listOptional(lib, budget.options);
  if (entries === undefined) return undefined; // not a plugin: the IDE skips it too
  const jars: string[] = [];
  for (const entry of entries) {
    if (!entry.name.toLowerCase().endsWith('.jar')) continue;
    try {
      const kind = await kindOf(lib, entry);
      if (kind === 'file') jars.push(entry.name);
      else if (kind === 'other') problems.push({ where: path.join(lib, entry.name), message: NOT_A_FILE });
    } catch (error) {
      problems.push({ where: path.join(lib, entry.name), message: `cannot be read: ${(error as Error).message}` });
    }
  }
  if (jars.length > budget.limits.maxEntriesPerFolder) {
    problems.push({ where: lib, message: `holds ${jars.length} jars; more than ${budget.limits.maxEntriesPerFolder} are not read` });
    return undefined;
  }
  // The IDE stops at the first descriptor, and so does this; a jar that could not be read
  // on the way stays a problem (it might have held another descriptor).
  for (const name of orderPluginJars(path.basename(folder), jars)) {
    const found = await fromJar(path.join(lib, name), budget, problems);
    if (found !== 'none' && found !== 'problem') return found;
  }
  return undefined;
}

/** Every plugin in one plugins folder; undefined when the folder does not exist. */
async function scanPluginsFolder(ide: JetBrainsIde, folder: string, disabled: ReadonlySet<string>, budget: Budget, problems: Problem[]): Promise<JetBrainsPluginSeen[] | undefined> {
  let entries: Dirent[] | undefined;
  try {
    entries = await listOptional(folder, budget.options);
  } catch (error) {
    problems.push({ where: folder, message: error instanceof LeavesHomeError ? error.message : `cannot be listed: ${(error as Error).message}` });
    return [];
  }
  if (entries === undefined) return undefined;
  if (entries.length > budget.limits.maxEntriesPerFolder) {
    problems.push({ where: folder, message: `holds ${entries.length} entries; more than ${budget.limits.maxEntriesPerFolder} are not read` });
    return [];
  }
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found = await inTurn(sorted, budget.limits.concurrency, async (entry): Promise<JetBrainsPluginSeen | undefined> => {
    const location = path.join(folder, entry.name);
    let identified: Identified | 'none' | 'problem' | undefined;
    try {
      const kind = await kindOf(folder, entry);
      const isJar = entry.name.toLowerCase().endsWith('.jar');
      if (kind === 'file' && isJar) identified = await fromJar(location, budget, problems);
      else if (kind === 'folder') identified = await fromFolder(location, budget, problems);
      else if (isJar) problems.push({ where: location, message: NOT_A_FILE });
    } catch (error) {
      problems.push({ where: location, message: `cannot be read: ${(error as Error).message}` });
    }
    if (identified === undefined || identified === 'none' || identified === 'problem') return undefined;
    if (!identified.descriptor.ok) {
      problems.push({ where: identified.where, message: identified.descriptor.error });
      return undefined;
    }
    const { id, name, version, vendor } = identified.descriptor.descriptor;
    return {
      product: ide.product,
      productVersion: ide.version,
      pluginId: id,
      ...(name !== undefined ? { name } : {}),
      ...(version !== undefined ? { version } : {}),
      ...(vendor !== undefined ? { vendor } : {}),
      location,
      enabled: !disabled.has(id),
    };
  });
  return found.filter((plugin): plugin is JetBrainsPluginSeen => plugin !== undefined);
}

/** The plugins of every IDE found, in IDE and name order, with what could not be read. */
export async function scanJetBrainsPlugins(ides: readonly JetBrainsIde[], limits: JetBrainsScanLimits = JETBRAINS_LIMITS, options: ReadOptions = {}): Promise<JetBrainsScan> {
  const budget = new Budget(limits, options);
  const problems: Problem[] = [];
  const plugins: JetBrainsPluginSeen[] = [];
  const folders: string[] = [];
  for (const ide of ides) {
    const disabledFile = path.join(ide.configFolder, 'disabled_plugins.txt');
    const disabledText = await readTextFile(disabledFile, MAX_TEXT_BYTES, options);
    // Unread, every plugin counts as enabled: the stricter reading.
    if (disabledText.error !== undefined) problems.push({ where: disabledFile, message: disabledText.error });
    const disabled = parseDisabledPlugins(disabledText.text ?? '');
    for (const folder of ide.pluginFolders) {
      const found = await scanPluginsFolder(ide, folder, disabled, budget, problems);
      if (found === undefined) continue;
      folders.push(folder);
      plugins.push(...found);
    }
  }
  // Jars are read several at a time; the report lists what could not be read in path order.
  problems.sort((a, b) => (a.where < b.where ? -1 : a.where > b.where ? 1 : 0));
  return { plugins, problems, folders, read: { jars: budget.jars, bytes: budget.bytes } };
}
