import { isValidTimeZone, policyDateProblem } from '../dates';
import { parseGlob } from './glob';
import { hasInvisible, visibleText } from './visibleText';
import type { StringFormat } from './schema';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const EXTENSION_ID = /^[A-Za-z0-9*][A-Za-z0-9*_-]*\.[A-Za-z0-9*][A-Za-z0-9*._-]*$/;
export const COMMAND = /^[^\s/\\]+$/;
/** JetBrains plugin ids as the Marketplace takes them (letters, digits, `.`, `_`, `-`, `+`), and the older ones made of words ("String Manipulation"). */
export const PLUGIN_ID = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*(?: [A-Za-z0-9_.+-]+)*$/;
/** Longest plugin id accepted (the Marketplace allows 255 characters). */
const MAX_PLUGIN_ID_LENGTH = 255;
export const NPM_PACKAGE = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/**
 * An e-mail address as people write one: a local part of RFC 5321's plain characters (no
 * ":" or "/", so `https://intranet@evil.example` is no address), "@", and a domain of
 * dot-separated labels. Each label ends at a dot, so the pattern cannot backtrack.
 */
export const EMAIL = /^[A-Za-z0-9.!#$%&*+=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
const TEMPLATE_PLACEHOLDER = /\{([^{}]*)\}/g;
export const URL_TEMPLATE_PLACEHOLDERS = ['tool', 'rule', 'user'] as const;

/** Longest e-mail address (RFC 5321); also keeps the pattern's work small. */
const MAX_EMAIL_LENGTH = 254;
/** How much of a refused value an error message repeats. */
const QUOTE_LIMIT = 80;

/** A value as an error message shows it: quoted, and cut short when long. */
export function quote(text: string): string {
  if (text.length <= QUOTE_LIMIT) return visibleText(JSON.stringify(text));
  let cut = text.slice(0, QUOTE_LIMIT);
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${visibleText(JSON.stringify(cut).slice(0, -1))}…" (${text.length} characters)`;
}


/** A name from the file (an id, an anchor, a tag) as a message shows it: as written when short and plain, else quoted. */
export function nameInMessage(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is quoted
  return text.length <= QUOTE_LIMIT && !hasInvisible(text) && !/[\u0000-\u001f"]/.test(text) ? text : quote(text);
}

/**
 * What is wrong with a link target, or undefined. Only `https:` URLs written the way a
 * browser would write them back are accepted: `https:evil.example`, `https:\\evil.example`,
 * a leading space or a hidden user name (`https://intranet@evil.example`) all read one
 * way to a person and another way to the browser.
 */
function httpsUrlProblem(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\s\\\u0000-\u001f\u007f]/.test(text)) return `${quote(text)} is not an https: URL (it contains spaces, control characters or backslashes)`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${quote(text)} is not an https: URL`;
  }
  if (url.protocol !== 'https:') return `${quote(text)} is not an https: URL`;
  if (url.hostname.length === 0) return `${quote(text)} is not an https: URL (no host)`;
  if (url.username || url.password) return `${quote(text)} hides a user name or password before the host; write the URL without it`;
  if (!url.href.toLowerCase().startsWith(text.toLowerCase())) {
    return `${quote(text)} is not written the way a browser reads it (${quote(url.href)}); write it in that form`;
  }
  return undefined;
}

/** Checks a string against its format; returns what is wrong, or undefined when it is fine. */
export function checkFormat(format: StringFormat, text: string): string | undefined {
  switch (format) {
    case 'text':
      return text.trim().length === 0 ? 'must not be empty' : undefined;
    case 'id':
      return ID_PATTERN.test(text) ? undefined : `${quote(text)} is not a valid id (use lowercase letters, digits and "-")`;
    case 'tool-ref':
      return text === '*' || ID_PATTERN.test(text) ? undefined : `${quote(text)} is not a valid tool id (use lowercase letters, digits and "-", or "*")`;
    case 'email-or-url':
      if (text.length <= MAX_EMAIL_LENGTH && EMAIL.test(text)) return undefined;
      if (/^https:/i.test(text)) return httpsUrlProblem(text);
      return `${quote(text)} is neither an e-mail address nor an https: URL`;
    case 'url':
      return httpsUrlProblem(text);
    case 'url-template': {
      const unknown = [...text.matchAll(TEMPLATE_PLACEHOLDER)]
        .map((m) => m[1] ?? '')
        .filter((name) => !(URL_TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
      if (unknown.length > 0) {
        return `unknown placeholder {${nameInMessage(unknown[0] ?? '')}} (allowed: ${URL_TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`;
      }
      return httpsUrlProblem(text.replace(TEMPLATE_PLACEHOLDER, 'x')) === undefined ? undefined : `${quote(text)} is not an https: URL`;
    }
    case 'date':
      return policyDateProblem(text);
    case 'timezone':
      return isValidTimeZone(text) ? undefined : `${quote(text)} is not an IANA time zone (e.g. Asia/Shanghai, Europe/Berlin, UTC)`;
    case 'extension-id':
      return EXTENSION_ID.test(text) ? undefined : `${quote(text)} is not an extension id (expected publisher.name)`;
    case 'command':
      return COMMAND.test(text) ? undefined : `${quote(text)} is not a program name (no spaces or path separators)`;
    case 'package':
      return NPM_PACKAGE.test(text) ? undefined : `${quote(text)} is not an npm package name`;
    case 'plugin-id':
      return text.length <= MAX_PLUGIN_ID_LENGTH && PLUGIN_ID.test(text) ? undefined : `${quote(text)} is not a JetBrains plugin id (the <id> in META-INF/plugin.xml, e.g. com.github.copilot)`;
    case 'glob': {
      const parsed = parseGlob(text);
      return parsed.ok ? undefined : `${quote(text)} is not a valid glob: ${parsed.problem}`;
    }
  }
}
