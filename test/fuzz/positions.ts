/**
 * Generic position checks for any result object: every Source-like object found
 * anywhere in it must point inside the file it names.
 */

/**
 * How a format ends lines. Markdown (CommonMark): \n, \r\n and a lone \r. YAML (the
 * `yaml` library's LineCounter) and haproxy.cfg (HAProxy reads with fgets): \n only,
 * a \r before it being part of the line ending.
 */
export type LineBreaks = 'markdown' | 'lf';

/** The lines of a file as a parser sees them (a leading BOM is not part of line 1). */
export class FileLines {
  /** Length of each line in UTF-16 code units, without its line ending; index 0 is line 1. */
  readonly lengths: number[] = [];

  constructor(
    readonly text: string,
    readonly breaks: LineBreaks,
  ) {
    const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    let start = 0;
    for (let i = 0; i < content.length; i++) {
      const c = content.charCodeAt(i);
      if (c === 10) {
        const crlf = i > start && content.charCodeAt(i - 1) === 13;
        this.lengths.push(i - start - (crlf ? 1 : 0));
        start = i + 1;
      } else if (c === 13 && breaks === 'markdown' && content.charCodeAt(i + 1) !== 10) {
        this.lengths.push(i - start);
        start = i + 1;
      }
    }
    this.lengths.push(content.length - start);
  }

  /**
   * Lines that a position may name: the file's lines as `wc -l` counts them, so not the empty
   * "line" after a final line ending (reporters such as GitHub annotations have no such line).
   * An empty file has one line.
   */
  get count(): number {
    const n = this.lengths.length;
    return n > 1 && this.lengths[n - 1] === 0 ? n - 1 : n;
  }

  /** Length of a 1-based line, or undefined past the end. */
  length(line: number): number | undefined {
    return this.lengths[line - 1];
  }
}

export type Files = ReadonlyMap<string, FileLines>;

interface Violation {
  path: string;
  problem: string;
  value: unknown;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const has = (o: Record<string, unknown>, key: string) => typeof o[key] === 'number';

/** Messages of the parsers' last-resort catch blocks: reaching one means a parser threw. */
const INTERNAL_ERROR = /internal error|Could not read the file as YAML|Could not read embedded Synapse configuration/;

/**
 * Walks `value` (objects and arrays, cycles and functions skipped) and checks:
 *  - Sources ({line, column, endLine, endColumn}, `file` when present naming a known file):
 *    integers, 1 ≤ line ≤ endLine ≤ lines of the file, columns ≥ 1 and at most one past the
 *    end of their line, endColumn ≥ column on a single line;
 *  - TextLines ({line, column, text}): the line exists, the column is on it;
 *  - Sections ({startLine, endLine}) and Suppressions ({fromLine, toLine}): ordered, in the file;
 *  - no `message` is a parser's internal-error fallback.
 * `defaultFile` is used for objects without a `file` key.
 */
export function positionViolations(value: unknown, files: Files, defaultFile: string): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown, path: string, file: string, depth: number): void => {
    if (out.length >= 20 || node === null || typeof node !== 'object' || seen.has(node) || depth > 400) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, file, depth + 1));
      return;
    }
    const o = node as Record<string, unknown>;
    const ownFile = typeof o['file'] === 'string' ? (o['file'] as string) : file;
    const lines = files.get(ownFile);
    const fail = (problem: string) => out.push({ path, problem, value: summarize(o) });
    if (typeof o['message'] === 'string' && INTERNAL_ERROR.test(o['message'])) fail(`internal-error fallback: ${o['message']}`);
    if (has(o, 'line') && has(o, 'column') && has(o, 'endLine') && has(o, 'endColumn')) {
      if (!lines) fail(`names an unknown file ${JSON.stringify(ownFile)}`);
      else checkSource(o, lines, fail);
    } else if (has(o, 'line') && has(o, 'column') && typeof o['text'] === 'string') {
      if (lines) checkTextLine(o, lines, fail);
    }
    if (has(o, 'startLine') && has(o, 'endLine') && lines) {
      const { startLine, endLine } = o as { startLine: number; endLine: number };
      if (!(startLine >= 1 && startLine <= lines.count && endLine >= startLine - 1 && endLine <= lines.count)) fail('section lines out of order or outside the file');
    }
    if (has(o, 'fromLine') && has(o, 'toLine') && lines) {
      const { fromLine, toLine } = o as { fromLine: number; toLine: number };
      if (!(fromLine >= 1 && fromLine <= toLine && toLine <= lines.count)) fail('suppression lines out of order or outside the file');
    }
    for (const [key, child] of Object.entries(o)) {
      if (key === 'frontmatter' || typeof child === 'function') continue; // user data, not positions
      walk(child, `${path}.${key}`, ownFile, depth + 1);
    }
  };
  walk(value, '$', defaultFile, 0);
  return out;
}

function checkSource(o: Record<string, unknown>, lines: FileLines, fail: (problem: string) => void): void {
  const { line, column, endLine, endColumn } = o as { line: number; column: number; endLine: number; endColumn: number };
  if (![line, column, endLine, endColumn].every(isInt)) return fail('non-integer position');
  if (line < 1) return fail('line < 1');
  if (endLine < line) return fail('endLine < line');
  if (endLine > lines.count) return fail(`endLine ${endLine} past the last line ${lines.count}`);
  if (column < 1 || endColumn < 1) return fail('column < 1');
  if (line === endLine && endColumn < column) return fail('endColumn < column on one line');
  if (column > lines.length(line)! + 1) return fail(`column ${column} past the end of line ${line} (length ${lines.length(line)})`);
  if (endColumn > lines.length(endLine)! + 1) return fail(`endColumn ${endColumn} past the end of line ${endLine} (length ${lines.length(endLine)})`);
}

function checkTextLine(o: Record<string, unknown>, lines: FileLines, fail: (problem: string) => void): void {
  const { line, column } = o as { line: number; column: number };
  if (!isInt(line) || !isInt(column)) return fail('non-integer text line position');
  if (line < 1 || line > lines.count) return fail(`text line ${line} outside the file (${lines.count} lines)`);
  if (column < 1 || column > lines.length(line)! + 1) return fail(`text line column ${column} outside line ${line} (length ${lines.length(line)})`);
}

function summarize(o: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(o)) {
    if (value === null || typeof value !== 'object') copy[key] = typeof value === 'string' && value.length > 80 ? `${value.slice(0, 77)}...` : value;
  }
  return copy;
}

/** Fails with the violations listed (and the input), so a shrunk counterexample reads at a glance. */
export function expectPositionsInside(value: unknown, text: string, file: string, breaks: LineBreaks): void {
  const violations = positionViolations(value, new Map([[file, new FileLines(text, breaks)]]), file);
  if (violations.length > 0) throw new Error(formatViolations(violations));
}

export function formatViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.path}: ${v.problem} ${JSON.stringify(v.value)}`).join('\n');
}

/** Every Source-like object in a value, in walk order (for comparing the positions of two parses). */
export function collectSources(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown, path: string, depth: number): void => {
    if (node === null || typeof node !== 'object' || seen.has(node) || depth > 400) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
      return;
    }
    const o = node as Record<string, unknown>;
    if (has(o, 'line') && has(o, 'column')) out.push(`${path} ${o['line']}:${o['column']}-${o['endLine'] ?? ''}:${o['endColumn'] ?? ''}`);
    for (const [key, child] of Object.entries(o)) {
      if (key === 'frontmatter' || typeof child === 'function') continue;
      walk(child, `${path}.${key}`, depth + 1);
    }
  };
  walk(value, '$', 0);
  return out;
}
