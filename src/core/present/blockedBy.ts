/**
 * Who disabled an installed extension. VS Code itself only says "not allowed"; the panel
 * says which of these did it, so a person knows whom to ask.
 */
export type BlockCause =
  /** VS Code's `extensions.allowed` as set by the organisation's machine policy (AllowedExtensions). */
  | 'organization-policy'
  /** This extension's own `enforce: block`, written to the user's `extensions.allowed`. */
  | 'this-extension'
  /** The person's own `extensions.allowed` user setting. */
  | 'user-setting'
  /** Disabled by hand in the Extensions view. */
  | 'person';

/** The values of `extensions.allowed` that decide, as the editor reports them. */
export interface AllowedSettings {
  /** The value in force (machine policy overrides user settings). */
  readonly effective?: unknown;
  /** The user-level value. */
  readonly user?: unknown;
  /** The machine policy's value, where the editor reports it separately. */
  readonly policy?: unknown;
  /** Ids this extension wrote as `false` for `enforce: block` (lower case). */
  readonly enforcedByUs: readonly string[];
}

function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether `extensions.allowed` lets `extensionId` run: the entry for the id, else for its
 * publisher, else `"*"`; an allow-list that names neither blocks it. Undefined when the
 * setting is absent or empty (everything allowed). Keys are compared case-insensitively.
 * @internal pure helper, unit-tested on setting shapes.
 */
export function allowedVerdict(allowed: unknown, extensionId: string): boolean | undefined {
  if (!isMapping(allowed)) return undefined;
  const entries = new Map(Object.entries(allowed).map(([key, value]) => [key.toLowerCase(), value]));
  if (entries.size === 0) return undefined;
  const id = extensionId.toLowerCase();
  const publisher = id.split('.')[0] ?? id;
  for (const key of [id, publisher, '*']) {
    if (!entries.has(key)) continue;
    // true, "stable" and version lists all let some version run.
    return entries.get(key) !== false;
  }
  return false;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Who disabled `extensionId`, which is installed but not running. */
export function blockCause(extensionId: string, settings: AllowedSettings): BlockCause {
  const id = extensionId.toLowerCase();
  if (settings.policy !== undefined) {
    if (allowedVerdict(settings.policy, id) === false) return 'organization-policy';
  } else if (allowedVerdict(settings.effective, id) === false && !sameValue(settings.effective, settings.user)) {
    // The value in force is not the user's: only a machine policy can override it.
    return 'organization-policy';
  }
  if (settings.enforcedByUs.includes(id) && allowedVerdict(settings.user, id) === false) return 'this-extension';
  if (allowedVerdict(settings.user, id) === false) return 'user-setting';
  return 'person';
}
