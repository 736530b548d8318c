/**
 * Claude Code → Cursor. Sources: assistants.md "Moving a person's setup"; Cursor's docs
 * (rules `.cursor/rules/*.mdc` with `description`, `globs`, `alwaysApply`; commands as
 * plain Markdown in `.cursor/commands`; Agent Skills in `.cursor/skills`; MCP in
 * `.cursor/mcp.json` and `~/.cursor/mcp.json`; "Third Party Hooks": Claude Code's hooks
 * run from `.claude/settings*.json` and `~/.claude/settings.json` when third-party configs
 * are included). Subagents in `.cursor/agents` and `${env:NAME}` in mcp.json are known from
 * third-party sources only (†).
 */
import type { Artefact, MarkdownArtefact, McpArtefact } from '../artefacts';
import { isUnreadable } from '../artefacts';
import { encodeUtf8, scalarText, stringList, type FrontMatter } from '../frontMatter';
import { joinGlobs } from '../globs';
import { own, type JsonObject } from '../jsonValue';
import { toCursorServer, usesVariables } from '../mcp';
import type { PlanItem, RootRef } from '../types';
import {
  at, droppedKeys, fileChange, keptKeys, HOME, hasSecrets, importsFiles, jsonChange, markdownChange, onlyImportsAgentsMd, planItem,
  unreadableItem, withSuffix, type TargetMapper,
} from './common';

const THIRD_PARTY = 'Include third-party Plugins, Skills, and other configs (Cursor Settings → Rules, Skills, Subagents)';
const IMPORT_NOTE = 'it imports other files with @path; whether Cursor follows such imports is unconfirmed (u): check that the imported text is there';

const projectOrHome = (artefact: Artefact): RootRef => (artefact.level === 'user' ? HOME : artefact.source.root);

export const cursor: TargetMapper = {
  id: 'cursor',
  name: 'Cursor',
  map(artefact): PlanItem[] {
    if (isUnreadable(artefact)) return [unreadableItem(artefact)];
    switch (artefact.kind) {
      case 'instructions': {
        if (onlyImportsAgentsMd(artefact.text)) {
          return [{ ...planItem(artefact, { fidelity: 'as-is', reason: 'it only imports AGENTS.md, which Cursor reads itself' }), state: 'done' }];
        }
        if (artefact.level === 'local') return [planItem(artefact, { fidelity: 'lost', reason: 'Cursor has no local instructions file' })];
        if (artefact.level === 'user') {
          return [planItem(artefact, { fidelity: 'lost', reason: 'Cursor keeps user rules in its settings, not in files: paste this text into Cursor Settings → Rules yourself' })];
        }
        const target = at(artefact.source.root, 'AGENTS.md');
        const joined = artefact.joined.length > 1;
        return [planItem(artefact, {
          fidelity: joined ? 'converted' : 'as-is',
          reason: joined ? `${artefact.joined.map((ref) => ref.path).join(' and ')} joined into AGENTS.md, each as written` : 'Cursor reads AGENTS.md as project instructions',
          target, notes: importsFiles(artefact.text) ? [IMPORT_NOTE] : [], changes: [fileChange(target, artefact.bytes)],
        })];
      }
      case 'rule': return [rule(artefact)];
      case 'command': return [command(artefact)];
      case 'agent': return [agent(artefact)];
      case 'skill': {
        const folder = at(projectOrHome(artefact), `.cursor/skills/${artefact.name}`);
        return [planItem(artefact, {
          fidelity: 'as-is', reason: 'Cursor reads the same SKILL.md format (the Agent Skills standard)', target: folder,
          changes: artefact.files.map((file) => fileChange(at(folder.root, `${folder.path}/${file.relPath}`), file.bytes, { executable: file.executable })),
        })];
      }
      case 'hooks':
        return [planItem(artefact, {
          fidelity: 'still-run',
          reason: `Cursor runs the hooks in this file as they are when "${THIRD_PARTY}" is on; nothing to write`,
          notes: ["with that setting off they do not run: Cursor's own hooks file (.cursor/hooks.json) has other event names and is not written"],
        })];
      case 'permissions':
        return [planItem(artefact, { fidelity: 'lost', reason: "Cursor keeps its command allow list in its settings, not in a file this could write" })];
      case 'settings':
        return [planItem(artefact, { fidelity: 'lost', reason: `not moved: ${artefact.keys.join(', ')} (only hooks and permissions are)` })];
      case 'mcp-server': return [mcpServer(artefact)];
      case 'memory':
        return [planItem(artefact, { fidelity: 'lost', reason: `Claude Code's auto memory (${artefact.fileCount} file${artefact.fileCount === 1 ? '' : 's'} it wrote for itself) is not moved: copy what still matters into AGENTS.md` })];
    }
  },
};

