/**
 * Moving a person's setup from a banned tool to the sanctioned one (SPEC §4, README
 * "Moving to the sanctioned tool"). The engine is pure: a reader in src/machine describes
 * the person's files as data (`Setup`), `planMigration` turns that into a plan, and a
 * writer in src/machine carries out the plan's writes. The editor's panel and
 * `tool-policy migrate` show the same plan.
 */

import type { UserConfigPlace } from './layout';

/** Tools whose setup the engine can read. */
export const MIGRATION_SOURCES = ['claude-code'] as const;
export type MigrationSource = (typeof MIGRATION_SOURCES)[number];

/** Tools the engine can move a setup to. */
export const MIGRATION_TARGETS = ['qoder', 'github-copilot', 'cursor'] as const;
export type MigrationTarget = (typeof MIGRATION_TARGETS)[number];

export const isMigrationSource = (id: string): id is MigrationSource => (MIGRATION_SOURCES as readonly string[]).includes(id);
export const isMigrationTarget = (id: string): id is MigrationTarget => (MIGRATION_TARGETS as readonly string[]).includes(id);

/** Where a file lives: under the home folder, or under one of the projects (by index). */
export type RootRef = { readonly kind: 'home' } | { readonly kind: 'project'; readonly index: number };

/** A file under a root; `path` is relative, with `/` separators, never `..`. */
export interface FileRef {
  readonly root: RootRef;
  readonly path: string;
}

/** One file of the person's setup as the reader found it: its bytes, or why it was not read. */
export interface SetupFile {
  /** Relative to its root, with `/` separators. */
  readonly path: string;
  readonly bytes?: Uint8Array;
  /** The file may be run (a skill's script keeps its executable bit). */
  readonly executable?: boolean;
  /** Why it was not read (too large, a link out of the root, …); set when `bytes` is not. */
  readonly error?: string;
}

/** A folder the reader could not list whole, and why. */
export interface SetupProblem {
  readonly path: string;
  readonly error: string;
}

export interface SetupRoot {
  /** Absolute path, as the person names it. */
  readonly path: string;
  /** Every file found of the layout (layout.ts); missing files are simply absent. */
  readonly files: readonly SetupFile[];
  readonly problems: readonly SetupProblem[];
}

/** The person's files of the banned tool: user level (home) and project level. */
export interface Setup {
  readonly home: SetupRoot;
  readonly projects: readonly SetupRoot[];
  /** How paths are compared (Windows: case-insensitively), and the user folders of editors. */
  readonly platform: MigrationPlatform;
  /** Where the user-level files are under the home folder (CLAUDE_CONFIG_DIR moves them). */
  readonly userPlace: UserConfigPlace;
}

export type MigrationPlatform = 'linux' | 'darwin' | 'win32';

/** What a file of the setup is. */
export type ArtefactKind =
  | 'instructions'
  | 'rule'
  | 'command'
  | 'agent'
  | 'skill'
  | 'hooks'
  | 'permissions'
  | 'settings'
  | 'mcp-server'
  | 'memory';

/** user: every project; project: shared with the team; local: this person in this project only. */
export type Level = 'user' | 'project' | 'local';

/**
 * What the sanctioned tool takes: the artefact as it is, converted (with what changed),
 * nothing (lost, with why), or the banned tool's file itself, unchanged (still run);
 * `unknown` when the source could not be read.
 */
export type Fidelity = 'as-is' | 'converted' | 'lost' | 'still-run' | 'unknown';

/**
 * What a run does with an item: `write` (a new file or new entries), `done` (the target
 * already holds exactly this), `conflict` (the target holds something else: left as it
 * is), `none` (nothing to write: lost or still run), `unreadable` (the source could not be
 * read, so nothing is known of it). After the writes: `written`, or `failed` (an error
 * while writing); a write that found the target changed since planning is a `conflict`.
 */
export type ItemState = 'write' | 'done' | 'conflict' | 'none' | 'unreadable' | 'written' | 'failed';

/** Where an item goes: a whole file, or entries at a JSON path in a JSON (with comments) file. */
export interface TargetRef extends FileRef {
  /** For entries: the JSON path of the entry (`["mcpServers", "github"]`). */
  readonly entry?: readonly string[];
}

/** A new file with these bytes. */
export interface FileChange {
  readonly kind: 'file';
  readonly target: FileRef;
  readonly bytes: Uint8Array;
  readonly executable?: boolean;
  /** Holds secrets: written readable by its owner only. */
  readonly secret?: boolean;
}

/**
 * New entries in a JSON file: `set` adds an object member that must not exist yet (or
 * exists with the same value), `append` adds to an array each element not there already.
 */
export interface JsonEntry {
  readonly path: readonly string[];
  readonly mode: 'set' | 'append';
  /** For `set`, the value; for `append`, the array of elements. */
  readonly value: unknown;
}

export interface JsonChange {
  readonly kind: 'json';
  readonly target: FileRef;
  readonly entries: readonly JsonEntry[];
  readonly secret?: boolean;
}

export type Change = FileChange | JsonChange;

/** Names of the values the output masks (an MCP server's `env` and `headers`). */
export interface SecretNames {
  readonly env: readonly string[];
  readonly headers: readonly string[];
}

export interface PlanItem {
  /** Stable across runs: kind, source and entry. */
  readonly id: string;
  readonly kind: ArtefactKind;
  readonly level: Level;
  /** A short name: the rule's file name, the server's name, … */
  readonly name: string;
  readonly source: FileRef;
  readonly target?: TargetRef;
  readonly fidelity: Fidelity;
  /** One sentence: what the sanctioned tool does with it, or why it cannot. */
  readonly reason: string;
  /** Parts that do not carry over, each with why. */
  readonly losses: readonly string[];
  /** What else to know: where the IDE differs from the CLI, unconfirmed facts, files still read. */
  readonly notes: readonly string[];
  readonly state: ItemState;
  /** Why the state is a conflict or unreadable. */
  readonly stateReason?: string;
  readonly secrets?: SecretNames;
  /** What a run with --apply writes for this item (none when nothing); all or nothing. */
  readonly changes: readonly Change[];
}

export interface MigrationPlan {
  readonly from: MigrationSource;
  readonly to: MigrationTarget;
  readonly home: string;
  readonly projects: readonly string[];
  readonly items: readonly PlanItem[];
  /** The files a run with --apply writes, each whole (JSON files with every item's entries). */
  readonly writes: readonly PlannedWrite[];
  /** Folders that could not be listed whole (named, never taken for "nothing there"). */
  readonly problems: readonly (SetupProblem & { readonly root: RootRef })[];
}

/** One file a run with --apply writes. */
export interface PlannedWrite {
  readonly target: FileRef;
  readonly bytes: Uint8Array;
  /** What the file held when planned: the write goes ahead only while it still does. */
  readonly previous: { readonly kind: 'missing' } | { readonly kind: 'file'; readonly bytes: Uint8Array };
  readonly executable?: boolean;
  /** Holds secrets: a new file is made readable by its owner only. */
  readonly secret?: boolean;
  /** The plan items this write carries out. */
  readonly itemIds: readonly string[];
}

/** What an existing target file holds, as read just before planning. */
export type ExistingFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'file'; readonly bytes: Uint8Array }
  | { readonly kind: 'unreadable'; readonly error: string };

const rootKey = (root: RootRef): string => (root.kind === 'home' ? '~' : `p${root.index}`);
export const fileKey = (ref: FileRef): string => `${rootKey(ref.root)}:${ref.path}`;
