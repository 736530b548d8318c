/**
 * What the catalog knows of its JetBrains plugins besides their `<id>`, for osquery: its
 * `jetbrains_plugins` table gives a plugin's `<name>` and `<vendor>` only (the text
 * between the tags, as written: `&amp;` stays `&amp;`, the whitespace around a vendor on
 * its own lines stays), never its id. So a plugin the policy names by id is matched there
 * by the name and vendor its META-INF/plugin.xml declares, and in folders that table does
 * not read by the folder the plugin installs into. Names are listed as they appear in
 * plugin.xml; a plugin whose name or vendor no source shows is left out (the export says
 * so), and a plugin's name changes with its releases, so each name seen is listed.
 * Sources as in catalog.ts; "(third-party)" marks facts seen only in others' descriptors.
 */

export interface JetBrainsPluginName {
  readonly name: string;
  readonly vendor: string;
}

/** Plugin id → the name and vendor pairs its plugin.xml has declared. */
const NAMES: Readonly<Record<string, readonly JetBrainsPluginName[]>> = {
  // JetBrains' plugin verifier's test descriptor for the AI Assistant.
  'com.intellij.ml.llm': [{ name: 'JetBrains AI Assistant', vendor: 'JetBrains' }],
  // aws/aws-toolkit-jetbrains, plugins/amazonq/src/main/resources/META-INF/plugin.xml.
  'amazon.q': [{ name: 'Amazon Q', vendor: 'AWS' }],
  // codota/tabnine-intellij, Tabnine/src/main/resources/META-INF/plugin.xml (two releases).
  'com.tabnine.TabNine': [
    { name: 'Tabnine: AI Code Completion &amp; Chat in Java JS/TS Python &amp; More', vendor: 'Tabnine' },
    { name: 'Tabnine: AI Code Completion &amp; Chat in Java JS/TS Python PHP &amp; More', vendor: 'Tabnine' },
  ],
  // sourcegraph/jetbrains, src/main/resources/META-INF/plugin.xml (its vendor on lines of its own).
  'com.sourcegraph.jetbrains': [{ name: 'Cody: AI Coding Assistant with Autocomplete &amp; Chat', vendor: 'Sourcegraph' }],
  // GitHub Copilot's descriptor as public detectors' tests copy it (third-party).
  'com.github.copilot': [{ name: 'GitHub Copilot', vendor: 'GitHub' }],
};

/**
 * Plugin id → the folder its Marketplace zip unpacks into, for plugins folders
 * `jetbrains_plugins` does not read. Claude Code: assistants' facts; GitHub Copilot:
 * osquery's own jetbrains_plugins.cpp names it as its example.
 */
const FOLDERS: Readonly<Record<string, readonly string[]>> = {
  'com.anthropic.code.plugin': ['claude-code-jetbrains-plugin'],
  'com.github.copilot': ['github-copilot-intellij'],
};

// Plugin ids compare case-insensitively, as every matcher does.
const lowerKeys = <T>(record: Readonly<Record<string, T>>): ReadonlyMap<string, T> => new Map(Object.entries(record).map(([id, value]) => [id.toLowerCase(), value]));
const NAMES_BY_ID = lowerKeys(NAMES);
const FOLDERS_BY_ID = lowerKeys(FOLDERS);

/** The name and vendor pairs a plugin id is known by; none when no source shows them. */
export function jetbrainsPluginNames(id: string): readonly JetBrainsPluginName[] {
  return NAMES_BY_ID.get(id.toLowerCase()) ?? [];
}

/** The folder names a plugin id installs into; none when unknown. */
export function jetbrainsPluginFolders(id: string): readonly string[] {
  return FOLDERS_BY_ID.get(id.toLowerCase()) ?? [];
}