function rule(artefact: MarkdownArtefact): PlanItem {
  if (artefact.level === 'user') {
    return planItem(artefact, { fidelity: 'lost', reason: 'Cursor keeps user rules in its settings, not in files: paste this rule into Cursor Settings → Rules yourself' });
  }
  const target = at(artefact.source.root, `.cursor/rules/${withSuffix(artefact.relPath, '.mdc')}`);
  const frontMatter = (artefact.document.frontMatter ?? {}) as JsonObject;
  const paths = stringList(own(frontMatter, 'paths'), false);
  const description = scalarText(artefact.document, 'description');
  const losses = droppedKeys(frontMatter, ['paths', 'description'], (key) => `${key}: Cursor rules have no such field`);
  const head: FrontMatter = description !== undefined ? { description } : {};
  if (!paths || paths.length === 0) {
    return planItem(artefact, {
      fidelity: 'converted', reason: 'no paths: written with alwaysApply: true', target, losses,
      changes: [markdownChange(target, { ...head, alwaysApply: true }, artefact.document)],
    });
  }
  const globs = joinGlobs(paths);
  if (globs.joined === undefined) return planItem(artefact, { fidelity: 'lost', reason: `${globs.problem}; Cursor's globs: takes patterns separated by commas` });
  return planItem(artefact, {
    fidelity: 'converted', reason: `paths: written as globs: "${globs.joined}" with alwaysApply: false`, target, losses,
    notes: globs.expanded ? ['patterns with braces were expanded into separate patterns, as a comma separates them in globs:'] : [],
    changes: [markdownChange(target, { ...head, globs: globs.joined, alwaysApply: false }, artefact.document)],
  });
}

function command(artefact: MarkdownArtefact): PlanItem {
  const target = at(projectOrHome(artefact), `.cursor/commands/${artefact.relPath}`);
  const frontMatter = (artefact.document.frontMatter ?? {}) as JsonObject;
  const body = artefact.document.body;
  const losses = droppedKeys(frontMatter, [], (key) => `${key}: Cursor commands are plain text, without front matter`);
  if (/\$ARGUMENTS|\$\d/.test(body)) losses.push('$ARGUMENTS and $N are not filled in: Cursor adds what you type after the command to the end of the text');
  if (/!`[^`\n]+`/.test(body)) losses.push('!`…` lines: Cursor does not run shell commands before the text is sent');
  return planItem(artefact, {
    fidelity: losses.length > 0 ? 'converted' : 'as-is',
    reason: losses.length > 0 ? 'written as a plain-text Cursor command' : 'Cursor reads the same plain Markdown command',
    target, losses,
    notes: artefact.level === 'user' ? ['~/.cursor/commands for commands in every project (u)'] : [],
    changes: [losses.length > 0 || artefact.document.frontMatter ? fileChange(target, encodeUtf8(body)) : fileChange(target, artefact.bytes)],
  });
}

function agent(artefact: MarkdownArtefact): PlanItem {
  const target = at(projectOrHome(artefact), `.cursor/agents/${withSuffix(artefact.relPath, '.md')}`);
  const frontMatter = (artefact.document.frontMatter ?? {}) as JsonObject;
  const kept = keptKeys(artefact.document, ['name', 'description']);
  return planItem(artefact, {
    fidelity: 'converted', reason: 'written as a Cursor subagent with its name, description and instructions', target,
    losses: droppedKeys(frontMatter, ['name', 'description'], (key) =>
      key === 'tools' ? 'tools: Cursor subagents have no tool list (only readonly)'
        : key === 'model' ? 'model: Cursor names its models differently'
          : `${key}: Cursor subagents have no such field`),
    notes: ['† Cursor subagents in .cursor/agents are known from third-party sources'],
    changes: [markdownChange(target, kept, artefact.document)],
  });
}

function mcpServer(artefact: McpArtefact): PlanItem {
  const { server, losses } = toCursorServer(artefact.server.config);
  const user = artefact.origin !== 'project-file';
  const target = user ? at(HOME, '.cursor/mcp.json') : at(artefact.source.root, '.cursor/mcp.json');
  const entry = ['mcpServers', artefact.server.name];
  const variables = usesVariables(artefact.server.config);
  return planItem(artefact, {
    fidelity: variables ? 'converted' : 'as-is',
    reason: `added to ${user ? '~/.cursor/mcp.json' : '.cursor/mcp.json'} under mcpServers${variables ? '; ${VAR} written as ${env:VAR}' : ', as it is'}`,
    target: { ...target, entry },
    losses,
    notes: [
      ...(artefact.origin === 'local' ? ['Claude Code started it in this project only; Cursor has no private per-project file, so it goes to ~/.cursor/mcp.json and is there in every project'] : []),
      ...(variables ? ['† ${env:NAME} in Cursor\'s mcp.json is known from third-party sources'] : []),
    ],
    changes: [jsonChange(target, [{ path: entry, mode: 'set', value: server }], hasSecrets(artefact.server.config))],
  });
}
