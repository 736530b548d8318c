import type { PanelModel } from './panelModel';

/**
 * Messages the panel's webview may send. The webview shows untrusted text, so what it
 * posts is parsed like any other input and each request is checked against the model
 * it was shown: only links the policy names, only extensions the findings or
 * alternatives name, only terminals the evidence names.
 */
export type PanelMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'openExternal'; readonly url: string }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'uninstall'; readonly extensionId: string }
  | { readonly type: 'focusTerminal'; readonly name: string }
  | { readonly type: 'installAlternative'; readonly extensionId: string }
  /** "Move my setup to …" on a rule's card: make the plan (nothing is written). */
  | { readonly type: 'planMigration'; readonly ruleId: string }
  /** Apply the plan shown (the editor still asks the person to confirm). */
  | { readonly type: 'applyMigration'; readonly planId: string }
  | { readonly type: 'closeMigration'; readonly planId: string }
  | { readonly type: 'acknowledge'; readonly ruleId: string };

/** No field of a legitimate message comes near this; a longer one is not from the panel. */
const MAX_FIELD_LENGTH = 8192;

const FIELDS: Readonly<Record<PanelMessage['type'], string | undefined>> = {
  ready: undefined,
  openExternal: 'url',
  copy: 'text',
  uninstall: 'extensionId',
  focusTerminal: 'name',
  installAlternative: 'extensionId',
  planMigration: 'ruleId',
  applyMigration: 'planId',
  closeMigration: 'planId',
  acknowledge: 'ruleId',
};

/**
 * The message, or undefined when it is not exactly one of the shapes above.
 * @internal parser of untrusted webview messages, unit-tested on crafted input.
 */
export function parsePanelMessage(value: unknown): PanelMessage | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const type = record.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(FIELDS, type)) return undefined;
  const field = FIELDS[type as PanelMessage['type']];
  if (field === undefined) return keys.length === 1 ? { type: 'ready' } : undefined;
  const text = record[field];
  if (keys.length !== 2 || typeof text !== 'string' || text.length === 0 || text.length > MAX_FIELD_LENGTH) return undefined;
  return { type, [field]: text } as PanelMessage;
}

/**
 * Every link the panel shows as clickable: https: only.
 * @internal pure helper, unit-tested on crafted text.
 */
export function linksIn(model: PanelModel): Set<string> {
  const urls = new Set<string>();
  const add = (url: string | undefined) => { if (url !== undefined && /^https:\/\//i.test(url)) urls.add(url); };
  add(model.policyUrl);
  add(model.contact);
  for (const card of model.cards) {
    add(card.alternative?.url);
    card.links.forEach((link) => add(link.url));
    add(card.exceptionRequestUrl);
  }
  return urls;
}

export type PanelDecision =
  | { readonly accepted: true; readonly message: PanelMessage; readonly toolName?: string }
  | { readonly accepted: false; readonly reason: string };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The plan the panel shows: its id, and whether it offers Apply. */
export interface ShownMigration {
  readonly id: string;
  readonly canApply: boolean;
}

/** Whether the model (and the plan) the person saw offers what the message asks for. */
export function decidePanelMessage(raw: unknown, model: PanelModel | undefined, migration?: ShownMigration): PanelDecision {
  const message = parsePanelMessage(raw);
  if (!message) return { accepted: false, reason: 'not a panel message' };
  if (message.type === 'ready') return { accepted: true, message };
  if (message.type === 'applyMigration') {
    if (migration?.id !== message.planId) return { accepted: false, reason: 'not the plan the panel shows' };
    return migration.canApply ? { accepted: true, message } : { accepted: false, reason: 'the plan shown has nothing to apply' };
  }
  if (message.type === 'closeMigration') {
    return migration?.id === message.planId ? { accepted: true, message } : { accepted: false, reason: 'not the plan the panel shows' };
  }
  if (!model) return { accepted: false, reason: 'the panel has no content yet' };
  switch (message.type) {
    case 'openExternal':
      return linksIn(model).has(message.url) ? { accepted: true, message } : { accepted: false, reason: 'the policy names no such https: link' };
    case 'copy':
      return model.cards.some((card) => card.alternative?.commands.includes(message.text))
        ? { accepted: true, message }
        : { accepted: false, reason: 'not a command the policy offers' };
    case 'uninstall': {
      // The id acted on is the one the editor reported, not the one the webview sent.
      for (const card of model.cards) {
        const found = card.evidence.find((e) => e.extensionId !== undefined && same(e.extensionId, message.extensionId));
        if (found?.extensionId !== undefined) return { accepted: true, message: { type: 'uninstall', extensionId: found.extensionId }, toolName: card.toolName };
      }
      return { accepted: false, reason: 'no finding names this extension' };
    }
    case 'installAlternative': {
      const id = model.cards.flatMap((card) => card.alternative?.extensions ?? []).find((candidate) => same(candidate, message.extensionId));
      return id !== undefined ? { accepted: true, message: { type: 'installAlternative', extensionId: id } } : { accepted: false, reason: 'no alternative names this extension' };
    }
    case 'focusTerminal':
      return model.cards.some((card) => card.evidence.some((e) => e.terminalName === message.name))
        ? { accepted: true, message }
        : { accepted: false, reason: 'no finding names this terminal' };
    case 'planMigration':
      return model.cards.some((card) => card.ruleId === message.ruleId && card.alternative?.moveLabel !== undefined)
        ? { accepted: true, message }
        : { accepted: false, reason: 'no card offers to move a setup for this rule' };
    case 'acknowledge':
      return model.cards.some((card) => card.ruleId === message.ruleId && card.acknowledgeLabel !== undefined)
        ? { accepted: true, message }
        : { accepted: false, reason: 'no card offers to acknowledge this rule' };
  }
}
