/**
 * Keeps remark's running time close to linear on hostile input.
 *
 * micromark spends time proportional to the square of the container depth on every
 * line (each line re-checks every open blockquote and list item), and to the square
 * of a delimiter run's length when long runs of `*` or `_` pair up as nested
 * emphasis. Measured here: 1,000 nested list items take about a minute, a 20,000
 * character `____…a…____` line about ten seconds.
 *
 * The guard rewrites such input before parsing, one character for one character so
 * that every offset, line and column stays the same:
 *  - a line whose leading container prefix (blockquote markers, list markers and
 *    indentation) could open more than MAX_CONTAINER_DEPTH containers gets its first
 *    character replaced, so it can neither open nor continue a container and is read
 *    as plain paragraph text;
 *  - a run of more than MAX_DELIMITER_RUN `*` or `_` that is not a line on its own
 *    (a thematic break) is replaced, so it is read as literal text, not emphasis.
 * Replacements are private-use characters; restore() maps them back in every string
 * the parser hands out, so text, code and cell values read as in the file.
 */

export const MAX_CONTAINER_DEPTH = 64;
export const MAX_DELIMITER_RUN = 32;

/** Characters the guard may replace, in the order of their private-use stand-ins. */
const REPLACEABLE = ' \t>-*+_0123456789';

export interface GuardResult {
  /** The text to parse: same length and line structure as the input. */
  text: string;
  /** Maps stand-ins back to the characters they replaced (identity when nothing was replaced). */
  restore: (text: string) => string;
  /** Lines read as plain text because they nest too deep. */
  deepLines: number[];
}

const identity = (text: string): string => text;

/** Upper bound of the containers a line's prefix can open: markers, plus indentation / 2 (a list level needs two columns). */
function prefixDepth(text: string, start: number, end: number): number {
  let markers = 0;
  let columns = 0;
  let k = start;
  while (k < end) {
    const c = text.charCodeAt(k);
    if (c === 32) {
      columns++;
      k++;
    } else if (c === 9) {
      columns += 4;
      k++;
    } else if (c === 62 /* > */) {
      markers++;
      k++;
    } else if (c === 45 || c === 42 || c === 43 /* - * + */) {
      const next = text.charCodeAt(k + 1);
      if (k + 1 < end && next !== 32 && next !== 9) break;
      markers++;
      k++;
    } else if (c >= 48 && c <= 57) {
      let j = k;
      while (j < end && j - k < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const delimiter = text.charCodeAt(j);
      if (delimiter !== 46 && delimiter !== 41) break;
      const next = text.charCodeAt(j + 1);
      if (j + 1 < end && next !== 32 && next !== 9) break;
      markers++;
      k = j + 1;
    } else break;
  }
  return markers + (columns >> 1);
}

export function guardPathologicalInput(text: string): GuardResult {
  let chars: string[] | undefined;
  const deepLines: number[] = [];
  let base = 0xe000;

  const replace = (offset: number): void => {
    if (!chars) {
      // Pick a private-use block the document does not use, so restoring is exact.
      while (base < 0xf800 && new RegExp(`[\\u${base.toString(16)}-\\u${(base + REPLACEABLE.length - 1).toString(16)}]`).test(text)) base += 0x100;
      chars = text.split('');
    }
    const index = REPLACEABLE.indexOf(text[offset] ?? '');
    if (index >= 0) chars[offset] = String.fromCharCode(base + index);
  };

  // Container depth, line by line.
  const length = text.length;
  let line = 1;
  let start = 0;
  while (start <= length) {
    let end = start;
    while (end < length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    if (end > start && prefixDepth(text, start, end) > MAX_CONTAINER_DEPTH) {
      replace(start);
      deepLines.push(line);
    }
    if (end >= length) break;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    line++;
  }

  // Long delimiter runs.
  const runs = new RegExp(`\\*{${MAX_DELIMITER_RUN + 1},}|_{${MAX_DELIMITER_RUN + 1},}`, 'g');
  for (let match = runs.exec(text); match; match = runs.exec(text)) {
    const from = match.index;
    const to = from + match[0].length;
    let before = from;
    while (before > 0 && (text.charCodeAt(before - 1) === 32 || text.charCodeAt(before - 1) === 9)) before--;
    let after = to;
    while (after < length && (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9)) after++;
    const lineStart = before === 0 || text.charCodeAt(before - 1) === 10 || text.charCodeAt(before - 1) === 13;
    const lineEnd = after === length || text.charCodeAt(after) === 10 || text.charCodeAt(after) === 13;
    if (lineStart && lineEnd) continue; // a thematic break
    for (let k = from; k < to; k++) replace(k);
  }

  if (!chars) return { text, restore: identity, deepLines };
  const guarded = chars.join('');
  const low = base;
  const high = base + REPLACEABLE.length - 1;
  const range = `[\\u${low.toString(16)}-\\u${high.toString(16)}]`;
  const probe = new RegExp(range);
  const all = new RegExp(range, 'g');
  const restore = (value: string): string =>
    probe.test(value) ? value.replace(all, (c) => REPLACEABLE[c.charCodeAt(0) - low] ?? c) : value;
  return { text: guarded, restore, deepLines };
}
