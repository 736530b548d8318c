import { isPolicyDate, isValidTimeZone } from '../dates';
import type { StringFormat } from './schema';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const EXTENSION_ID = /^[A-Za-z0-9*][A-Za-z0-9*_-]*\.[A-Za-z0-9*][A-Za-z0-9*._-]*$/;
export const COMMAND = /^[^\s/\\]+$/;
export const NPM_PACKAGE = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
export const EMAIL = /^[^\s@<>()"']+@[^\s@<>()"']+\.[^\s@<>()"']+$/;
const TEMPLATE_PLACEHOLDER = /\{([^{}]*)\}/g;
export const URL_TEMPLATE_PLACEHOLDERS = ['tool', 'rule', 'user'] as const;

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const quote = (text: string) => JSON.stringify(text);

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
      return EMAIL.test(text) || isWebUrl(text) ? undefined : `${quote(text)} is neither an e-mail address nor an http(s) URL`;
    case 'url':
      return isWebUrl(text) ? undefined : `${quote(text)} is not an http(s) URL`;
    case 'url-template': {
      const unknown = [...text.matchAll(TEMPLATE_PLACEHOLDER)]
        .map((m) => m[1] ?? '')
        .filter((name) => !(URL_TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
      if (unknown.length > 0) {
        return `unknown placeholder {${unknown[0]}} (allowed: ${URL_TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`;
      }
      return isWebUrl(text.replace(TEMPLATE_PLACEHOLDER, 'x')) ? undefined : `${quote(text)} is not an http(s) URL`;
    }
    case 'date':
      return isPolicyDate(text) ? undefined : `${quote(text)} is not a date (expected YYYY-MM-DD or ISO 8601 with offset)`;
    case 'timezone':
      return isValidTimeZone(text) ? undefined : `${quote(text)} is not an IANA time zone (e.g. Asia/Shanghai, Europe/Berlin, UTC)`;
    case 'extension-id':
      return EXTENSION_ID.test(text) ? undefined : `${quote(text)} is not an extension id (expected publisher.name)`;
    case 'command':
      return COMMAND.test(text) ? undefined : `${quote(text)} is not a program name (no spaces or path separators)`;
    case 'package':
      return NPM_PACKAGE.test(text) ? undefined : `${quote(text)} is not an npm package name`;
    case 'glob':
      return text.trim().length === 0 ? 'must not be empty' : undefined;
  }
}
