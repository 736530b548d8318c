/**
 * The person's Claude Code files, sorted into artefacts (instructions, rules, commands,
 * agents, skills, hooks, permissions, other settings, MCP servers, auto memory), each with
 * its level. What a target makes of each is decided in targets/.
 */
import { decodeUtf8, parseMarkdown, type MarkdownDocument } from './frontMatter';
import { isObject, own, readJson, type JsonObject } from './jsonValue';
import { projectMemoryKey } from './layout';
import { projectEntry, serversIn, type McpServer } from './mcp';
import { hookEvents, readSettings, type HookGroup } from './settings';
import type { ArtefactKind, FileRef, Level, RootRef, Setup, SetupFile, SetupRoot } from './types';

interface Base {
  readonly level: Level;
  readonly source: FileRef;
  /** A short name for the plan: a file name, a skill's or server's name. */
  readonly name: string;
}

export interface InstructionsArtefact extends Base {
  readonly kind: 'instructions';
  readonly bytes: Uint8Array;
  readonly text: string;
  /** Both `CLAUDE.md` and `.claude/CLAUDE.md`: joined into one target. */
  readonly joined: readonly FileRef[];
}

export interface MarkdownArtefact extends Base {
  readonly kind: 'rule' | 'command' | 'agent';
  /** Below `rules/`, `commands/` or `agents/`. */
  readonly relPath: string;
  readonly bytes: Uint8Array;
  readonly document: MarkdownDocument;
}

export interface SkillFile {
  /** Below the skill's folder. */
  readonly relPath: string;
  readonly bytes: Uint8Array;
  readonly executable: boolean;
}

export interface SkillArtefact extends Base {
  readonly kind: 'skill';
  readonly files: readonly SkillFile[];
}

export interface HooksArtefact extends Base {
  readonly kind: 'hooks';
  readonly events: ReadonlyArray<readonly [string, readonly HookGroup[]]>;
}

export interface PermissionsArtefact extends Base {
  readonly kind: 'permissions';
  readonly permissions: JsonObject;
}

export interface SettingsArtefact extends Base {
  readonly kind: 'settings';
  readonly keys: readonly string[];
}

export interface McpArtefact extends Base {
  readonly kind: 'mcp-server';
  readonly server: McpServer;
  /** `.mcp.json` of a project, `~/.claude.json` at the top (user), or under `projects` (local). */
  readonly origin: 'project-file' | 'user' | 'local';
  /** For `local`: the project the server belongs to. */
  readonly project?: RootRef;
}

export interface MemoryArtefact extends Base {
  readonly kind: 'memory';
  readonly fileCount: number;
}

/** A file that is there but could not be read or understood: named, never skipped. */
export interface UnreadableArtefact extends Base {
  readonly kind: ArtefactKind;
  readonly unreadable: string;
}

export type Artefact =
  | InstructionsArtefact
  | MarkdownArtefact
  | SkillArtefact
  | HooksArtefact
  | PermissionsArtefact
  | SettingsArtefact
  | McpArtefact
  | MemoryArtefact
  | UnreadableArtefact;

export const isUnreadable = (artefact: Artefact): artefact is UnreadableArtefact => 'unreadable' in artefact;

export function collectArtefacts(setup: Setup): Artefact[] {
  const artefacts: Artefact[] = [];
  const home: RootRef = { kind: 'home' };
  const dir = setup.userPlace.configDir;
  const homeFiles = byPath(setup.home);

  artefacts.push(...instructions(home, 'user', [`${dir}/CLAUDE.md`], homeFiles));
  artefacts.push(...markdownTrees(home, 'user', `${dir}/`, setup.home));
  artefacts.push(...skills(home, 'user', `${dir}/skills/`, setup.home));
  artefacts.push(...settingsFile(home, 'user', `${dir}/settings.json`, homeFiles));
  artefacts.push(...claudeJson(setup, homeFiles));

  setup.projects.forEach((project, index) => {
    const root: RootRef = { kind: 'project', index };
    const files = byPath(project);
    artefacts.push(...instructions(root, 'project', ['CLAUDE.md', '.claude/CLAUDE.md'], files));
    artefacts.push(...instructions(root, 'local', ['CLAUDE.local.md'], files));
    artefacts.push(...markdownTrees(root, 'project', '.claude/', project));
    artefacts.push(...skills(root, 'project', '.claude/skills/', project));
    artefacts.push(...settingsFile(root, 'project', '.claude/settings.json', files));
    artefacts.push(...settingsFile(root, 'local', '.claude/settings.local.json', files));
    artefacts.push(...mcpFile(root, files));
    const memoryFolder = `${dir}/projects/${projectMemoryKey(project.path)}/memory`;
    const memoryFiles = setup.home.files.filter((file) => file.path.startsWith(`${memoryFolder}/`));
    if (memoryFiles.length > 0) {
      artefacts.push({ kind: 'memory', level: 'local', source: { root: home, path: memoryFolder }, name: 'auto memory', fileCount: memoryFiles.length });
    }
  });
  return artefacts;
}

