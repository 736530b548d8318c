/**
 * Text from the machine and the policy is untrusted: an extension id, a process's
 * arguments, a file path or a policy's reason may hold terminal escape sequences, line
 * breaks (U+2028 and U+2029 too), bidirectional controls, or invisible characters
 * (zero-width spaces and joiners, the soft hyphen, a byte order mark) that make two
 * different names look the same. Shown on a terminal, each becomes a visible `\u{…}`
 * escape; so does half of a surrogate pair, which no terminal can show.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text with none of the characters above and no surrogate at all: nothing to escape. One
 * pass over a character class, where UNSAFE tries its alternatives at each character; a
 * large report shows hundreds of thousands of lines, nearly all of them like this.
 */
// eslint-disable-next-line no-control-regex
const NOTHING_TO_ESCAPE = /^[^\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]*$/;

export function safeText(text: string): string {
  if (NOTHING_TO_ESCAPE.test(text)) return text;
  return escapeUnsafe(text);
}

/**
 * Every unsafe character as a visible escape (what safeText does when there is one).
 * @internal the property test holds safeText's quick way to it.
 */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    return `\\u{${(ch.charCodeAt(0)).toString(16)}}`;
  });
}

export interface Painter {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly green: (text: string) => string;
}

const identity = (text: string) => text;
const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** Colour only on a terminal, and never when NO_COLOR is set to anything (no-color.org). */
export function painter(enabled: boolean): Painter {
  if (!enabled) return { bold: identity, dim: identity, red: identity, yellow: identity, cyan: identity, green: identity };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), green: sgr(32, 39) };
}

export function colourWanted(isTty: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTty;
}
