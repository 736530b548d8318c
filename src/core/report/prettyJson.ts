import { ITEMS_PER_PIECE, type Steps } from '../steps';

/**
 * `JSON.stringify(value, null, 2)` of an object with one long array (a report's findings),
 * in pieces (src/core/steps.ts): the array's items are written one at a time, the rest of
 * the object at once, and the text is the same, byte for byte. Stringifying tens of
 * thousands of findings at once would hold the editor's thread for as long.
 */
export function* prettyJsonSteps<T extends object>(value: T, longArray: keyof T & string): Steps<string> {
  const items = value[longArray];
  if (!Array.isArray(items) || items.length === 0) return JSON.stringify(value, null, 2);
  // A text that cannot be in the rest of the object, in the array's place; then replaced by it.
  let marker = `\u0000${longArray}\u0000`;
  let head = JSON.stringify({ ...value, [longArray]: marker }, null, 2);
  let quoted = JSON.stringify(marker);
  while (head.indexOf(quoted) !== head.lastIndexOf(quoted)) {
    marker += '\u0000';
    head = JSON.stringify({ ...value, [longArray]: marker }, null, 2);
    quoted = JSON.stringify(marker);
  }
  // Each piece's items stringified inside an object like the one they are in, at the same
  // depth, so their lines come indented as the whole would indent them; the wrapper is cut off.
  const prefix = `{\n  ${JSON.stringify(longArray)}: [\n`;
  const suffix = '\n  ]\n}';
  let written = '';
  for (let start = 0; start < items.length; start += ITEMS_PER_PIECE) {
    const piece = JSON.stringify({ [longArray]: items.slice(start, start + ITEMS_PER_PIECE) }, null, 2);
    written += (start === 0 ? '' : ',\n') + piece.slice(prefix.length, piece.length - suffix.length);
    // A pause between pieces only: an array of one piece is written in one go, like the rest of the steps.
    if (start + ITEMS_PER_PIECE < items.length) yield;
  }
  const at = head.indexOf(quoted);
  return `${head.slice(0, at)}[\n${written}\n  ]${head.slice(at + quoted.length)}`;
}
