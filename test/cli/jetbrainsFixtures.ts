/**
 * JetBrains IDE folders built by the tests (and the benchmark) in a temporary home: plugin
 * jars made with fflate, then, for the hostile ones, bytes changed the way an attacker
 * would change them (a size the directory lies about).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';

export type Platform = 'linux' | 'darwin' | 'win32';

export function pluginXml(fields: { id?: string; name?: string; version?: string; vendor?: string }, extra = ''): string {
  const tag = (name: string, value: string | undefined) => (value === undefined ? '' : `  <${name}>${value}</${name}>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<idea-plugin>\n${tag('id', fields.id)}${tag('name', fields.name)}${tag('version', fields.version)}${tag('vendor', fields.vendor)}${extra}</idea-plugin>\n`;
}

/** A jar (a zip) holding `files`; strings are written as UTF-8. */
export function jar(files: Record<string, string | Uint8Array>, level: 0 | 6 | 9 = 6): Uint8Array {
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files)) entries[name] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(entries, { level, mtime: new Date('2026-01-01T00:00:00Z') });
}

/** A plugin jar: its descriptor, a manifest and a few classes. */
export function pluginJar(id: string, classes = 3, more: Record<string, string> = {}): Uint8Array {
  const files: Record<string, string> = { 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'META-INF/plugin.xml': pluginXml({ id, name: `Plugin ${id}`, version: '1.0.0', vendor: 'Vendor' }), ...more };
  for (let i = 0; i < classes; i++) files[`com/example/Class${i}.class`] = `class ${i} `.repeat(20);
  return jar(files);
}

/** A library jar without a descriptor. */
export function libraryJar(classes = 3): Uint8Array {
  const files: Record<string, string> = { 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n' };
  for (let i = 0; i < classes; i++) files[`org/library/Class${i}.class`] = `library ${i} `.repeat(20);
  return jar(files);
}

/** The zip with the central directory's uncompressed (or compressed) size of `entryName` rewritten to `size`. */
export function withDeclaredSize(zip: Uint8Array, entryName: string, size: number, field: 'uncompressed' | 'compressed' = 'uncompressed'): Uint8Array {
  const bytes = Buffer.from(zip);
  const name = Buffer.from(entryName);
  for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at !== -1; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    const nameLength = bytes.readUInt16LE(at + 28);
    if (bytes.subarray(at + 46, at + 46 + nameLength).equals(name)) {
      bytes.writeUInt32LE(size, at + (field === 'uncompressed' ? 24 : 20));
      return bytes;
    }
  }
  throw new Error(`${entryName} is not in the zip`);
}

/** An IDE's folders in `platform`'s layout under `home`: its configuration folder and (first) plugins folder. */
export function ideFolders(home: string, platform: Platform, folderName: string, vendor = 'JetBrains'): { config: string; plugins: string; localPlugins?: string } {
  switch (platform) {
    case 'linux': return { config: path.join(home, '.config', vendor, folderName), plugins: path.join(home, '.local', 'share', vendor, folderName) };
    case 'darwin': {
      const config = path.join(home, 'Library', 'Application Support', vendor, folderName);
      return { config, plugins: path.join(config, 'plugins') };
    }
    case 'win32': {
      const config = path.join(home, 'AppData', 'Roaming', vendor, folderName);
      return { config, plugins: path.join(config, 'plugins'), localPlugins: path.join(home, 'AppData', 'Local', vendor, folderName, 'plugins') };
    }
  }
}

export function write(file: string, content: string | Uint8Array): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}
