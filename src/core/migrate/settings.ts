/**
 * Claude Code's `settings.json` (user, project, local): `hooks` and `permissions` are
 * what moves; every other key is named as not moved. Shapes follow Claude Code's settings
 * and hooks reference: `hooks.<Event>[] = { matcher?, hooks: [{ type, command, timeout }] }`.
 */
import { isObject, own, plainObject, type JsonObject } from './jsonValue';

export interface ClaudeSettings {
  readonly hooks?: JsonObject;
  readonly permissions?: JsonObject;
  /** Keys other than hooks and permissions (and `$schema`). */
  readonly otherKeys: readonly string[];
}

export interface HookGroup {
  readonly matcher?: string;
  readonly hooks: readonly JsonObject[];
}

export type HookEvents = { readonly events: ReadonlyArray<readonly [string, readonly HookGroup[]]> } | { readonly error: string };

export function readSettings(value: unknown): ClaudeSettings | { readonly error: string } {
  if (value === undefined) return { otherKeys: [] };
  if (!isObject(value)) return { error: 'the settings are not a JSON object' };
  const hooks = own(value, 'hooks');
  const permissions = own(value, 'permissions');
  if (hooks !== undefined && !isObject(hooks)) return { error: '"hooks" is not an object' };
  if (permissions !== undefined && !isObject(permissions)) return { error: '"permissions" is not an object' };
  return {
    ...(hooks !== undefined ? { hooks } : {}),
    ...(permissions !== undefined ? { permissions } : {}),
    otherKeys: Object.keys(value).filter((key) => key !== 'hooks' && key !== 'permissions' && key !== '$schema'),
  };
}

/** Each event's matcher groups, checked for the shape every target relies on. */
export function hookEvents(hooks: JsonObject): HookEvents {
  const events: Array<readonly [string, HookGroup[]]> = [];
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) return { error: `hooks.${event} is not a list` };
    const checked: HookGroup[] = [];
    for (const [index, group] of groups.entries()) {
      const where = `hooks.${event}[${index}]`;
      if (!isObject(group)) return { error: `${where} is not an object` };
      const matcher = own(group, 'matcher');
      const list = own(group, 'hooks');
      if (matcher !== undefined && typeof matcher !== 'string') return { error: `${where}.matcher is not a string` };
      if (!Array.isArray(list) || !list.every(isObject)) return { error: `${where}.hooks is not a list of objects` };
      checked.push({ ...(matcher !== undefined ? { matcher } : {}), hooks: list as JsonObject[] });
    }
    events.push([event, checked]);
  }
  return { events };
}

/** The group as written back: matcher (when any) and hooks. */
export function groupValue(group: HookGroup, hooks: readonly JsonObject[]): JsonObject {
  return plainObject([...(group.matcher !== undefined ? [['matcher', group.matcher] as const] : []), ['hooks', hooks] as const]);
}

/** Counts of permission rules, for the plan's text (the rules themselves are not printed). */
export function describePermissions(permissions: JsonObject): string {
  const parts: string[] = [];
  for (const key of ['allow', 'ask', 'deny']) {
    const list = own(permissions, key);
    if (Array.isArray(list)) parts.push(`${list.length} ${key}`);
  }
  const mode = own(permissions, 'defaultMode');
  if (typeof mode === 'string') parts.push(`defaultMode ${mode}`);
  return parts.length > 0 ? parts.join(', ') : 'no rules';
}
