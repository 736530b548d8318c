/**
 * Claude Code → GitHub Copilot in VS Code. Sources: assistants.md "Moving a person's
 * setup"; VS Code's docs (custom instructions, prompt files, custom agents, agent skills,
 * hooks, MCP servers, "Migrate agent customizations"); GitHub's Copilot CLI hooks reference
 * (`.github/hooks/*.json`, version 1, lowerCamel events, `bash`, `timeoutSec`).
 *
 * VS Code reads several of Claude Code's own files as they are (CLAUDE.md and
 * CLAUDE.local.md with `chat.useClaudeMdFile`, `.claude/rules`, `.claude/skills`, and the
 * hooks in `.claude/settings*.json`): the plan says so, since a ban on a tool is not a ban
 * on its configuration.
 */
import type { Artefact, HooksArtefact, MarkdownArtefact, McpArtefact } from '../artefacts';
import { isUnreadable } from '../artefacts';
import { encodeUtf8, scalarText, stringList, writeMarkdown, type FrontMatter } from '../frontMatter';
import { joinGlobs } from '../globs';
import { own, plainObject, type JsonObject } from '../jsonValue';
import { toVsCodeServer, usesVariables } from '../mcp';
import type { FileRef, PlanItem, RootRef } from '../types';
import {
  at, droppedKeys, fileChange, keptKeys, HOME, hasSecrets, hooksRunClaudeScripts, importsFiles, jsonChange, markdownChange, onlyImportsAgentsMd, planItem,
  unreadableItem, vscodeUserFolder, withSuffix, type MapContext, type TargetMapper,
} from './common';

const IMPORT_NOTE = 'it imports other files with @path; VS Code documents Markdown links for that, not @path (u): check that the imported text is there';
const ALSO_READ_CLAUDE_MD = 'VS Code also reads this file itself while chat.useClaudeMdFile is on (then it reads both)';

/** Claude Code's hook events and the Copilot hooks file's lowerCamel names for them. */
const COPILOT_HOOK_EVENTS: Readonly<Record<string, string>> = {
  SessionStart: 'sessionStart',
  SessionEnd: 'sessionEnd',
  UserPromptSubmit: 'userPromptSubmitted',
  PreToolUse: 'preToolUse',
  PostToolUse: 'postToolUse',
  Stop: 'agentStop',
  SubagentStop: 'subagentStop',
  Notification: 'notification',
};

const projectOrHome = (artefact: Artefact): RootRef => (artefact.level === 'user' ? HOME : artefact.source.root);

export const githubCopilot: TargetMapper = {
  id: 'github-copilot',
  name: 'GitHub Copilot in VS Code',
  map(artefact, context): PlanItem[] {
    if (isUnreadable(artefact)) return [unreadableItem(artefact)];
    switch (artefact.kind) {
      case 'instructions': {
        if (onlyImportsAgentsMd(artefact.text)) {
          return [{ ...planItem(artefact, { fidelity: 'as-is', reason: 'it only imports AGENTS.md, which VS Code reads itself' }), state: 'done' }];
        }
        if (artefact.level === 'local') {
          return [planItem(artefact, {
            fidelity: 'still-run',
            reason: 'VS Code reads CLAUDE.local.md itself while chat.useClaudeMdFile is on; Copilot has no local instructions file of its own',
          })];
        }
        const notes = [ALSO_READ_CLAUDE_MD, ...(importsFiles(artefact.text) ? [IMPORT_NOTE] : [])];
        if (artefact.level === 'user') {
          const target = at(HOME, '.copilot/instructions/CLAUDE.instructions.md');
          return [planItem(artefact, {
            fidelity: 'converted', reason: 'written as a user instructions file applied to every file (applyTo: "**")', target, notes,
            changes: [fileChange(target, encodeUtf8(writeMarkdown({ applyTo: '**' }, artefact.text, /\r\n/.test(artefact.text) ? '\r\n' : '\n')))],
          })];
        }
        const target = at(artefact.source.root, 'AGENTS.md');
        const joined = artefact.joined.length > 1;
        return [planItem(artefact, {
          fidelity: joined ? 'converted' : 'as-is',
          reason: joined ? `${artefact.joined.map((ref) => ref.path).join(' and ')} joined into AGENTS.md, each as written` : 'VS Code reads AGENTS.md as always-on instructions',
          target, notes, changes: [fileChange(target, artefact.bytes)],
        })];
      }
      case 'rule': return [rule(artefact)];
      case 'command': return [command(artefact, context)];
      case 'agent': return [agent(artefact)];
      case 'skill': {
        const folder = at(projectOrHome(artefact), `${artefact.level === 'user' ? '.copilot' : '.github'}/skills/${artefact.name}`);
        return [planItem(artefact, {
          fidelity: 'as-is', reason: 'Copilot reads the same SKILL.md format (the Agent Skills standard)', target: folder,
          notes: [`VS Code also reads ${artefact.level === 'user' ? '~/.claude/skills' : '.claude/skills'} itself`],
          changes: artefact.files.map((file) => fileChange(at(folder.root, `${folder.path}/${file.relPath}`), file.bytes, { executable: file.executable })),
        })];
      }
      case 'hooks': return [hooks(artefact)];
      case 'permissions':
        return [planItem(artefact, { fidelity: 'lost', reason: 'Copilot has no permission rules file; VS Code asks before running tools (its chat.tools auto-approve settings are the nearest thing)' })];
      case 'settings':
        return [planItem(artefact, { fidelity: 'lost', reason: `not moved: ${artefact.keys.join(', ')} (only hooks and permissions are)` })];
      case 'mcp-server': return [mcpServer(artefact, context)];
      case 'memory':
        return [planItem(artefact, { fidelity: 'lost', reason: `Claude Code's auto memory (${artefact.fileCount} file${artefact.fileCount === 1 ? '' : 's'} it wrote for itself) is not moved: copy what still matters into AGENTS.md` })];
    }
  },
};

