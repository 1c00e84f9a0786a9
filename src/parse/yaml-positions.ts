/**
 * Positions and navigation over `yaml` (v2) ASTs.
 *
 * Every parser that reads YAML (Kubernetes manifests, Synapse config embedded in them)
 * walks the composed AST rather than `toJS()` output, so each value keeps the place it
 * was written. This module turns node ranges into `Source`s and resolves aliases and
 * `<<` merge keys on the way, without ever expanding an alias graph (alias bombs stay cheap).
 */
import { isAlias, isMap, isNode, isScalar, isSeq, visit, LineCounter, Scalar } from 'yaml';
import type { Alias, Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Located, Source } from '../model/types.ts';

/** What is needed to turn offsets into a `Source`. */
export interface PositionContext {
  /** The text the offsets refer to (used to trim trailing whitespace off ranges). */
  text: string;
  lineCounter: LineCounter;
  file: string;
  /** Applied to every computed Source: maps positions in embedded text back into the enclosing file. */
  map?: (source: Source) => Source;
}

/**
 * The line starts of a text (after every \n), computed from the text itself. Do not hand a
 * LineCounter to the yaml parser instead: it records only the line breaks of the tokens it
 * accepts, so after a syntax error a multi-line plain scalar's breaks are lost and every
 * later offset gets a line too small (and a column past the end of that line).
 */
export function lineCounterFor(text: string): LineCounter {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  return lineCounter;
}

/**
 * The deepest nesting of collections read. Real manifests and configs stay below 30 levels. The
 * yaml parser recurses once per level and runs out of stack somewhere from about 700 levels, at a
 * depth that depends on the caller's stack (CLI, worker thread, JIT state): refusing everything
 * past a fixed, much lower depth keeps the outcome the same on every run.
 */
export const MAX_YAML_DEPTH = 256;

