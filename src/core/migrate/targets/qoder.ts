/**
 * Claude Code → Qoder (its CLI, qodercli, and its IDE where they differ). Sources:
 * assistants.md "Moving a person's setup"; Qoder's docs (rules, CLI memory, commands,
 * skills, hooks, subagents); what the @qoder-ai/qodercli 1.1.52 bundle reads: AGENTS.md,
 * AGENTS.local.md and ~/.qoder/AGENTS.md; rules' `trigger`/`glob`, else `paths`; commands'
 * front matter, `$ARGUMENTS`, `$N` and !`…` lines as Claude Code has them; hooks under
 * Claude Code's event names with $CLAUDE_PROJECT_DIR and $QODER_PROJECT_DIR both set;
 * `general.defaultPermissionMode` taking Claude Code's mode names; `.mcp.json`.
 */
import type { Artefact, HooksArtefact, MarkdownArtefact, McpArtefact, PermissionsArtefact } from '../artefacts';
import { isUnreadable } from '../artefacts';
import { encodeUtf8, removeKeys, stringList, withoutKeys, type FrontMatter } from '../frontMatter';
import { joinGlobs } from '../globs';
import { own, plainObject, type JsonObject } from '../jsonValue';
import { usesVariables } from '../mcp';
import { describePermissions, groupValue } from '../settings';
import type { FileRef, JsonEntry, Level, PlanItem } from '../types';
import {
  at, fileChange, HOME, hasSecrets, hooksRunClaudeScripts, importsFiles, jsonChange, markdownChange, onlyImportsAgentsMd, planItem, unreadableItem,
  type TargetMapper,
} from './common';

/** Hook events qodercli 1.1.52 knows (its hook event list). */
const QODER_HOOK_EVENTS = [
  'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'SubagentStart', 'SubagentStop', 'Notification', 'SessionStart', 'Setup',
  'SessionEnd', 'PreCompact', 'PostCompact', 'Stop', 'StopFailure', 'UserPromptSubmit', 'ConfigChange', 'TeammateIdle',
  'InstructionsLoaded', 'CwdChanged', 'FileChanged', 'WorktreeCreate', 'WorktreeRemove', 'Elicitation', 'ElicitationResult',
  'TaskCreated', 'TaskCompleted', 'PermissionRequest', 'PermissionDenied',
];

const IMPORT_NOTE = 'it imports other files with @path; whether Qoder follows such imports is unconfirmed (u): check that the imported text is there';
const SUBFOLDER_NOTE = 'whether Qoder reads files in sub-folders of this folder is unconfirmed (u)';

/** `.qoder/…` under the project, or `~/.qoder/…` for the user level. */
function qoderPath(artefact: Artefact, path: string): FileRef {
  return at(artefact.level === 'user' ? HOME : artefact.source.root, `.qoder/${path}`);
}

const settingsFileFor = (artefact: Artefact): FileRef => qoderPath(artefact, artefact.level === 'local' ? 'settings.local.json' : 'settings.json');