function instructionsFolder(artefact: Artefact): FileRef {
  return at(projectOrHome(artefact), artefact.level === 'user' ? '.copilot/instructions' : '.github/instructions');
}

function rule(artefact: MarkdownArtefact): PlanItem {
  const folder = instructionsFolder(artefact);
  const target = at(folder.root, `${folder.path}/${withSuffix(artefact.relPath, '.instructions.md')}`);
  const frontMatter = (artefact.document.frontMatter ?? {}) as JsonObject;
  const paths = stringList(own(frontMatter, 'paths'), false);
  const globs = paths && paths.length > 0 ? joinGlobs(paths) : { joined: '**', expanded: false };
  if (globs.joined === undefined) return planItem(artefact, { fidelity: 'lost', reason: `${globs.problem}; applyTo takes patterns separated by commas` });
  const description = scalarText(artefact.document, 'description');
  const converted: FrontMatter = { ...(description !== undefined ? { description } : {}), applyTo: globs.joined };
  return planItem(artefact, {
    fidelity: 'converted',
    reason: paths && paths.length > 0 ? `paths: written as applyTo: "${globs.joined}"` : 'no paths: written with applyTo: "**" (every file)',
    target,
    losses: droppedKeys(frontMatter, ['paths', 'description'], (key) => `${key}: instructions files have no such field`),
    notes: [
      `VS Code also reads ${artefact.level === 'user' ? '~/.claude/rules' : '.claude/rules'} itself`,
      ...(globs.expanded ? ['patterns with braces were expanded into separate patterns, as a comma separates them in applyTo'] : []),
    ],
    changes: [markdownChange(target, converted, artefact.document)],
  });
}

/**
 * `$ARGUMENTS`, `$ARGUMENTS[N]` and `$N` as prompt-file input variables.
 * @internal pure helper, unit-tested on crafted values.
 */
export function toInputVariables(body: string): string {
  return body
    .replace(/\$ARGUMENTS\[(\d+)\]/g, (_m, n: string) => `\${input:arg${n}}`)
    .replace(/\$ARGUMENTS\b/g, '${input:arguments}')
    .replace(/\$(\d+)(?!\w)/g, (_m, n: string) => `\${input:arg${n}}`);
}