/** Whether a parsed document nests collections deeper than MAX_YAML_DEPTH, or the parser ran out of stack on it. */
export function nestedTooDeep(doc: Document.Parsed): boolean {
  if (doc.errors.some((error) => error.code === 'RESOURCE_EXHAUSTION')) return true;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isMap(node)) {
      if (depth > MAX_YAML_DEPTH) return true;
      for (const pair of (node as YAMLMap).items) {
        stack.push({ node: pair.key, depth: depth + 1 }, { node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      if (depth > MAX_YAML_DEPTH) return true;
      for (const item of (node as YAMLSeq).items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return false;
}

/** A Source covering offsets [start, end) of the context text, trailing whitespace trimmed. */
export function sourceOfRange(ctx: PositionContext, start: number, end: number): Source {
  const length = ctx.text.length;
  let s = clamp(start, 0, length);
  // The end of a text that ends with a line ending is on no line of the file (an unclosed quote's
  // "missing closing quote" is reported there): use the end of the last line instead.
  if (s === length) while (s > 0 && (ctx.text.charCodeAt(s - 1) === 10 || ctx.text.charCodeAt(s - 1) === 13)) s--;
  let e = clamp(end, s, length);
  while (e > s && isSpace(ctx.text.charCodeAt(e - 1))) e--;
  const a = linePos(ctx.lineCounter, s);
  const b = linePos(ctx.lineCounter, e);
  const source: Source = { file: ctx.file, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  return ctx.map ? ctx.map(source) : source;
}

/** The Source of a node as written (its value range, without trailing comments or blank lines). */
export function sourceOf(ctx: PositionContext, node: Node | null | undefined, fallback?: Source): Source {
  const range = node?.range;
  if (range) return sourceOfRange(ctx, range[0], range[1]);
  return fallback ?? sourceOfRange(ctx, 0, 0);
}

/** The position of a single offset, 1-based. */
export function linePos(lineCounter: LineCounter, offset: number): { line: number; col: number } {
  const pos = lineCounter.linePos(offset);
  if (pos.line === 0) return { line: 1, col: offset + 1 };
  return pos;
}

/** A Source for a whole file's first character: for file-level problems. */
export function fileStart(file: string): Source {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : n > hi ? hi : n;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

export type PathSegment = string | number;

const MAX_MERGE_DEPTH = 64;

interface Entry {
  key: string;
  keyNode: Node;
  /** The value node as written (possibly an Alias); undefined for `key:` without a value node. */
  value: Node | undefined;
  pair: Pair;
}

/**
 * Read-only navigation over one YAML document: map lookups that honour `<<` merge keys,
 * aliases resolved to their anchors, scalars converted leniently, every node locatable.
 *
 * Values returned by `get`/`at`/`items` are the nodes as written: an alias stays an alias,
 * so its Source is the alias; `str`/`num`/`map`… read through it.
 */
export class YamlNav {
  private anchors: Map<Alias, Node | undefined> | undefined;

  constructor(
    readonly doc: Document,
    readonly pos: PositionContext,
  ) {}

  /** Alias → the node it names (the last anchor of that name before it); anything else unchanged. */
  resolve(node: unknown): Node | undefined {
    if (!isNode(node)) return undefined;
    if (!isAlias(node)) return node;
    if (!this.anchors) this.anchors = indexAnchors(this.doc);
    return this.anchors.get(node);
  }

  /** The map behind a node (through aliases), or undefined. */
  map(node: unknown): YAMLMap | undefined {
    const n = this.resolve(node);
    return isMap(n) ? (n as YAMLMap) : undefined;
  }

  /** The sequence behind a node, or undefined. */
  seq(node: unknown): YAMLSeq | undefined {
    const n = this.resolve(node);
    return isSeq(n) ? (n as YAMLSeq) : undefined;
  }

  /** The scalar behind a node, or undefined. */
  scalar(node: unknown): Scalar | undefined {
    const n = this.resolve(node);
    return isScalar(n) ? n : undefined;
  }

  /** Value node of `key` in a map: explicit keys win (the last of duplicates), then `<<` sources in order. */
  get(node: unknown, key: string): Node | undefined {
    return this.lookup(node, key, new Set(), 0);
  }

  /** Follows a path of map keys and sequence indexes. */
  at(node: unknown, path: readonly PathSegment[]): Node | undefined {
    let current: Node | undefined = isNode(node) ? node : undefined;
    for (const segment of path) {
      if (current === undefined) return undefined;
      if (typeof segment === 'number') {
        const s = this.seq(current);
        const item = s?.items[segment];
        current = isNode(item) ? item : undefined;
      } else {
        current = this.get(current, segment);
      }
    }
    return current;
  }

  /** The items of a sequence as written (non-nodes dropped). */
  items(node: unknown): Node[] {
    const s = this.seq(node);
    if (!s) return [];
    const out: Node[] = [];
    for (const item of s.items) if (isNode(item)) out.push(item);
    return out;
  }

  /** Every key of a map with merges applied (explicit keys override merged ones, earlier merge sources override later). */
  entries(node: unknown): Entry[] {
    const result = new Map<string, Entry>();
    this.collect(node, result, new Set(), 0);
    return [...result.values()];
  }

  /** A string for any non-null scalar: strings as they are, other plain scalars as written (`1.10` stays "1.10"). */
  str(node: unknown): string | undefined {
    const s = this.scalar(node);
    if (!s) return undefined;
    const v: unknown = s.value;
    if (typeof v === 'string') return v;
    if (v === null || v === undefined || typeof v === 'symbol') return undefined;
    if (s.range && (s.type === Scalar.PLAIN || s.type === undefined)) {
      const raw = this.pos.text.slice(s.range[0], s.range[1]).trim();
      if (raw !== '') return raw;
    }
    return String(v);
  }

  /** Only real strings (not numbers or booleans written unquoted). */
  strictStr(node: unknown): string | undefined {
    const v: unknown = this.scalar(node)?.value;
    return typeof v === 'string' ? v : undefined;
  }

  /** A finite number scalar (integers and floats as YAML resolves them; numeric strings are not numbers). */
  num(node: unknown): number | undefined {
    const v: unknown = this.scalar(node)?.value;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'bigint') return Number(v);
    return undefined;
  }

  /** Booleans, also the YAML 1.1 spellings (yes/no/on/off) that Go and Python YAML readers accept. */
  bool(node: unknown): boolean | undefined {
    const v: unknown = this.scalar(node)?.value;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      const lower = v.toLowerCase();
      if (['true', 'yes', 'y', 'on'].includes(lower)) return true;
      if (['false', 'no', 'n', 'off'].includes(lower)) return false;
    }
    return undefined;
  }

  /** Plain JS value of a node (aliases expanded, bounded by maxAliasCount); undefined when it cannot be built. */
  toJS(node: unknown): unknown {
    if (!isNode(node)) return undefined;
    try {
      return node.toJS(this.doc, { maxAliasCount: 100 });
    } catch {
      return undefined;
    }
  }

  source(node: Node | null | undefined, fallback?: Source): Source {
    return sourceOf(this.pos, node, fallback);
  }

  located<T>(node: Node, value: T): Located<T> {
    return { value, source: this.source(node) };
  }

  /** Located string at `key` of a map, or undefined. */
  locStr(node: unknown, key: string): Located<string> | undefined {
    const v = this.get(node, key);
    const s = this.str(v);
    return v !== undefined && s !== undefined ? { value: s, source: this.source(v) } : undefined;
  }

  /** Located number at `key` of a map, or undefined. */
  locNum(node: unknown, key: string): Located<number> | undefined {
    const v = this.get(node, key);
    const n = this.num(v);
    return v !== undefined && n !== undefined ? { value: n, source: this.source(v) } : undefined;
  }

  /** A string-valued map as Located strings (labels, annotations, selectors). */
  stringMap(node: unknown): Record<string, Located<string>> {
    const out: Record<string, Located<string>> = {};
    for (const e of this.entries(node)) {
      if (e.value === undefined) continue;
      const s = this.str(e.value);
      if (s === undefined) continue;
      out[e.key] = { value: s, source: this.source(e.value) };
    }
    return out;
  }

  /** The string form of a map key (scalar keys only). */
  keyString(node: unknown): string | undefined {
    const s = this.scalar(node);
    if (!s || isMergeKey(s)) return undefined;
    return this.str(s);
  }

  private lookup(node: unknown, key: string, seen: Set<YAMLMap>, depth: number): Node | undefined {
    const m = this.map(node);
    if (!m || seen.has(m) || depth > MAX_MERGE_DEPTH) return undefined;
    seen.add(m);
    let found: Pair | undefined;
    for (const pair of m.items) {
      if (this.keyString(pair.key) === key) found = pair;
    }
    if (found) return isNode(found.value) ? found.value : undefined;
    for (const pair of m.items) {
      if (!isMergeKey(pair.key)) continue;
      for (const src of this.mergeSources(pair.value)) {
        const r = this.lookup(src, key, seen, depth + 1);
        if (r !== undefined) return r;
      }
    }
    return undefined;
  }

  private collect(node: unknown, into: Map<string, Entry>, seen: Set<YAMLMap>, depth: number): void {
    const m = this.map(node);
    if (!m || seen.has(m) || depth > MAX_MERGE_DEPTH) return;
    seen.add(m);
    const own = new Map<string, Entry>();
    for (const pair of m.items) {
      if (!isNode(pair.key)) continue;
      const key = this.keyString(pair.key);
      if (key === undefined) continue;
      own.set(key, { key, keyNode: pair.key, value: isNode(pair.value) ? pair.value : undefined, pair });
    }
    for (const [k, e] of own) if (!into.has(k)) into.set(k, e);
    for (const pair of m.items) {
      if (!isMergeKey(pair.key)) continue;
      for (const src of this.mergeSources(pair.value)) this.collect(src, into, seen, depth + 1);
    }
  }

  private mergeSources(value: unknown): Node[] {
    const v = this.resolve(value);
    if (isSeq(v)) return (v as YAMLSeq).items.filter(isNode);
    return v ? [v] : [];
  }
}

/** A `<<` key that the schema resolved as a merge key (only when parsing with `merge: true`). */
export function isMergeKey(node: unknown): boolean {
  if (!isScalar(node)) return false;
  const v: unknown = node.value;
  return typeof v === 'symbol' && v.description === '<<';
}

/** Alias → anchored node, computed in one pass (yaml's own Alias.resolve is linear per call). */
function indexAnchors(doc: Document): Map<Alias, Node | undefined> {
  const current = new Map<string, Node>();
  const out = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        out.set(node, current.get(node.source));
      } else if (node.anchor) {
        current.set(node.anchor, node);
      }
    },
  });
  return out;
}