export const qoder: TargetMapper = {
  id: 'qoder',
  name: 'Qoder',
  map(artefact): PlanItem[] {
    if (isUnreadable(artefact)) return [unreadableItem(artefact)];
    switch (artefact.kind) {
      case 'instructions': {
        if (onlyImportsAgentsMd(artefact.text)) {
          return [{ ...planItem(artefact, { fidelity: 'as-is', reason: 'it only imports AGENTS.md, which Qoder reads itself' }), state: 'done' }];
        }
        const targetPath = artefact.level === 'user' ? '.qoder/AGENTS.md' : artefact.level === 'local' ? 'AGENTS.local.md' : 'AGENTS.md';
        const target = at(artefact.level === 'user' ? HOME : artefact.source.root, targetPath);
        const notes = [
          ...(artefact.level === 'local' ? ['Qoder IDE: it has no local instructions file; only the CLI reads AGENTS.local.md'] : []),
          ...(importsFiles(artefact.text) ? [IMPORT_NOTE] : []),
        ];
        const joined = artefact.joined.length > 1;
        return [planItem(artefact, {
          fidelity: joined ? 'converted' : 'as-is',
          reason: joined ? `${artefact.joined.map((ref) => ref.path).join(' and ')} joined into one file, each as written` : 'Qoder reads the same Markdown instructions from this file',
          target, notes, changes: [fileChange(target, artefact.bytes)],
        })];
      }
      case 'rule': return [rule(artefact)];
      case 'command': {
        const target = qoderPath(artefact, `commands/${artefact.relPath}`);
        return [planItem(artefact, {
          fidelity: 'as-is',
          reason: 'qodercli reads the same front matter, $ARGUMENTS, $N and !`…` lines',
          target, notes: artefact.relPath.includes('/') ? [SUBFOLDER_NOTE] : [], changes: [fileChange(target, artefact.bytes)],
        })];
      }
      case 'agent': return [agent(artefact)];
      case 'skill': {
        const folder = qoderPath(artefact, `skills/${artefact.name}`);
        return [planItem(artefact, {
          fidelity: 'as-is', reason: 'Qoder reads the same SKILL.md format', target: folder,
          changes: artefact.files.map((file) => fileChange(at(folder.root, `${folder.path}/${file.relPath}`), file.bytes, { executable: file.executable })),
        })];
      }
      case 'hooks': return [hooks(artefact)];
      case 'permissions': return [permissions(artefact)];
      case 'settings':
        return [planItem(artefact, { fidelity: 'lost', reason: `not moved: ${artefact.keys.join(', ')} (only hooks and permissions are); set what you need in Qoder's settings yourself` })];
      case 'mcp-server': return [mcpServer(artefact)];
      case 'memory':
        return [planItem(artefact, { fidelity: 'lost', reason: `Claude Code's auto memory (${artefact.fileCount} file${artefact.fileCount === 1 ? '' : 's'} it wrote for itself) is not moved; Qoder keeps its own: copy what still matters into AGENTS.md` })];
    }
  },
};

function rule(artefact: MarkdownArtefact): PlanItem {
  const target = qoderPath(artefact, `rules/${artefact.relPath}`);
  const frontMatter = artefact.document.frontMatter ?? {};
  const { rest } = withoutKeys(frontMatter, ['paths']);
  const paths = stringList(own(frontMatter as JsonObject, 'paths'), false);
  const notes = artefact.relPath.includes('/') ? [SUBFOLDER_NOTE] : [];
  if (!paths || paths.length === 0) {
    const converted: FrontMatter = { trigger: 'always_on', ...rest };
    return planItem(artefact, {
      fidelity: 'converted', reason: 'no paths: written with trigger: always_on, which the Qoder IDE and CLI read as "always apply"',
      target, notes, changes: [markdownChange(target, converted, artefact.document)],
    });
  }
  const globs = joinGlobs(paths);
  if (globs.joined === undefined) return planItem(artefact, { fidelity: 'lost', reason: `${globs.problem}; Qoder's glob: takes patterns separated by commas` });
  const converted: FrontMatter = { trigger: 'glob', glob: globs.joined, ...rest };
  return planItem(artefact, {
    fidelity: 'converted',
    reason: `paths: written as trigger: glob and glob: "${globs.joined}" (the Qoder IDE needs these; the CLI reads them too)`,
    target,
    notes: [...notes, ...(globs.expanded ? ['patterns with braces were expanded into separate patterns, as a comma separates them in glob:'] : [])],
    changes: [markdownChange(target, converted, artefact.document)],
  });
}

function agent(artefact: MarkdownArtefact): PlanItem {
  const target = qoderPath(artefact, `agents/${artefact.relPath}`);
  const frontMatter = artefact.document.frontMatter;
  if (!frontMatter || own(frontMatter as JsonObject, 'model') === undefined) {
    return planItem(artefact, { fidelity: 'as-is', reason: 'Qoder reads the same name, description and tools', target, changes: [fileChange(target, artefact.bytes)] });
  }
  return planItem(artefact, {
    fidelity: 'converted', reason: 'name, description and tools carried; model removed', target,
    losses: ['model: Qoder chooses the model for its agents'],
    changes: [fileChange(target, encodeUtf8(removeKeys(artefact.document, ['model'])))],
  });
}

