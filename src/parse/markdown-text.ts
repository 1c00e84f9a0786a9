/**
 * Positions and plain text for the Markdown parser.
 *
 * LineIndex turns UTF-16 offsets into 1-based lines and columns. A column counts
 * UTF-16 code units from the start of the line, so a tab is one column and an
 * astral character (most emoji) two; a byte-order mark is removed before parsing
 * and never counted. Line endings are \n, \r\n and a lone \r, as in CommonMark.
 *
 * alignText() recovers where each character of a node's text came from. mdast gives
 * the text after CommonMark processing (backslash escapes removed, character
 * references decoded, container prefixes such as "> " and list indentation dropped
 * from continuation lines); walking the node's source slice alongside that text,
 * skipping what the processing removed, maps every character to a source offset in
 * one forward pass. TextCollector groups those characters by source line into
 * TextLines and keeps, per line, the column of each character when they are not
 * contiguous in the file (markup such as `**`, backticks or `[`…`](url)` sits
 * between them).
 */
import type { Source } from '../model/types.ts';

/**
 * The plain text of one source line of a block, with markup removed.
 * `column` is the file column of the first character of `text`. `columns`, when
 * present, gives the file column of every character of `text` (columns[i] for
 * text[i]); it is omitted when the characters are contiguous in the file, in which
 * case text[i] sits at column + i. Use locateInLine() rather than reading it directly.
 */
export interface TextLine {
  line: number;
  column: number;
  text: string;
  columns?: number[];
}

/** The exact Source of text[index, index + length) of a TextLine. */
export function locateInLine(textLine: TextLine, index: number, length: number, file: string): Source {
  const last = textLine.text.length - 1;
  const from = Math.max(0, Math.min(index, last));
  const to = Math.max(from, Math.min(index + Math.max(length, 1) - 1, last));
  const columnOf = (i: number): number => (textLine.columns ? (textLine.columns[i] ?? textLine.column + i) : textLine.column + i);
  const column = last < 0 ? textLine.column : columnOf(from);
  const endColumn = last < 0 ? textLine.column : length <= 0 ? column : columnOf(to) + 1;
  return { file, line: textLine.line, column, endLine: textLine.line, endColumn: Math.max(endColumn, column) };
}

export class LineIndex {
  /** Offset of the first character of each line; starts[0] is line 1. */
  readonly starts: number[] = [0];
  /** Number of lines, not counting the empty line after a final line ending (at least 1). */
  readonly lineCount: number;
  private hint = 0;

  constructor(readonly text: string) {
    const starts = this.starts;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) starts.push(i + 1);
      else if (code === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    const lastStart = starts[starts.length - 1] ?? 0;
    this.lineCount = starts.length > 1 && lastStart === length ? starts.length - 1 : starts.length;
  }

  /** 1-based line of an offset (offsets past the end belong to the last line). */
  lineOf(offset: number): number {
    const starts = this.starts;
    const n = starts.length;
    const h = this.hint;
    const hs = starts[h] ?? 0;
    if (offset >= hs) {
      const next = starts[h + 1];
      if (next === undefined || offset < next) return h + 1;
      const after = starts[h + 2];
      if (after === undefined || offset < after) {
        this.hint = h + 1;
        return h + 2;
      }
    }
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo + 1;
  }

  /** 1-based column of an offset on a known line. */
  columnOf(offset: number, line: number): number {
    return offset - (this.starts[line - 1] ?? 0) + 1;
  }