const byPath = (root: SetupRoot) => new Map(root.files.map((file) => [file.path, file]));
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function textOf(file: SetupFile): { text: string; bytes: Uint8Array } | { error: string } {
  if (!file.bytes) return { error: file.error ?? 'not read' };
  const text = decodeUtf8(file.bytes);
  return text === undefined ? { error: 'is not UTF-8 text' } : { text, bytes: file.bytes };
}

function instructions(root: RootRef, level: Level, paths: readonly string[], files: Map<string, SetupFile>): Artefact[] {
  const found = paths.map((path) => files.get(path)).filter((file): file is SetupFile => file !== undefined);
  const first = found[0];
  if (!first) return [];
  const refs = found.map((file) => ({ root, path: file.path }));
  const texts: string[] = [];
  for (const file of found) {
    const read = textOf(file);
    if ('error' in read) return [{ kind: 'instructions', level, source: { root, path: file.path }, name: baseName(file.path), unreadable: read.error }];
    texts.push(read.text);
  }
  const onlyOne = found.length === 1 && first.bytes;
  // Two files are one set of instructions to Claude Code: joined, each as written.
  const text = texts.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('\n');
  return [{
    kind: 'instructions', level, source: refs[0] as FileRef, name: baseName(first.path),
    bytes: onlyOne ? (first.bytes as Uint8Array) : new TextEncoder().encode(text),
    text: onlyOne ? (texts[0] as string) : text,
    joined: found.length > 1 ? refs : [],
  }];
}

const TREE_KINDS: ReadonlyArray<readonly ['rule' | 'command' | 'agent', string]> = [['rule', 'rules'], ['command', 'commands'], ['agent', 'agents']];

function markdownTrees(root: RootRef, level: Level, prefix: string, setupRoot: SetupRoot): Artefact[] {
  const artefacts: Artefact[] = [];
  for (const [kind, folder] of TREE_KINDS) {
    const start = `${prefix}${folder}/`;
    const files = setupRoot.files.filter((file) => file.path.startsWith(start) && file.path.toLowerCase().endsWith('.md')).sort(byPathOrder);
    for (const file of files) {
      const relPath = file.path.slice(start.length);
      // Agents are one folder deep in Claude Code; deeper files are not agents it loads.
      if (kind === 'agent' && relPath.includes('/')) continue;
      const source = { root, path: file.path };
      const read = textOf(file);
      if ('error' in read) {
        artefacts.push({ kind, level, source, name: relPath, unreadable: read.error });
        continue;
      }
      const document = parseMarkdown(read.text);
      if ('error' in document) artefacts.push({ kind, level, source, name: relPath, unreadable: document.error });
      else artefacts.push({ kind, level, source, name: relPath, relPath, bytes: read.bytes, document });
    }
  }
  return artefacts;
}

function skills(root: RootRef, level: Level, prefix: string, setupRoot: SetupRoot): Artefact[] {
  const bySkill = new Map<string, SetupFile[]>();
  for (const file of setupRoot.files) {
    if (!file.path.startsWith(prefix)) continue;
    const rest = file.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) continue; // a file beside the skills' folders is no skill
    const name = rest.slice(0, slash);
    bySkill.set(name, [...(bySkill.get(name) ?? []), file]);
  }
  const artefacts: Artefact[] = [];
  // A skill is copied whole or not at all: a folder read only in part is not a skill to copy.
  const folder = prefix.slice(0, -1);
  const cut = setupRoot.problems.find((problem) => problem.path === folder);
  for (const [name, files] of [...bySkill].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const source = { root, path: `${prefix}${name}` };
    const problem = cut ?? setupRoot.problems.find((p) => p.path === `${prefix}${name}` || p.path.startsWith(`${prefix}${name}/`));
    if (problem) {
      artefacts.push({ kind: 'skill', level, source, name, unreadable: `${problem.path} ${problem.error}` });
      continue;
    }
    const unread = files.find((file) => !file.bytes);
    if (unread) {
      artefacts.push({ kind: 'skill', level, source, name, unreadable: `${unread.path.slice(prefix.length)}: ${unread.error ?? 'not read'}` });
      continue;
    }
    if (!files.some((file) => file.path === `${prefix}${name}/SKILL.md`)) {
      artefacts.push({ kind: 'skill', level, source, name, unreadable: 'has no SKILL.md, so it is no skill Claude Code loads' });
      continue;
    }
    artefacts.push({
      kind: 'skill', level, source, name,
      files: files.sort(byPathOrder).map((file) => ({ relPath: file.path.slice(prefix.length + name.length + 1), bytes: file.bytes as Uint8Array, executable: file.executable === true })),
    });
  }
  return artefacts;
}

