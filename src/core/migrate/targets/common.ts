/** What every target shares: how an artefact becomes a plan item, and the changes it carries. */
import type { Artefact, McpArtefact, UnreadableArtefact } from '../artefacts';
import { encodeUtf8, scalarText, writeMarkdown, type FrontMatter, type MarkdownDocument } from '../frontMatter';
import type { JsonObject } from '../jsonValue';
import { secretNames } from '../mcp';
import type { UserConfigPlace } from '../layout';
import {
  fileKey, type Change, type Fidelity, type FileChange, type FileRef, type JsonChange, type JsonEntry, type MigrationPlatform,
  type MigrationTarget, type PlanItem, type RootRef, type TargetRef,
} from '../types';

export interface MapContext {
  readonly platform: MigrationPlatform;
  readonly userPlace: UserConfigPlace;
}

export interface TargetMapper {
  readonly id: MigrationTarget;
  /** As shown in the plan ("Qoder"). */
  readonly name: string;
  map(artefact: Artefact, context: MapContext): PlanItem[];
}

export const HOME: RootRef = { kind: 'home' };

/** The stable id of an artefact's item: kind, source and, for one of many in a file, its name. */
function itemId(artefact: Artefact): string {
  const base = `${artefact.kind}:${fileKey(artefact.source)}`;
  if (artefact.kind !== 'mcp-server' || 'unreadable' in artefact) return base;
  const mcp = artefact as McpArtefact;
  const scope = mcp.origin === 'local' && mcp.project?.kind === 'project' ? `p${mcp.project.index}/` : '';
  return `${base}#${scope}${mcp.server.name}`;
}

interface ItemFields {
  readonly fidelity: Fidelity;
  readonly reason: string;
  readonly target?: TargetRef;
  readonly losses?: readonly string[];
  readonly notes?: readonly string[];
  readonly changes?: readonly Change[];
}

export function planItem(artefact: Artefact, fields: ItemFields): PlanItem {
  const changes = fields.changes ?? [];
  const secrets = artefact.kind === 'mcp-server' && 'server' in artefact ? secretNames(artefact.server.config) : undefined;
  return {
    id: itemId(artefact),
    kind: artefact.kind,
    level: artefact.level,
    name: artefact.name,
    source: artefact.source,
    ...(fields.target ? { target: fields.target } : {}),
    fidelity: fields.fidelity,
    reason: fields.reason,
    losses: fields.losses ?? [],
    notes: fields.notes ?? [],
    // Settled against the target files later (settle.ts).
    state: changes.length > 0 ? 'write' : 'none',
    ...(secrets && (secrets.env.length > 0 || secrets.headers.length > 0) ? { secrets } : {}),
    changes,
  };
}

export function unreadableItem(artefact: UnreadableArtefact): PlanItem {
  return {
    id: itemId(artefact),
    kind: artefact.kind,
    level: artefact.level,
    name: artefact.name,
    source: artefact.source,
    fidelity: 'unknown',
    reason: 'not read, so nothing of it is moved',
    losses: [],
    notes: [],
    state: 'unreadable',
    stateReason: artefact.unreadable,
    changes: [],
  };
}

export function fileChange(target: FileRef, bytes: Uint8Array, extra: { executable?: boolean; secret?: boolean } = {}): FileChange {
  return { kind: 'file', target, bytes, ...(extra.executable ? { executable: true } : {}), ...(extra.secret ? { secret: true } : {}) };
}

export function markdownChange(target: FileRef, frontMatter: FrontMatter | undefined, document: MarkdownDocument): FileChange {
  return fileChange(target, encodeUtf8(writeMarkdown(frontMatter, document.body, document.eol)));
}

export function jsonChange(target: FileRef, entries: readonly JsonEntry[], secret = false): JsonChange {
  return { kind: 'json', target, entries, ...(secret ? { secret: true } : {}) };
}

/** A path in the root of the source: `.qoder/rules/x.md` under the same project, or under home. */
export const at = (root: RootRef, path: string): FileRef => ({ root, path });

/** Where VS Code keeps its user data (the default profile), relative to the home folder. */
export function vscodeUserFolder(platform: MigrationPlatform): string {
  switch (platform) {
    case 'darwin': return 'Library/Application Support/Code/User';
    case 'win32': return 'AppData/Roaming/Code/User';
    default: return '.config/Code/User';
  }
}

/** `a/b.md` → `a/b` + suffix. */
export const withSuffix = (relPath: string, suffix: string): string => relPath.replace(/\.md$/i, '') + suffix;

/** Only these keys of the front matter, each as the text written (`scalarText`). */
export function keptKeys(document: MarkdownDocument, keys: readonly string[]): FrontMatter {
  const kept: FrontMatter = {};
  for (const key of keys) {
    const text = scalarText(document, key);
    if (text !== undefined) kept[key] = text;
  }
  return kept;
}

/** The front matter's keys other than `keep`, as losses with one reason. */
export function droppedKeys(frontMatter: FrontMatter | undefined, keep: readonly string[], why: (key: string) => string): string[] {
  return Object.keys(frontMatter ?? {}).filter((key) => !keep.includes(key)).map(why);
}

/** A server's `env`/`headers` mean a secret is moved: the target file is made private if new. */
export const hasSecrets = (config: JsonObject): boolean => {
  const names = secretNames(config);
  return names.env.length > 0 || names.headers.length > 0;
};

/** `@path` imports in instructions (Claude Code follows them; the targets' handling is not documented). */
export function importsFiles(text: string): boolean {
  return /(^|\s)@(~\/|\.{0,2}\/)?[\w.-]+(\/[\w.-]+)*\.[A-Za-z0-9]+\b/m.test(stripCode(text));
}

/** The text without fenced code blocks and inline code, where `@` means nothing. */
function stripCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
}

/** Instructions that only import AGENTS.md: the target reads AGENTS.md itself, nothing to move. */
export function onlyImportsAgentsMd(text: string): boolean {
  return /^\s*@(\.\/)?AGENTS\.md\s*$/.test(text);
}

/** A hook that runs a script kept in Claude Code's folder: the script does not move with it. */
export function hooksRunClaudeScripts(events: ReadonlyArray<readonly [string, ReadonlyArray<{ readonly hooks: readonly JsonObject[] }>]>): string[] {
  const uses = events.some(([, groups]) => groups.some((group) => group.hooks.some((hook) => {
    const command = hook.command;
    return typeof command === 'string' && /(^|[\s/"'=$}])\.claude\//.test(command);
  })));
  return uses ? ['a hook runs a script inside .claude/: the script stays where it is; move it too before you remove that folder'] : [];
}
