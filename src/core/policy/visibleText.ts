/**
 * Characters JSON leaves as they are but a reader cannot see or that reorder text (C1
 * controls, NEL, line and paragraph separators, zero-width and bidi marks, the BOM, lone
 * surrogates): written as `\u{…}`, so `"rules\u{feff}"` never reads as `"rules"`.
 */
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (ch) => `\\u{${(ch.charCodeAt(0)).toString(16)}}`);
}

const HAS_INVISIBLE = new RegExp(INVISIBLE.source);

export function hasInvisible(text: string): boolean {
  return HAS_INVISIBLE.test(text);
}