/**
 * Where line 1 of a literal block scalar (`|`, `|-`, `|+`, `|2`…) starts in the text, and the
 * indentation the text adds to each line; undefined for any other scalar style.
 * Positions are in `ctx.text` (`ctx.map` is not applied).
 */
export function literalContentStart(
  ctx: PositionContext,
  node: Node | undefined,
): { line: number; column: number; indent: number } | undefined {
  if (!isScalar(node) || node.type !== Scalar.BLOCK_LITERAL || !node.range) return undefined;
  if (typeof node.value !== 'string') return undefined;
  const text = ctx.text;
  const [start, end] = node.range;
  const bar = text.indexOf('|', start);
  if (bar < 0 || bar >= end) return undefined;
  const nl = text.indexOf('\n', bar);
  if (nl < 0 || nl >= end) return undefined;
  const contentOffset = nl + 1;
  const line = linePos(ctx.lineCounter, contentOffset).line;
  // Indentation: compare the first non-blank value line with the same line in the text.
  const value = node.value;
  let indent = 0;
  let valueStart = 0;
  let lineOffset = contentOffset;
  while (valueStart <= value.length && lineOffset < end) {
    const valueEnd = value.indexOf('\n', valueStart);
    const valueLine = value.slice(valueStart, valueEnd < 0 ? value.length : valueEnd);
    const textEnd = text.indexOf('\n', lineOffset);
    if (valueLine.trim() !== '') {
      const textLine = text.slice(lineOffset, textEnd < 0 ? text.length : textEnd);
      indent = Math.max(0, leadingSpaces(textLine) - leadingSpaces(valueLine));
      break;
    }
    if (valueEnd < 0 || textEnd < 0) break;
    valueStart = valueEnd + 1;
    lineOffset = textEnd + 1;
  }
  return { line, column: indent + 1, indent };
}

function leadingSpaces(s: string): number {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  return i;
}
