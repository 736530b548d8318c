/**
 * Lines that fit the terminal: text wrapped at spaces to a width in columns, where wide
 * East Asian characters take two. A word longer than the line (a deep path, a URL) gets
 * a line of its own and is never cut: a path split over two lines could not be copied.
 */

/**
 * Unicode's East Asian Wide and Fullwidth blocks that Chinese, Japanese and Korean text
 * use; they take two columns in a terminal. (Control and invisible characters never get
 * here: they are escaped first.)
 */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\ud840-\ud8bf][\udc00-\udfff]/u;

/** One column a character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/**
 * Words of characters that each take one column and one UTF-16 unit (no wide character,
 * no surrogate), one space between them: a line that fits comes back from wrap()
 * unchanged, and its width is its length. The ranges are WIDE's, with every surrogate.
 */
const ONE_SPACED_NARROW = /^[^ \u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\ud800-\udfff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+(?: [^ \u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\ud800-\udfff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+)*$/;

/**
 * @internal pure helper, unit-tested on wide and combining characters.
 */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/**
 * `text` as lines of at most `width` columns (but for a word that alone is wider): the
 * first starts with `indent`, the others with `hangingIndent`. Runs of spaces between
 * words become one. Chinese text, which has no spaces, may break between any two wide
 * characters, as it does in print.
 */
export function wrap(text: string, width: number, indent = '', hangingIndent = indent): string[] {
  // Most lines of a report are short and narrow: they fit as they are, with nothing to collapse.
  if (text.length + indent.length <= width && ONE_SPACED_NARROW.test(text) && PRINTABLE_ASCII.test(indent)) return [indent + text];
  const lines: string[] = [];
  let line = indent;
  let lineWidth = displayWidth(indent);
  let empty = true;
  const add = (piece: string, pieceWidth: number, separator: string) => {
    if (!empty && lineWidth + separator.length + pieceWidth > width) {
      lines.push(line);
      line = hangingIndent;
      lineWidth = displayWidth(hangingIndent);
      empty = true;
    }
    line += empty ? piece : `${separator}${piece}`;
    lineWidth += (empty ? 0 : separator.length) + pieceWidth;
    empty = false;
  };
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const wordWidth = displayWidth(word);
    if (wordWidth <= width - displayWidth(hangingIndent) || !WIDE.test(word)) {
      add(word, wordWidth, ' ');
      continue;
    }
    // A long run of Chinese: character by character, the first one after a space.
    let first = true;
    for (const ch of word) {
      add(ch, WIDE.test(ch) ? 2 : 1, first ? ' ' : '');
      first = false;
    }
  }
  lines.push(line);
  return lines;
}
