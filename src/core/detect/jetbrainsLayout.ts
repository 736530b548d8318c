/**
 * How JetBrains IDEs lay out a person's plugins, as plain rules on names and text: which
 * folders are an IDE's (`IntelliJIdea2025.2`), which of a plugin's jars holds its
 * descriptor first, and which plugins `disabled_plugins.txt` turns off.
 */

/** `<Product><version>`: IntelliJIdea2025.2, PyCharmCE2024.3, AndroidStudio2024.2, AndroidStudio4.2. */
const PRODUCT_FOLDER = /^([A-Za-z]+)(\d+\.\d+(?:\.\d+)?)$/;

export interface ProductFolder {
  readonly product: string;
  readonly version: string;
}

/** The product and version a per-user folder belongs to, or undefined for any other folder (Toolbox, consentOptions). */
export function parseProductFolder(name: string): ProductFolder | undefined {
  const match = PRODUCT_FOLDER.exec(name);
  return match ? { product: match[1] as string, version: match[2] as string } : undefined;
}

/**
 * The plugin ids a `disabled_plugins.txt` lists: one a line, compared exactly (as the IDE
 * compares them). Blank lines are nothing.
 */
export function parseDisabledPlugins(text: string): ReadonlySet<string> {
  return new Set(text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((line) => line.trim()).filter((line) => line !== ''));
}

/** `gson-2.8.0.jar`, `junit-m5.jar`: a dash followed by a digit (or `m` and a digit). */
function looksVersioned(name: string): boolean {
  const dash = name.lastIndexOf('-');
  if (dash === -1) return false;
  const next = name.charAt(dash + 1);
  return /\d/.test(next) || ((next === 'm' || next === 'M') && /\d/.test(name.charAt(dash + 2)));
}

/**
 * The jars of a plugin's `lib/` folder in the order the IDE tries them for
 * META-INF/plugin.xml, so the jar that holds it is usually read first: jars named after
 * the plugin's folder, then shorter names; versioned libraries (`gson-2.8.0.jar`) and
 * `resources*.jar` last. The sort is stable.
 */
export function orderPluginJars(folderName: string, jarNames: readonly string[]): string[] {
  const folder = folderName.toLowerCase();
  const rank = (name: string): [number, number, number, number] => [
    name.startsWith('resources') ? 1 : 0,
    looksVersioned(name) ? 1 : 0,
    name.toLowerCase().startsWith(folder) ? 0 : 1,
    name.length,
  ];
  return jarNames
    .map((name, index) => ({ name, index, key: rank(name) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || a.key[3] - b.key[3] || a.index - b.index)
    .map((entry) => entry.name);
}