/** `$CLAUDE_PROJECT_DIR` and `${CLAUDE_PROJECT_DIR}` in a hook's command. */
const PROJECT_DIR = /\$(\{?)CLAUDE_PROJECT_DIR\b/g;

function renameProjectDir(hook: JsonObject): JsonObject | undefined {
  const command = own(hook, 'command');
  if (typeof command !== 'string') return undefined;
  const renamed = command.replace(PROJECT_DIR, (_match, brace: string) => `$${brace}QODER_PROJECT_DIR`);
  if (renamed === command) return undefined;
  return plainObject(Object.entries(hook).map(([key, value]) => [key, key === 'command' ? renamed : value] as const));
}

function hooks(artefact: HooksArtefact): PlanItem {
  const target = settingsFileFor(artefact);
  const entries: JsonEntry[] = [];
  const losses: string[] = [];
  let renamed = false;
  for (const [event, groups] of artefact.events) {
    if (!QODER_HOOK_EVENTS.includes(event)) {
      losses.push(`${event}: Qoder has no such hook event`);
      continue;
    }
    const converted = groups.map((group) => groupValue(group, group.hooks.map((hook) => {
      const changed = renameProjectDir(hook);
      if (changed) renamed = true;
      return changed ?? hook;
    })));
    entries.push({ path: ['hooks', event], mode: 'append', value: converted });
  }
  const events = artefact.events.map(([event]) => event).join(', ');
  if (entries.length === 0) return planItem(artefact, { fidelity: 'lost', reason: `hooks for ${events}: none has a Qoder event`, losses });
  return planItem(artefact, {
    fidelity: renamed || losses.length > 0 ? 'converted' : 'as-is',
    reason: `hooks for ${events} added under Qoder's hooks, with Claude Code's event names${renamed ? '; $CLAUDE_PROJECT_DIR written as $QODER_PROJECT_DIR, as qodercli hooks migrate does' : ''}`,
    target, losses, notes: hooksRunClaudeScripts(artefact.events), changes: [jsonChange(target, entries)],
  });
}

const RULE_LISTS = ['allow', 'ask', 'deny', 'additionalDirectories'];

function permissions(artefact: PermissionsArtefact): PlanItem {
  const target = settingsFileFor(artefact);
  const entries: JsonEntry[] = [];
  const losses: string[] = [];
  for (const [key, value] of Object.entries(artefact.permissions)) {
    if (RULE_LISTS.includes(key) && Array.isArray(value)) entries.push({ path: ['permissions', key], mode: 'append', value });
    else if (key === 'defaultMode' && typeof value === 'string') entries.push({ path: ['general', 'defaultPermissionMode'], mode: 'set', value });
    else losses.push(`permissions.${key}: no counterpart in Qoder's settings is known (u)`);
  }
  if (entries.length === 0) return planItem(artefact, { fidelity: 'lost', reason: 'none of these permission settings has a Qoder counterpart', losses });
  return planItem(artefact, {
    fidelity: 'converted',
    reason: `permission rules (${describePermissions(artefact.permissions)}) added to Qoder's permissions${own(artefact.permissions, 'defaultMode') !== undefined ? '; defaultMode becomes general.defaultPermissionMode' : ''}`,
    target, losses,
    notes: ['partial: rules are carried as written; one naming a tool Qoder does not have does nothing there (u)'],
    changes: [jsonChange(target, entries)],
  });
}

function mcpServer(artefact: McpArtefact): PlanItem {
  const config = artefact.server.config;
  const variables = usesVariables(config) ? ['it uses ${VAR} expansion; whether Qoder expands it in this file is unconfirmed (u)'] : [];
  if (artefact.origin === 'project-file') {
    return planItem(artefact, {
      fidelity: 'still-run',
      reason: 'qodercli reads .mcp.json as it is and starts this server; nothing to write',
      notes: ['Qoder IDE: its MCP servers are set in the IDE itself (u); add this server there if you use the IDE'],
    });
  }
  const level: Level = artefact.level;
  const root = level === 'local' && artefact.project ? artefact.project : HOME;
  const target = at(root, level === 'local' ? '.qoder/settings.local.json' : '.qoder/settings.json');
  return planItem(artefact, {
    fidelity: 'as-is',
    reason: level === 'local'
      ? "a server of this project only: added to the project's .qoder/settings.local.json under mcpServers, as it is"
      : 'added to ~/.qoder/settings.json under mcpServers, as it is',
    target: { ...target, entry: ['mcpServers', artefact.server.name] },
    notes: [...(level === 'user' ? ['† Qoder reading user servers from ~/.qoder/settings.json is known from third-party sources and its CLI bundle'] : []), ...variables],
    changes: [jsonChange(target, [{ path: ['mcpServers', artefact.server.name], mode: 'set', value: config }], hasSecrets(config))],
  });
}
