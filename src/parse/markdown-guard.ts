/**
 * Keeps remark's running time close to linear on hostile input.
 *
 * micromark is super-linear in three places (measured on this machine):
 *  - container depth: every line re-checks every open blockquote and list item, so
 *    1,000 nested list items take about a minute;
 *  - long delimiter runs: `____…a…____` (20,000 each side) pairs up as 10,000 nested
 *    emphasis nodes in about ten seconds;
 *  - many delimiters or brackets in one paragraph: emphasis openers that never close,
 *    or `[![` nested a few thousand times, cost the square of their number
 *    (30 KB of such text takes 15 seconds).
 *
 * The guard rewrites such input before parsing, one character for one character, so
 * every offset, line and column stays the same:
 *  - a line whose leading container prefix (blockquote markers, list markers and
 *    indentation) could open more than MAX_CONTAINER_DEPTH containers gets its first
 *    character replaced, so it can neither open nor continue a container and is read
 *    as plain paragraph text;
 *  - a run of more than MAX_DELIMITER_RUN `*` or `_` that is not a line on its own
 *    (a thematic break) is replaced, so it is read as literal text, not emphasis;
 *  - when the paragraphs' delimiter and bracket counts, squared and summed, exceed a
 *    budget proportional to the file size, the paragraphs with the most lose their
 *    `*`, `_` and `[` (largest first, until the rest fits), so they are read without
 *    inline markup. Real documents stay far below the budget.
 * Replacements are private-use characters; restore() maps them back in every string
 * the parser hands out, so text, code and cell values read as in the file.
 */

export const MAX_CONTAINER_DEPTH = 64;
export const MAX_DELIMITER_RUN = 32;
/** Budget for Σ (delimiter runs + `[`)² over paragraphs: a base plus this much per character of the file. */
const INLINE_BUDGET_BASE = 2_000_000;
const INLINE_BUDGET_PER_CHAR = 4;

/** Characters the guard may replace, in the order of their private-use stand-ins. */
const REPLACEABLE = ' \t>-*+_[0123456789';

export interface GuardResult {
  /** The text to parse: same length and line structure as the input. */
  text: string;
  /** Maps stand-ins back to the characters they replaced (identity when nothing was replaced). */
  restore: (text: string) => string;
  /** Lines read as plain text because they nest too deep. */
  deepLines: number[];
  /** First lines of the paragraphs read without inline markup. */
  flattenedLines: number[];
}

const identity = (text: string): string => text;

/** Upper bound of the containers a line's prefix can open: markers, plus indentation / 2 (a nested list level needs two more columns). */
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
      if (text.charCodeAt(k) === 32) k++; // the space that belongs to the marker
    } else if (c === 45 || c === 42 || c === 43 /* - * + */) {
      const next = text.charCodeAt(k + 1);
      if (k + 1 < end && next !== 32 && next !== 9) break;
      markers++;
      k += next === 32 ? 2 : 1;
    } else if (c >= 48 && c <= 57) {
      let j = k;
      while (j < end && j - k < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const delimiter = text.charCodeAt(j);
      if (delimiter !== 46 && delimiter !== 41) break;
      const next = text.charCodeAt(j + 1);
      if (j + 1 < end && next !== 32 && next !== 9) break;
      markers++;
      k = j + 1 + (next === 32 ? 1 : 0);
    } else break;
  }
  return markers + (columns >> 1);
}

/** Delimiter runs of `*` or `_` plus `[` characters in [start, end). */
function inlineWeight(text: string, start: number, end: number): number {
  let weight = 0;
  let previous = 0;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if ((c === 42 || c === 95) && c !== previous) weight++;
    else if (c === 91) weight++;
    previous = c;
  }
  return weight;
}

/** What a line starts, as far as splitting paragraphs goes. */
function lineKind(text: string, start: number, end: number): 'blank' | 'fence' | 'block' | 'delimiter-row' | 'text' {
  let k = start;
  while (k < end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 62)) k++;
  if (k >= end) return 'blank';
  const c = text.charCodeAt(k);
  if ((c === 96 || c === 126) && text.charCodeAt(k + 1) === c && text.charCodeAt(k + 2) === c) return 'fence';
  if (c === 35 /* # */) return 'block';
  const next = text.charCodeAt(k + 1);
  if ((c === 45 || c === 42 || c === 43) && (k + 1 >= end || next === 32 || next === 9)) return 'block';
  if (c === 49 && (next === 46 || next === 41)) return 'block';
  if (c === 124 || c === 58 || c === 45 /* | : - */) {
    const rest = text.slice(k, end);
    if (rest.includes('|') && /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/.test(rest)) return 'delimiter-row';
  }
  return 'text';
}

export function guardPathologicalInput(text: string): GuardResult {
  let chars: string[] | undefined;
  const deepLines: number[] = [];
  const flattenedLines: number[] = [];
  let base = 0xe000;

  const replace = (offset: number): void => {
    if (!chars) {
      // Pick a private-use block the document does not use, so restoring is exact.
      const span = (b: number): RegExp => new RegExp(`[\\u${b.toString(16)}-\\u${(b + REPLACEABLE.length - 1).toString(16)}]`);
      while (base < 0xf800 && span(base).test(text)) base += 0x100;
      chars = text.split('');
    }
    const index = REPLACEABLE.indexOf(text[offset] ?? '');
    if (index >= 0) chars[offset] = String.fromCharCode(base + index);
  };

  // One pass over the lines: container depth, and paragraph-like units for the inline budget.
  const units: { start: number; end: number; weight: number; line: number }[] = [];
  let unit: { start: number; end: number; weight: number; line: number } | undefined;
  let previousKind: ReturnType<typeof lineKind> = 'blank';
  let inFence = false;
  let inTable = false;
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

    const kind = lineKind(text, start, end);
    if (kind === 'fence') {
      inFence = !inFence;
      unit = undefined;
    } else if (!inFence) {
      if (kind === 'blank') {
        unit = undefined;
        inTable = false;
      } else {
        if (kind === 'delimiter-row' && previousKind !== 'blank') inTable = true;
        // A new unit at each block start, and at each row of a table (cells are parsed one by one).
        if (kind !== 'text' || inTable || !unit) {
          unit = { start, end, weight: 0, line };
          units.push(unit);
        }
        unit.end = end;
        unit.weight += inlineWeight(text, start, end);
      }
    }
    previousKind = kind;

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

  // The inline budget.
  const budget = INLINE_BUDGET_BASE + INLINE_BUDGET_PER_CHAR * length;
  let total = 0;
  for (const u of units) total += u.weight * u.weight;
  if (total > budget) {
    const heaviest = [...units].sort((a, b) => b.weight - a.weight);
    for (const u of heaviest) {
      if (total <= budget) break;
      total -= u.weight * u.weight;
      flattenedLines.push(u.line);
      for (let k = u.start; k < u.end; k++) {
        const c = text.charCodeAt(k);
        if (c === 42 || c === 95 || c === 91) replace(k);
      }
    }
    flattenedLines.sort((a, b) => a - b);
  }

  if (!chars) return { text, restore: identity, deepLines, flattenedLines };
  const guarded = chars.join('');
  const low = base;
  const high = base + REPLACEABLE.length - 1;
  const range = `[\\u${low.toString(16)}-\\u${high.toString(16)}]`;
  const probe = new RegExp(range);
  const all = new RegExp(range, 'g');
  const restore = (value: string): string =>
    probe.test(value) ? value.replace(all, (c) => REPLACEABLE[c.charCodeAt(0) - low] ?? c) : value;
  return { text: guarded, restore, deepLines, flattenedLines };
}
