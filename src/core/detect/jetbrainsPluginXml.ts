/**
 * A JetBrains plugin's descriptor, `META-INF/plugin.xml`: its `<id>`, `<name>`, `<version>`
 * and `<vendor>`, the direct children of `<idea-plugin>`. Read by saxes, a strict XML
 * parser that never expands an entity a DOCTYPE declares (a reference to one is an error,
 * so no "billion laughs") and never fetches an external DTD.
 */
import { SaxesParser } from 'saxes';

export interface PluginDescriptor {
  /** `<id>`, or `<name>` when the file declares no id (the IDE does the same). */
  readonly id: string;
  readonly name?: string;
  readonly version?: string;
  readonly vendor?: string;
}

export type PluginDescriptorResult = { readonly ok: true; readonly descriptor: PluginDescriptor } | { readonly ok: false; readonly error: string };

/** Longer ids are not plugin ids (the Marketplace allows 255 characters). */
const MAX_ID_LENGTH = 255;
/** Names, versions and vendors are shown to people; longer ones are cut here. */
const MAX_SHOWN_LENGTH = 200;
const FIELDS = ['id', 'name', 'version', 'vendor'] as const;
type Field = (typeof FIELDS)[number];
const isField = (name: string): name is Field => (FIELDS as readonly string[]).includes(name);

const shown = (text: string) => (text.length > MAX_SHOWN_LENGTH ? `${text.slice(0, MAX_SHOWN_LENGTH)}…` : text);

/** Parses the whole file (so a malformed one is refused as the IDE refuses it); never throws. */
export function parsePluginDescriptor(xml: string): PluginDescriptorResult {
  const parser = new SaxesParser({ position: true });
  const found = new Map<Field, string>();
  let depth = 0;
  let root: string | undefined;
  /** The field being read, while inside a direct child of the root that is one. */
  let current: Field | undefined;
  let currentText = '';
  let failure: string | undefined;

  parser.on('error', (error) => {
    failure ??= /undefined entity/.test(error.message)
      ? `${error.message.replace(/\.$/, '')} (entities a DOCTYPE declares are never expanded)`
      : error.message.replace(/\.$/, '');
    throw error;
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) root = tag.name;
    else if (depth === 2 && isField(tag.name) && !found.has(tag.name)) {
      current = tag.name;
      currentText = '';
    }
  });
  const addText = (text: string) => {
    if (current !== undefined) currentText += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    if (depth === 2 && current !== undefined) {
      const value = currentText.trim();
      if (value !== '') found.set(current, value);
      current = undefined;
    }
    depth--;
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    return { ok: false, error: `not well-formed XML: ${failure ?? (error as Error).message}` };
  }
  if (root !== 'idea-plugin') return { ok: false, error: `the root element is <${root ?? ''}>, not <idea-plugin>` };
  const id = found.get('id') ?? found.get('name');
  if (id === undefined) return { ok: false, error: 'declares neither <id> nor <name>' };
  if (id.length > MAX_ID_LENGTH) return { ok: false, error: `its <id> is ${id.length} characters long; a plugin id has at most ${MAX_ID_LENGTH}` };
  const name = found.get('name');
  const version = found.get('version');
  const vendor = found.get('vendor');
  return {
    ok: true,
    descriptor: {
      id,
      ...(name !== undefined ? { name: shown(name) } : {}),
      ...(version !== undefined ? { version: shown(version) } : {}),
      ...(vendor !== undefined ? { vendor: shown(vendor) } : {}),
    },
  };
}
