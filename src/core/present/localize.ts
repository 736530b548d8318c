/**
 * Message lookup with `{0}`-style placeholders, the same contract as `vscode.l10n.t`,
 * so the core stays editor-free while every visible string is translatable.
 */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** A message cut at its placeholders: text, and for each `{N}` its index and how it is written. */
type MessagePieces = ReadonlyArray<string | { readonly index: number; readonly written: string }>;

/**
 * Messages already cut, by their text. They are the product's own (a few hundred), used
 * again for every finding of a report; the cache is bounded all the same.
 */
const cutMessages = new Map<string, MessagePieces>();
const MAX_CUT_MESSAGES = 4096;

function cut(message: string): MessagePieces {
  const pieces: Array<string | { index: number; written: string }> = [];
  let last = 0;
  for (const match of message.matchAll(/\{(\d+)\}/g)) {
    if (match.index > last) pieces.push(message.slice(last, match.index));
    pieces.push({ index: Number(match[1]), written: match[0] });
    last = match.index + match[0].length;
  }
  if (last < message.length || pieces.length === 0) pieces.push(message.slice(last));
  return pieces;
}

/** `message` with each `{N}` replaced by `args[N]`; a placeholder with no argument is left as written. */
export const formatMessage: Translate = (message, ...args) => {
  let pieces = cutMessages.get(message);
  if (pieces === undefined) {
    pieces = cut(message);
    if (cutMessages.size < MAX_CUT_MESSAGES) cutMessages.set(message, pieces);
  }
  let out = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') out += piece;
    else out += args[piece.index] === undefined ? piece.written : String(args[piece.index]);
  }
  return out;
};