function settingsFile(root: RootRef, level: Level, path: string, files: Map<string, SetupFile>): Artefact[] {
  const file = files.get(path);
  if (!file) return [];
  const source = { root, path };
  const name = baseName(path);
  const read = textOf(file);
  if ('error' in read) return [{ kind: 'settings', level, source, name, unreadable: read.error }];
  const json = readJson(read.text);
  if ('error' in json) return [{ kind: 'settings', level, source, name, unreadable: json.error }];
  const settings = readSettings(json.value);
  if ('error' in settings) return [{ kind: 'settings', level, source, name, unreadable: settings.error }];
  const artefacts: Artefact[] = [];
  if (settings.hooks) {
    const events = hookEvents(settings.hooks);
    if ('error' in events) artefacts.push({ kind: 'hooks', level, source, name: 'hooks', unreadable: events.error });
    else if (events.events.length > 0) artefacts.push({ kind: 'hooks', level, source, name: 'hooks', events: events.events });
  }
  if (settings.permissions && Object.keys(settings.permissions).length > 0) artefacts.push({ kind: 'permissions', level, source, name: 'permissions', permissions: settings.permissions });
  if (settings.otherKeys.length > 0) artefacts.push({ kind: 'settings', level, source, name: 'other settings', keys: settings.otherKeys });
  return artefacts;
}

function mcpFile(root: RootRef, files: Map<string, SetupFile>): Artefact[] {
  const file = files.get('.mcp.json');
  if (!file) return [];
  const source = { root, path: '.mcp.json' };
  const read = textOf(file);
  if ('error' in read) return [{ kind: 'mcp-server', level: 'project', source, name: '.mcp.json', unreadable: read.error }];
  const json = readJson(read.text);
  if ('error' in json) return [{ kind: 'mcp-server', level: 'project', source, name: '.mcp.json', unreadable: json.error }];
  if (json.value !== undefined && !isObject(json.value)) return [{ kind: 'mcp-server', level: 'project', source, name: '.mcp.json', unreadable: 'is not a JSON object' }];
  const servers = serversIn(json.value === undefined ? undefined : own(json.value, 'mcpServers'), 'mcpServers');
  if ('error' in servers) return [{ kind: 'mcp-server', level: 'project', source, name: '.mcp.json', unreadable: servers.error }];
  return servers.servers.map((server) => ({ kind: 'mcp-server', level: 'project', source, name: server.name, server, origin: 'project-file' }));
}

function claudeJson(setup: Setup, homeFiles: Map<string, SetupFile>): Artefact[] {
  const path = setup.userPlace.claudeJson;
  const file = homeFiles.get(path);
  if (!file) return [];
  const home: RootRef = { kind: 'home' };
  const source = { root: home, path };
  const name = baseName(path);
  const read = textOf(file);
  if ('error' in read) return [{ kind: 'mcp-server', level: 'user', source, name, unreadable: read.error }];
  const json = readJson(read.text);
  if ('error' in json) return [{ kind: 'mcp-server', level: 'user', source, name, unreadable: json.error }];
  if (json.value === undefined) return [];
  if (!isObject(json.value)) return [{ kind: 'mcp-server', level: 'user', source, name, unreadable: 'is not a JSON object' }];
  const artefacts: Artefact[] = [];
  const user = serversIn(own(json.value, 'mcpServers'), 'mcpServers');
  if ('error' in user) artefacts.push({ kind: 'mcp-server', level: 'user', source, name, unreadable: user.error });
  else artefacts.push(...user.servers.map((server): McpArtefact => ({ kind: 'mcp-server', level: 'user', source, name: server.name, server, origin: 'user' })));
  setup.projects.forEach((project, index) => {
    const entry = projectEntry(own(json.value as JsonObject, 'projects'), project.path, setup.platform === 'win32');
    if (!isObject(entry)) return;
    const where = `projects["${project.path}"].mcpServers`;
    const local = serversIn(own(entry, 'mcpServers'), where);
    const projectRef: RootRef = { kind: 'project', index };
    if ('error' in local) artefacts.push({ kind: 'mcp-server', level: 'local', source, name, unreadable: local.error });
    // Named with its project: the same name may be a server of several projects.
    else artefacts.push(...local.servers.map((server): McpArtefact => ({ kind: 'mcp-server', level: 'local', source, name: `${server.name} (${project.path})`, server, origin: 'local', project: projectRef })));
  });
  return artefacts;
}

function byPathOrder(a: SetupFile, b: SetupFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