function command(artefact: MarkdownArtefact, context: MapContext): PlanItem {
  const folder = artefact.level === 'user' ? at(HOME, `${vscodeUserFolder(context.platform)}/prompts`) : at(artefact.source.root, '.github/prompts');
  const target = at(folder.root, `${folder.path}/${withSuffix(artefact.relPath, '.prompt.md')}`);
  const frontMatter = (artefact.document.frontMatter ?? {}) as JsonObject;
  const kept: FrontMatter = { agent: 'agent', ...keptKeys(artefact.document, ['description', 'argument-hint']) };
  const body = toInputVariables(artefact.document.body);
  const losses = droppedKeys(frontMatter, ['description', 'argument-hint'], (key) =>
    key === 'model' ? 'model: VS Code names its models differently'
      : key === 'allowed-tools' ? "allowed-tools: VS Code's tool names differ"
        : `${key}: prompt files have no such field`);
  if (/!`[^`\n]+`/.test(artefact.document.body)) losses.push('!`…` lines: a prompt file does not run shell commands before it is sent');
  return planItem(artefact, {
    fidelity: 'converted',
    reason: `written as a prompt file${body !== artefact.document.body ? '; $ARGUMENTS and $N become ${input:…} variables' : ''}`,
    target, losses,
    notes: [
      ...(artefact.level === 'user' ? ["the folder of VS Code's default profile for user prompt files (u)"] : []),
      'the Copilot harness (Agent Host) loads skills, not prompt files; VS Code\'s own agent loads them',
    ],
    changes: [markdownChange(target, kept, { ...artefact.document, body })],
  });
}

function agent(artefact: MarkdownArtefact): PlanItem {
  const target = at(projectOrHome(artefact), `${artefact.level === 'user' ? '.copilot' : '.github'}/agents/${withSuffix(artefact.relPath, '.agent.md')}`);
  const frontMatter = (artefact.document.frontMatter ?? {}) as JsonObject;
  const kept = keptKeys(artefact.document, ['name', 'description']);
  return planItem(artefact, {
    fidelity: 'converted', reason: 'written as a custom agent with its name, description and instructions', target,
    losses: droppedKeys(frontMatter, ['name', 'description'], (key) =>
      key === 'tools' ? "tools: VS Code's tool names differ; the agent gets the default tools"
        : key === 'model' ? 'model: VS Code names its models differently'
          : `${key}: custom agents have no such field`),
    changes: [markdownChange(target, kept, artefact.document)],
  });
}

function hooks(artefact: HooksArtefact): PlanItem {
  if (artefact.level === 'local') {
    return planItem(artefact, {
      fidelity: 'still-run',
      reason: 'VS Code runs the hooks in .claude/settings.local.json itself (it ignores their matchers); Copilot has no local hooks file of its own',
    });
  }
  const target = at(projectOrHome(artefact), `${artefact.level === 'user' ? '.copilot' : '.github'}/hooks/claude-code.json`);
  const losses: string[] = [];
  const events: Array<readonly [string, JsonObject[]]> = [];
  let renamed = false;
  for (const [event, groups] of artefact.events) {
    const name = COPILOT_HOOK_EVENTS[event];
    if (!name) {
      losses.push(`${event}: Copilot has no such hook event`);
      continue;
    }
    const converted: JsonObject[] = [];
    for (const group of groups) {
      if (group.matcher !== undefined && group.matcher !== '' && group.matcher !== '*') losses.push(`${event} matcher "${group.matcher}": Copilot hooks have no matcher, so the hook runs for every tool`);
      for (const hook of group.hooks) {
        const commandLine = own(hook, 'command');
        if (own(hook, 'type') !== 'command' || typeof commandLine !== 'string') {
          losses.push(`${event}: a hook of type "${String(own(hook, 'type'))}" (only command hooks carry over)`);
          continue;
        }
        const timeout = own(hook, 'timeout');
        // Copilot sets no CLAUDE_PROJECT_DIR: the hook runs from the repository root instead.
        const bash = commandLine.replace(/\$(\{?)CLAUDE_PROJECT_DIR\b/g, (_match, brace: string) => `$${brace}PWD`);
        if (bash !== commandLine) renamed = true;
        converted.push(plainObject([
          ['type', 'command'], ['bash', bash],
          ...(artefact.level === 'project' ? [['cwd', '.'] as const] : []),
          ...(typeof timeout === 'number' ? [['timeoutSec', timeout] as const] : []),
        ]));
      }
    }
    if (converted.length > 0) events.push([name, converted]);
  }
  if (events.length === 0) return planItem(artefact, { fidelity: 'lost', reason: 'none of these hooks has a Copilot counterpart', losses });
  const file = plainObject([['version', 1], ['hooks', plainObject(events)]]);
  return planItem(artefact, {
    fidelity: 'converted',
    reason: `written as a Copilot hooks file (${events.map(([name]) => name).join(', ')}; commands as "bash"${artefact.level === 'project' ? ', run from the repository root' : ''})${renamed ? '; $CLAUDE_PROJECT_DIR written as $PWD' : ''}`,
    target, losses,
    notes: [
      ...hooksRunClaudeScripts(artefact.events),
      ...(renamed && artefact.level === 'user' ? ['$PWD is the folder Copilot runs in, taken to be the project (u)'] : []),
      'Windows: Copilot runs a hook\'s "powershell" command there, which is not set',
      `VS Code also runs the hooks in ${artefact.level === 'user' ? '~/.claude/settings.json' : '.claude/settings.json'} itself`,
    ],
    changes: [fileChange(target, encodeUtf8(`${JSON.stringify(file, null, 2)}\n`))],
  });
}

function mcpServer(artefact: McpArtefact, context: MapContext): PlanItem {
  const { server, losses, problem } = toVsCodeServer(artefact.server.config);
  if (!server) return planItem(artefact, { fidelity: 'lost', reason: `not moved: ${problem}` });
  const user = artefact.origin !== 'project-file';
  const target = user ? at(HOME, `${vscodeUserFolder(context.platform)}/mcp.json`) : at(artefact.source.root, '.vscode/mcp.json');
  const entry = ['servers', artefact.server.name];
  return planItem(artefact, {
    fidelity: 'converted',
    reason: `added to ${user ? "VS Code's user mcp.json" : '.vscode/mcp.json'} under servers, with its type${usesVariables(artefact.server.config) ? '; ${VAR} written as ${env:VAR}' : ''}`,
    target: { ...target, entry },
    losses,
    notes: [
      ...(artefact.origin === 'local' ? ['Claude Code started it in this project only; VS Code has no private per-project file, so it goes to your user mcp.json and is there in every workspace'] : []),
      ...(user ? ["the mcp.json of VS Code's default profile"] : []),
    ],
    changes: [jsonChange(target, [{ path: entry, mode: 'set', value: server }], hasSecrets(artefact.server.config))],
  });
}