  /** Offset just past the last character of a line, before its line ending. */
  lineEnd(line: number): number {
    const next = this.starts[line];
    if (next === undefined) return this.text.length;
    let end = next - 1;
    if (this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /**
   * Source of [start, end). An end that falls at the start of a later line (a node that
   * swallowed its final line ending, such as an unclosed fence) is moved back to the
   * end of the line before, so endLine is the last line with content of the node.
   */
  source(file: string, start: number, end: number): Source {
    const line = this.lineOf(start);
    const column = this.columnOf(start, line);
    let endLine = this.lineOf(Math.max(end, start));
    let endColumn = this.columnOf(Math.max(end, start), endLine);
    if (endColumn === 1 && endLine > line) {
      endLine--;
      endColumn = this.lineEnd(endLine) - (this.starts[endLine - 1] ?? 0) + 1;
    }
    return { file, line, column, endLine, endColumn };
  }
}

/** Receives the text of a block piece by piece: `text` came from the file at `offset`, `offset + 1` …; never contains a line ending. */
export type TextSink = (text: string, offset: number) => void;

/** How far the aligner looks ahead for a character that processing moved (escapes, character references, markup inside image alt text). */
const WINDOW = 64;
const ENTITY = /&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/y;

function entityLength(src: string, at: number, to: number): number {
  ENTITY.lastIndex = at;
  const match = ENTITY.exec(src);
  if (!match || at + match[0].length > to) return 0;
  return match[0].length;
}

/** Skips the container prefix of a continuation line: indentation and up to `quoteDepth` blockquote markers. */
function skipPrefix(src: string, at: number, to: number, quoteDepth: number): number {
  let k = at;
  for (let q = 0; ; q++) {
    while (k < to && (src.charCodeAt(k) === 32 || src.charCodeAt(k) === 9)) {
      // Whitespace before a marker is indentation; after the last marker it may be content, so stop there.
      if (q >= quoteDepth) return k;
      k++;
    }
    if (q >= quoteDepth || k >= to || src.charCodeAt(k) !== 62) return k;
    k++;
    if (k < to && (src.charCodeAt(k) === 32 || src.charCodeAt(k) === 9)) k++;
  }
}

/**
 * Maps the characters of `value`, the processed text of the source slice [from, to),
 * to the offsets they came from, and hands them to `sink` in runs of consecutive
 * offsets. Line endings in `value` are not emitted (they only move to the next line).
 * Linear: the source position only moves forward and every look-ahead is bounded.
 */
export function alignText(src: string, value: string, from: number, to: number, quoteDepth: number, sink: TextSink): void {
  if (value.length === 0) return;
  if (to - from === value.length && !/[\n\r]/.test(value) && src.startsWith(value, from)) {
    sink(value, from);
    return;
  }
  let s = from;
  let run = '';
  let runStart = 0;
  let runNext = -1;
  const put = (text: string, offset: number): void => {
    if (run !== '' && offset === runNext) {
      run += text;
      runNext += text.length;
      return;
    }
    if (run !== '') sink(run, runStart);
    run = text;
    runStart = offset;
    runNext = offset + text.length;
  };
  const last = Math.max(from, to - 1);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 10 || code === 13) {
      if (code === 13 && value.charCodeAt(i + 1) === 10) i++;
      let k = s;
      while (k < to && src.charCodeAt(k) !== 10 && src.charCodeAt(k) !== 13) k++;
      if (k >= to) continue;
      s = k + (src.charCodeAt(k) === 13 && src.charCodeAt(k + 1) === 10 ? 2 : 1);
      s = skipPrefix(src, s, to, quoteDepth);
      continue;
    }
    const limit = Math.min(to, s + WINDOW);
    let found = -1;
    for (let k = s; k < limit; k++) {
      const c = src.charCodeAt(k);
      if (c === 38 /* & */) {
        const length = entityLength(src, k, to);
        if (length > 0 && !(code === 38 && value.startsWith(src.slice(k, k + length), i))) {
          // A character reference: its decoded character(s) all map to the '&'.
          found = k;
          s = k + length;
          const next = value.charCodeAt(i + 1);
          if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            put(value.slice(i, i + 2), k);
            i++;
            found = -2;
          }
          break;
        }
      }
      if (c === code || (c === 0 && code === 0xfffd)) {
        found = k;
        s = k + 1;
        break;
      }
      if (c === 92 /* \ */ && k + 1 < to && src.charCodeAt(k + 1) === code) {
        found = k + 1;
        s = k + 2;
        break;
      }
      if ((c === 10 || c === 13) && code === 32) {
        // A line ending that became a space (code spans in some CommonMark versions).
        found = k;
        s = k + (c === 13 && src.charCodeAt(k + 1) === 10 ? 2 : 1);
        s = skipPrefix(src, s, to, quoteDepth);
        break;
      }
    }
    if (found === -2) continue;
    if (found < 0) {
      // Not found nearby: keep the character at the current position without moving on.
      put(value[i] ?? '', Math.min(s, last));
      continue;
    }
    put(value[i] ?? '', found);
  }
  if (run !== '') sink(run, runStart);
}

/** Builds the TextLines of one block from aligned runs. */
export class TextCollector {
  readonly lines: TextLine[] = [];
  private line = -1;
  private column = 0;
  private text = '';
  private columns: number[] = [];
  private contiguous = true;
  private nextColumn = 0;

  constructor(
    private readonly index: LineIndex,
    private readonly restore: (text: string) => string,
  ) {}

  readonly sink: TextSink = (text, offset) => {
    const line = this.index.lineOf(offset);
    const column = this.index.columnOf(offset, line);
    if (line !== this.line) {
      this.flush();
      this.line = line;
      this.column = column;
      this.nextColumn = column;
    }
    if (column !== this.nextColumn) this.contiguous = false;
    this.text += text;
    for (let i = 0; i < text.length; i++) this.columns.push(column + i);
    this.nextColumn = column + text.length;
  };

  private flush(): void {
    if (this.line >= 0 && this.text.trim() !== '') {
      const textLine: TextLine = { line: this.line, column: this.column, text: this.restore(this.text) };
      if (!this.contiguous) textLine.columns = this.columns;
      this.lines.push(textLine);
    }
    this.line = -1;
    this.text = '';
    this.columns = [];
    this.contiguous = true;
  }

  finish(): TextLine[] {
    this.flush();
    return this.lines;
  }
}
