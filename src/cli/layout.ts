/**
 * Lines that fit the terminal: text wrapped at spaces to a width in columns, where wide
 * East Asian characters take two. A word longer than the line (a deep path) is broken
 * after a path separator where one fits, else where the line ends.
 */

/**
 * Unicode's East Asian Wide and Fullwidth blocks that Chinese, Japanese and Korean text
 * use; they take two columns in a terminal. (Control and invisible characters never get
 * here: they are escaped first.)
 */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\ud840-\ud8bf][\udc00-\udfff]/u;

/** Columns a character takes. */
const columnsOf = (ch: string) => (WIDE.test(ch) ? 2 : 1);

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += columnsOf(ch);
  return width;
}

/** Splits a word that cannot fit into pieces of at most `room` columns, preferring a break after `/` or `\`. */
function breakWord(word: string, room: number): string[] {
  const pieces: string[] = [];
  let rest = Array.from(word);
  while (rest.length > 0) {
    let width = 0;
    let end = 0;
    let lastSeparator = -1;
    while (end < rest.length && width + columnsOf(rest[end] as string) <= room) {
      width += columnsOf(rest[end] as string);
      if (rest[end] === '/' || rest[end] === '\\') lastSeparator = end;
      end++;
    }
    if (end === 0) end = 1; // a room narrower than one character: one per line
    const cut = end < rest.length && lastSeparator > 0 ? lastSeparator + 1 : end;
    pieces.push(rest.slice(0, cut).join(''));
    rest = rest.slice(cut);
  }
  return pieces;
}

/**
 * `text` as lines of at most `width` columns: the first starts with `indent`, the others
 * with `hangingIndent`. Runs of spaces between words become one.
 */
export function wrap(text: string, width: number, indent = '', hangingIndent = indent): string[] {
  const lines: string[] = [];
  let line = indent;
  let lineWidth = displayWidth(indent);
  let empty = true;
  const room = (prefix: string) => Math.max(1, width - displayWidth(prefix));
  const newLine = () => {
    lines.push(line);
    line = hangingIndent;
    lineWidth = displayWidth(hangingIndent);
    empty = true;
  };
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const wordWidth = displayWidth(word);
    if (!empty && lineWidth + 1 + wordWidth > width) newLine();
    if (wordWidth > room(empty ? line : `${line} `)) {
      const pieces = breakWord(word, room(empty ? line : hangingIndent));
      for (const [index, piece] of pieces.entries()) {
        if (index > 0 || !empty) newLine();
        line += piece;
        lineWidth += displayWidth(piece);
        empty = false;
      }
      continue;
    }
    line += empty ? word : ` ${word}`;
    lineWidth += (empty ? 0 : 1) + wordWidth;
    empty = false;
  }
  lines.push(line);
  return lines;
}
