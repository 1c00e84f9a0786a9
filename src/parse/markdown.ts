/**
 * Markdown → MarkdownDocument: headings, sections with their scope, text blocks,
 * tables, code, links, inline code and docdrift directives, every one with its Source.
 *
 * Pure and total: each file is parsed once by remark (CommonMark + YAML frontmatter +
 * GFM tables, `.parse()` only), then read in one walk over the tree; nothing here
 * throws and nothing is worse than linear after parsing. Hostile input that would
 * make remark itself slow (very deep nesting, huge emphasis runs) is defused first,
 * without moving any position (see markdown-guard.ts).
 *
 * Positions: 1-based lines and columns; endLine inclusive, endColumn exclusive;
 * a column counts UTF-16 code units from the start of its line (a tab is one column).
 * A leading byte-order mark is dropped and not counted. CRLF and lone CR end lines.
 * TextLine columns are the file columns of the text's characters: see markdown-text.ts.
 */
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { parseDocument } from 'yaml';
import type * as Mdast from 'mdast';
import type { ParseProblem, Source } from '../model/types.ts';
import { findComments, nextContent, parseDirective, type Comment } from './markdown-directives.ts';
import { guardPathologicalInput, MAX_CONTAINER_DEPTH } from './markdown-guard.ts';
import { classifyHeading, isHistoricalDocument, type Scope, type ScopeWords } from './markdown-scope.ts';
import { Slugger } from './markdown-slug.ts';
import { alignText, LineIndex, TextCollector, type TextLine } from './markdown-text.ts';
import { MAX_YAML_DEPTH, nestedTooDeep } from './yaml-positions.ts';

export { classifyHeading, EXAMPLE_WORDS, FUTURE_WORDS, HISTORICAL_WORDS, isHistoricalDocument, phraseToRegExpSource } from './markdown-scope.ts';
export type { Scope, ScopeWords } from './markdown-scope.ts';
export { locateInLine } from './markdown-text.ts';
export type { TextLine } from './markdown-text.ts';
export { githubSlug, Slugger } from './markdown-slug.ts';

export interface Heading {
  depth: number;
  /** Plain text: markup and inline HTML removed, inline code kept, whitespace runs collapsed. */
  text: string;
  /** GitHub anchor, unique within the file. */
  slug: string;
  source: Source;
}

/**
 * A heading and what follows it, or the preamble before the first heading
 * (sections[0], always present, possibly empty: endLine 0 when line 1 is a heading).
 *
 * sections[k + 1] is the section of headings[k] unless a scope directive in the middle
 * of a section split it: such a directive opens a section of its own that runs from
 * the directive's line to the end of the section it is in, with the same heading and
 * path, the directive's scope, and `parent` set to the section it splits (headings
 * below it nest under it and inherit that scope).
 */
export interface Section {
  /** undefined for the preamble. */
  heading: Heading | undefined;
  /** Heading texts from the top-level heading down to this one. */
  path: string[];
  scope: Scope;
  /** Why: 'heading "Future Expansion Path (Optional)"', 'directive at line 40', or 'default'. */
  scopeReason: string;
  /** First line: the heading's line (the directive's line for a split, 1 for the preamble). */
  startLine: number;
  /** Last line, subsections included: the line before the next heading of the same or a higher level, or the last line of the file. */
  endLine: number;
  /** Index of the enclosing section (the nearest heading of a higher level, or the section a directive split); undefined at the top. */
  parent: number | undefined;
}

export interface Cell {
  /** Plain text of the cell (markup and inline HTML removed). */
  text: string;
  /** The cell's content, without the surrounding pipes and padding. */
  source: Source;
}

export type TextRole = 'paragraph' | 'list-item' | 'heading' | 'blockquote' | 'table-caption';

export type Block =
  | { kind: 'text'; role: TextRole; lines: TextLine[]; section: number; source: Source }
  | { kind: 'table'; header: Cell[]; rows: Cell[][]; section: number; source: Source }
  | {
      kind: 'code';
      lang: string | undefined;
      meta: string | undefined;
      /** The code, line endings normalized to \n; line i (0-based) of it is file line firstLine + i. */
      value: string;
      firstLine: number;
      /** File column of the first character of each line, when not every line starts at the block's column (a fence indented more than its lines). */
      lineColumns?: number[];
      section: number;
      source: Source;
    }
  | { kind: 'html'; value: string; section: number; source: Source };

export interface Link {
  url: string;
  /** Link text; an image's alt text; a definition's label. */
  text: string;
  source: Source;
  section: number;
  /** Reference links and images ([text][ref]) are resolved to their definition's url. */
  kind: 'link' | 'image' | 'definition';
}

export interface InlineCode {
  value: string;
  source: Source;
  section: number;
}

export interface Directive {
  kind: 'scope' | 'disable-next-line' | 'disable' | 'enable' | 'disable-file';
  scope?: Scope;
  /** Empty: every rule. */
  ruleIds: string[];
  source: Source;
}

/** Lines on which findings of the given rules (all rules when empty) are silenced. */
export interface Suppression {
  ruleIds: string[];
  fromLine: number;
  toLine: number;
}

/** Something in the document docdrift could not read as meant: a malformed directive, bad frontmatter, input defused by the guard. */
export interface MarkdownProblem {
  /** parse-error: frontmatter that cannot be read; skipped-file: lines the guard read as plain text; invalid-directive: a malformed docdrift comment. */
  kind: ParseProblem['kind'];
  message: string;
  source: Source;
}

export interface MarkdownDocument {
  file: string;
  /** Frontmatter title, else the text of the first H1. */
  title: string | undefined;
  frontmatter: Record<string, unknown> | undefined;
  headings: Heading[];
  /** Anchors written in HTML (`<a name="x">`, `id="x"`), which links may target like heading slugs. */
  anchors: string[];
  sections: Section[];
  /** In document order. A list item yields one text block for its own paragraphs (nested lists yield their own). */
  blocks: Block[];
  links: Link[];
  inlineCode: InlineCode[];
  directives: Directive[];
  suppressions: Suppression[];
  problems: MarkdownProblem[];
}

/**
 * Section index of a line (the innermost section containing it): the last section starting at or
 * before it. A function over plain data, so documents survive JSON caches and worker threads.
 */
export function sectionAt(doc: Pick<MarkdownDocument, 'sections'>, line: number): number {
  const sections = doc.sections;
  let lo = 0;
  let hi = sections.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((sections[mid]?.startLine ?? 0) <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Options of parseMarkdown(): extra heading phrases per scope (see markdown-scope.ts for the syntax). */
export type ParseMarkdownOptions = ScopeWords;

// ---------------------------------------------------------------------------
// remark
// ---------------------------------------------------------------------------

/** GFM tables only: the full remark-gfm (autolink literals, footnotes, strikethrough, task lists) halves parse speed. */
function remarkGfmTable(this: Processor): undefined {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
  return undefined;
}

const processor = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfmTable).freeze();

/** An opening tag and its attributes; no tag spans a `<`, so the scan stays linear. */
const TAG = /<([a-z][\w-]*)(\s[^<>]*)>/gi;
/** An `id` or `name` attribute, quoted or not. */
const ANCHOR_ATTRIBUTE = /(?:^|\s)(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/** Nodes nested deeper than this are not read (the guard keeps real trees far shallower). */
const MAX_TREE_DEPTH = 400;

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

export function parseMarkdown(file: string, text: string, options?: ParseMarkdownOptions): MarkdownDocument {
  const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const index = new LineIndex(content);
  try {
    return new DocumentBuilder(file, content, index, options).build();
  } catch (error) {
    // Defensive: a bug here must not take the run down; the file then reads as empty.
    const empty = emptyDocument(file, index.lineCount);
    empty.problems.push({
      kind: 'parse-error',
      message: `internal error while reading the Markdown: ${error instanceof Error ? error.message : String(error)}`,
      source: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
    });
    return empty;
  }
}

/** A document with no content: one current section over its lines. */
export function emptyDocument(file: string, lineCount: number): MarkdownDocument {
  return {
    file,
    title: undefined,
    frontmatter: undefined,
    headings: [],
    anchors: [],
    sections: [{ heading: undefined, path: [], scope: 'current', scopeReason: 'default', startLine: 1, endLine: lineCount, parent: undefined }],
    blocks: [],
    links: [],
    inlineCode: [],
    directives: [],
    suppressions: [],
    problems: [],
  };
}

// ---------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------

type AnyNode = Mdast.Nodes;

interface Position {
  start: number;
  end: number;
}

function offsets(node: { position?: Mdast.Nodes['position'] }): Position | undefined {
  const position = node.position;
  if (!position) return undefined;
  const start = position.start.offset;
  const end = position.end.offset;
  if (start === undefined || end === undefined) return undefined;
  return { start, end };
}

/** The list item whose own paragraphs are being collected into one text block. */
interface ItemState {
  block: Extract<Block, { kind: 'text' }> | undefined;
  collector: TextCollector;
  start: number;
  end: number;
}

interface Context {
  quoteDepth: number;
  item: ItemState | undefined;
}

interface HeadingInfo {
  heading: Heading;
  start: number;
  end: number;
}

interface PendingReference {
  link: Link;
  identifier: string;
}

interface FoundComment extends Comment {
  /** The directive read from it, or the problem; undefined for ordinary comments. */
  directive: ReturnType<typeof parseDirective>;
}

type Located = { section: number; source: Source };

class DocumentBuilder {
  /** The text remark parses: the original with hostile constructs defused and lone CRs read as LF (same length, same lines). */
  private readonly src: string;
  private readonly restore: (text: string) => string;
  private readonly deepLines: number[];
  private readonly flattenedLines: number[];
  private readonly slugger = new Slugger();

  private readonly headings: HeadingInfo[] = [];
  private readonly blocks: Block[] = [];
  private readonly links: Link[] = [];
  private readonly references: PendingReference[] = [];
  private readonly definitions = new Map<string, string>();
  private readonly inlineCode: InlineCode[] = [];
  private readonly comments: FoundComment[] = [];
  private readonly anchors: string[] = [];
  private readonly problems: MarkdownProblem[] = [];
  /** First leaf block (paragraph, heading, table, code, html …) starting on a line → its last line. */
  private readonly leafEnd = new Map<number, number>();
  private frontmatter: Record<string, unknown> | undefined;

  constructor(
    private readonly file: string,
    /** The text as written (BOM removed): directives are read from it. */
    private readonly original: string,
    private readonly index: LineIndex,
    private readonly options: ParseMarkdownOptions | undefined,
  ) {
    const guard = guardPathologicalInput(original);
    // A lone CR ends a line like LF, and micromark drops a blank line after an indented fence that
    // ends with one: read it as LF (one character for one, so every offset and line stays put).
    this.src = guard.text.indexOf('\r') < 0 ? guard.text : guard.text.replace(/\r(?!\n)/g, '\n');
    this.restore = guard.restore;
    this.deepLines = guard.deepLines;
    this.flattenedLines = guard.flattenedLines;
  }

  build(): MarkdownDocument {
    const firstDeep = this.deepLines[0];
    if (firstDeep !== undefined) {
      const count = this.deepLines.length;
      this.problems.push({
        kind: 'skipped-file',
        message: `${count} line${count === 1 ? '' : 's'} nest${count === 1 ? 's' : ''} blockquotes or lists more than ${MAX_CONTAINER_DEPTH} levels deep and ${count === 1 ? 'is' : 'are'} read as plain text`,
        source: this.lineSource(firstDeep),
      });
    }
    const firstFlat = this.flattenedLines[0];
    if (firstFlat !== undefined) {
      const count = this.flattenedLines.length;
      this.problems.push({
        kind: 'skipped-file',
        message: `${count} paragraph${count === 1 ? '' : 's'} with too many emphasis markers or brackets to parse in reasonable time ${count === 1 ? 'is' : 'are'} read without emphasis and links`,
        source: this.lineSource(firstFlat),
      });
    }
    const tree = processor.parse(this.src) as Mdast.Root;
    this.visitChildren(tree, { quoteDepth: 0, item: undefined }, 0);
    for (const { link, identifier } of this.references) link.url = this.definitions.get(identifier) ?? '';

    const directives: Directive[] = [];
    const scopeDirectives: { comment: FoundComment; scope: Scope; line: number }[] = [];
    const ruleDirectives: { comment: FoundComment; directive: Directive }[] = [];
    for (const comment of this.comments) {
      const parsed = comment.directive;
      if (!parsed) continue;
      const source = this.source(comment.start, comment.end);
      if (!parsed.ok) {
        this.problems.push({ kind: 'invalid-directive', message: parsed.message, source });
        continue;
      }
      const directive: Directive = { kind: parsed.kind, ruleIds: parsed.ruleIds, source };
      if (parsed.scope !== undefined) directive.scope = parsed.scope;
      directives.push(directive);
      if (parsed.kind === 'scope' && parsed.scope !== undefined) scopeDirectives.push({ comment, scope: parsed.scope, line: source.line });
      else ruleDirectives.push({ comment, directive });
    }

    const sections = this.buildSections(scopeDirectives);
    const assign = (item: Located): void => {
      item.section = sectionAt({ sections }, item.source.line);
    };
    this.blocks.forEach(assign);
    this.links.forEach(assign);
    this.inlineCode.forEach(assign);

    const suppressions = this.resolveSuppressions(ruleDirectives);
    const headings = this.headings.map((h) => h.heading);
    const frontTitle = this.frontmatter?.['title'];
    const title =
      typeof frontTitle === 'string' && frontTitle.trim() !== '' ? frontTitle.trim() : headings.find((h) => h.depth === 1)?.text;

    return {
      file: this.file,
      title,
      frontmatter: this.frontmatter,
      headings,
      anchors: this.anchors,
      sections,
      blocks: this.blocks,
      links: this.links,
      inlineCode: this.inlineCode,
      directives,
      suppressions,
      problems: this.problems,
    };
  }

  // -- positions -------------------------------------------------------------

  private source(start: number, end: number): Source {
    return this.index.source(this.file, start, end);
  }

  private lineSource(line: number): Source {
    const start = this.index.starts[line - 1] ?? 0;
    return this.source(start, this.index.lineEnd(line));
  }

  private recordLeaf(position: Position): Source {
    const source = this.source(position.start, position.end);
    if (!this.leafEnd.has(source.line)) this.leafEnd.set(source.line, source.endLine);
    return source;
  }

  // -- blocks ------------------------------------------------------------------

  private visitChildren(parent: Mdast.Parent, context: Context, depth: number): void {
    if (depth > MAX_TREE_DEPTH) return;
    const children = parent.children as AnyNode[];
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child) this.visit(child, parent, i, context, depth + 1);
    }
  }

  private visit(node: AnyNode, parent: Mdast.Parent, indexInParent: number, context: Context, depth: number): void {
    const position = offsets(node);
    switch (node.type) {
      case 'yaml':
        if (position) this.readFrontmatter(node, this.recordLeaf(position));
        return;
      case 'heading':
        if (position) this.visitHeading(node, position, context, depth);
        return;
      case 'paragraph':
        if (position) this.visitParagraph(node, position, parent, indexInParent, context, depth);
        return;
      case 'table':
        if (position) this.visitTable(node, position, context, depth);
        return;
      case 'code':
        if (position) this.visitCode(node, position);
        return;
      case 'html':
        if (position) {
          const source = this.recordLeaf(position);
          this.readComments(position);
          this.blocks.push({ kind: 'html', value: this.code(node.value), section: 0, source });
        }
        return;
      case 'blockquote':
        this.visitChildren(node, { quoteDepth: context.quoteDepth + 1, item: undefined }, depth);
        return;
      case 'listItem': {
        const item: ItemState = { block: undefined, collector: new TextCollector(this.index, this.restore), start: 0, end: 0 };
        this.visitChildren(node, { quoteDepth: context.quoteDepth, item }, depth);
        if (item.block) {
          item.block.lines = item.collector.finish();
          item.block.source = this.source(item.start, item.end);
        }
        return;
      }
      case 'definition':
        if (position) {
          const source = this.recordLeaf(position);
          if (!this.definitions.has(node.identifier)) this.definitions.set(node.identifier, node.url); // the first definition wins
          this.links.push({ url: node.url, text: this.restore(node.label ?? node.identifier), source, section: 0, kind: 'definition' });
        }
        return;
      case 'thematicBreak':
        if (position) this.recordLeaf(position);
        return;
      default:
        if ('children' in node) this.visitChildren(node, { quoteDepth: context.quoteDepth, item: undefined }, depth);
    }
  }

  private visitHeading(node: Mdast.Heading, position: Position, context: Context, depth: number): void {
    const source = this.recordLeaf(position);
    const raw = this.plainText(node);
    const text = raw.replace(/\s+/g, ' ').trim();
    const heading: Heading = { depth: node.depth, text, slug: this.slugger.slug(raw.trim()), source };
    this.headings.push({ heading, start: position.start, end: position.end });
    const collector = new TextCollector(this.index, this.restore);
    this.visitInlines(node, collector, context.quoteDepth, depth);
    this.blocks.push({ kind: 'text', role: 'heading', lines: collector.finish(), section: 0, source });
  }

  private visitParagraph(
    node: Mdast.Paragraph,
    position: Position,
    parent: Mdast.Parent,
    indexInParent: number,
    context: Context,
    depth: number,
  ): void {
    const source = this.recordLeaf(position);
    const item = parent.type === 'listItem' ? context.item : undefined;
    if (item) {
      if (!item.block) {
        item.block = { kind: 'text', role: 'list-item', lines: [], section: 0, source };
        item.start = position.start;
        this.blocks.push(item.block);
      }
      item.end = position.end;
      this.visitInlines(node, item.collector, context.quoteDepth, depth);
      return;
    }
    const collector = new TextCollector(this.index, this.restore);
    this.visitInlines(node, collector, context.quoteDepth, depth);
    const lines = collector.finish();
    let role: TextRole = parent.type === 'blockquote' ? 'blockquote' : 'paragraph';
    if (isTableCaption(parent, indexInParent, lines)) role = 'table-caption';
    this.blocks.push({ kind: 'text', role, lines, section: 0, source });
  }

  private visitTable(node: Mdast.Table, position: Position, context: Context, depth: number): void {
    const source = this.recordLeaf(position);
    const rows: Cell[][] = [];
    for (const row of node.children) {
      const cells: Cell[] = [];
      for (const cell of row.children) {
        const cellPosition = offsets(cell);
        if (!cellPosition) continue;
        this.visitInlines(cell, undefined, context.quoteDepth, depth + 2);
        cells.push({ text: this.plainText(cell).trim(), source: this.cellSource(cell, cellPosition) });
      }
      rows.push(cells);
    }
    const [header = [], ...body] = rows;
    this.blocks.push({ kind: 'table', header, rows: body, section: 0, source });
  }

  /** A cell's content: from its first to its last inline node (pipes and padding excluded). */
  private cellSource(cell: Mdast.TableCell, position: Position): Source {
    const first = cell.children[0];
    const last = cell.children[cell.children.length - 1];
    const from = first ? offsets(first) : undefined;
    const to = last ? offsets(last) : undefined;
    if (from && to) return this.source(from.start, to.end);
    // No inline content: a zero-width source just inside the leading pipe.
    const start = this.src.charCodeAt(position.start) === 124 ? position.start + 1 : position.start;
    return this.source(start, start);
  }

  private visitCode(node: Mdast.Code, position: Position): void {
    const source = this.recordLeaf(position);
    const first = this.src.charCodeAt(position.start);
    const fenced = first === 96 || first === 126; // ` or ~; indented code starts at its indentation
    const value = this.code(node.value);
    const firstLine = fenced ? source.line + 1 : source.line;
    const lineColumns = this.lineColumns(value, firstLine, source.column);
    this.blocks.push({
      kind: 'code',
      lang: node.lang ? this.restore(node.lang) : undefined,
      meta: node.meta ? this.restore(node.meta) : undefined,
      value,
      firstLine,
      ...(lineColumns ? { lineColumns } : {}),
      section: 0,
      source,
    });
  }

  /**
   * Where each line of a code block starts in the file. A fence indented N spaces strips up to N
   * from each of its lines: a line written with fewer starts left of the fence.
   */
  private lineColumns(value: string, firstLine: number, blockColumn: number): number[] | undefined {
    if (blockColumn === 1) return undefined;
    const { starts } = this.index;
    let differs = false;
    const columns = value.split('\n').map((text, index) => {
      const start = starts[firstLine + index - 1];
      if (start === undefined) return blockColumn;
      const raw = this.src.slice(start, starts[firstLine + index] ?? this.src.length).replace(/\r?\n$|\r$/, '');
      const column = raw.endsWith(text) ? raw.length - text.length + 1 : blockColumn;
      if (column !== blockColumn) differs = true;
      return column;
    });
    return differs ? columns : undefined;
  }

  private code(value: string): string {
    return this.restore(value.indexOf('\r') >= 0 ? value.replace(/\r\n?/g, '\n') : value);
  }

  private readFrontmatter(node: Mdast.Yaml, source: Source): void {
    if (this.frontmatter !== undefined) return;
    try {
      const document = parseDocument(this.restore(node.value), { prettyErrors: false });
      if (nestedTooDeep(document)) {
        this.problems.push({ kind: 'parse-error', message: `frontmatter is nested more than ${MAX_YAML_DEPTH} levels deep and was not read`, source });
        return;
      }
      const error = document.errors[0];
      if (error) {
        this.problems.push({ kind: 'parse-error', message: `frontmatter is not valid YAML: ${error.message.split('\n')[0] ?? ''}`, source });
        return;
      }
      const value: unknown = document.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) return;
      if (typeof value !== 'object' || Array.isArray(value)) {
        this.problems.push({ kind: 'parse-error', message: 'frontmatter is not a YAML mapping', source });
        return;
      }
      if (isCyclic(value)) {
        // `x: &a [*a]` builds a value that contains itself: no consumer (JSON output, the site) could print it.
        this.problems.push({ kind: 'parse-error', message: 'frontmatter is not valid YAML: an alias refers to the node that contains it', source });
        return;
      }
      this.frontmatter = value as Record<string, unknown>;
    } catch (error) {
      this.problems.push({ kind: 'parse-error', message: `frontmatter could not be read: ${error instanceof Error ? error.message : String(error)}`, source });
    }
  }

  private readComments(position: Position): void {
    this.readAnchors(this.src.slice(position.start, position.end));
    for (const comment of findComments(this.original, position.start, position.end)) {
      this.comments.push({ ...comment, directive: parseDirective(comment.text) });
    }
  }

  /** `<a name="x">` and any element's `id="x"`: GitHub keeps them as link targets. */
  private readAnchors(html: string): void {
    if (!/\b(?:name|id)\s*=/i.test(html)) return;
    for (const tag of html.matchAll(TAG)) {
      for (const attribute of tag[2]!.matchAll(ANCHOR_ATTRIBUTE)) {
        if (attribute[1]!.toLowerCase() === 'name' && tag[1]!.toLowerCase() !== 'a') continue;
        const value = attribute[2] ?? attribute[3] ?? attribute[4];
        if (value) this.anchors.push(this.restore(value));
      }
    }
  }

  // -- inline content ----------------------------------------------------------

  /**
   * One pass over phrasing content: text goes to the collector (when the block has
   * TextLines), links, inline code and comments are recorded.
   */
  private visitInlines(parent: Mdast.Parent, collector: TextCollector | undefined, quoteDepth: number, depth: number): void {
    if (depth > MAX_TREE_DEPTH) return;
    for (const child of parent.children as AnyNode[]) {
      const position = offsets(child);
      switch (child.type) {
        case 'text':
          if (collector && position) alignText(this.src, child.value, position.start, position.end, quoteDepth, collector.sink);
          break;
        case 'inlineCode':
          if (!position) break;
          this.inlineCode.push({ value: this.restore(child.value), source: this.source(position.start, position.end), section: 0 });
          if (collector) {
            const inner = this.codeSpanContent(position);
            alignText(this.src, child.value, inner.start, inner.end, quoteDepth, collector.sink);
          }
          break;
        case 'link':
          if (position) this.links.push({ url: this.restore(child.url), text: this.plainText(child), source: this.source(position.start, position.end), section: 0, kind: 'link' });
          this.visitInlines(child, collector, quoteDepth, depth + 1);
          break;
        case 'linkReference':
          if (position) {
            const link: Link = { url: '', text: this.plainText(child), source: this.source(position.start, position.end), section: 0, kind: 'link' };
            this.links.push(link);
            this.references.push({ link, identifier: child.identifier });
          }
          this.visitInlines(child, collector, quoteDepth, depth + 1);
          break;
        case 'image':
        case 'imageReference': {
          if (!position) break;
          const alt = child.alt ?? '';
          const link: Link = { url: '', text: this.restore(alt), source: this.source(position.start, position.end), section: 0, kind: 'image' };
          if (child.type === 'image') link.url = this.restore(child.url);
          else this.references.push({ link, identifier: child.identifier });
          this.links.push(link);
          if (collector) alignText(this.src, alt, Math.min(position.start + 2, position.end), position.end, quoteDepth, collector.sink);
          break;
        }
        case 'html':
          if (position) this.readComments(position);
          break;
        case 'break':
          break;
        default:
          if ('children' in child) this.visitInlines(child, collector, quoteDepth, depth + 1);
          else if (collector && position && 'value' in child && typeof child.value === 'string') {
            alignText(this.src, child.value, position.start, position.end, quoteDepth, collector.sink);
          }
      }
    }
  }

  /** The inside of a code span: without its backtick fences and the one space CommonMark strips from each side. */
  private codeSpanContent(position: Position): Position {
    const src = this.src;
    let start = position.start;
    let end = position.end;
    while (start < end && src.charCodeAt(start) === 96) start++;
    const fence = start - position.start;
    end = Math.max(start, end - fence);
    const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13;
    if (end - start >= 2 && isSpace(src.charCodeAt(start)) && isSpace(src.charCodeAt(end - 1))) {
      let allSpace = true;
      for (let k = start; k < end && allSpace; k++) allSpace = isSpace(src.charCodeAt(k));
      if (!allSpace) {
        // A CRLF is one line ending, so one space: strip both of its characters.
        start += src.charCodeAt(start) === 13 && src.charCodeAt(start + 1) === 10 ? 2 : 1;
        end -= src.charCodeAt(end - 1) === 10 && src.charCodeAt(end - 2) === 13 && end - 2 >= start ? 2 : 1;
      }
    }
    return { start, end };
  }

  /** Text content (mdast-util-to-string semantics, but without inline HTML), iteratively so no nesting depth can overflow the stack. */
  private plainText(node: AnyNode): string {
    let out = '';
    const stack: AnyNode[] = [node];
    while (stack.length > 0) {
      const current = stack.pop();
      if (!current || current.type === 'html') continue;
      if (current.type === 'image' || current.type === 'imageReference') {
        out += current.alt ?? '';
      } else if ('value' in current && typeof current.value === 'string') {
        out += current.value;
      } else if ('children' in current) {
        const children = current.children as AnyNode[];
        for (let i = children.length - 1; i >= 0; i--) {
          const child = children[i];
          if (child) stack.push(child);
        }
      }
    }
    return this.restore(out);
  }

  // -- sections and scopes -------------------------------------------------------

  private headingAt(offset: number): number | undefined {
    const headings = this.headings;
    let lo = 0;
    let hi = headings.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((headings[mid]?.start ?? 0) <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const heading = headings[found];
    return heading && offset < heading.end ? found : undefined;
  }

  private buildSections(scopeDirectives: { comment: FoundComment; scope: Scope; line: number }[]): Section[] {
    const lastLine = this.index.lineCount;
    const headingStartLine = new Map<number, number>();
    this.headings.forEach((h, i) => {
      if (!headingStartLine.has(h.heading.source.line)) headingStartLine.set(h.heading.source.line, i);
    });

    // Where each scope directive applies: a heading (the one it is in, or the next content), or the rest of its section.
    const headingDirective = new Map<number, { scope: Scope; line: number }>();
    const splits: { offset: number; line: number; scope: Scope }[] = [];
    for (const { comment, scope, line } of scopeDirectives) {
      let target = this.headingAt(comment.start);
      if (target === undefined) {
        const next = nextContent(this.original, comment.end);
        if (next >= 0) {
          const candidate = headingStartLine.get(this.index.lineOf(next));
          const heading = candidate === undefined ? undefined : this.headings[candidate];
          if (heading && heading.start >= next) target = candidate;
        }
      }
      if (target !== undefined) headingDirective.set(target, { scope, line });
      else splits.push({ offset: comment.start, line, scope });
    }

    const PREAMBLE_NESTING = 7; // deeper than any heading, so the first heading closes the preamble
    // A changelog or a review speaks of the past throughout, unless a heading or directive says otherwise.
    const historical = isHistoricalDocument(this.file);
    const documentScope: Scope = historical ? 'historical' : 'current';
    const documentReason = historical ? 'file name' : 'default';
    const sections: Section[] = [
      { heading: undefined, path: [], scope: documentScope, scopeReason: documentReason, startLine: 1, endLine: lastLine, parent: undefined },
    ];
    const nesting: number[] = [PREAMBLE_NESTING];
    const stack: number[] = [0];
    const headingSection: number[] = [];
    let split = 0;
    const openSplit = (s: { line: number; scope: Scope }): void => {
      const top = stack[stack.length - 1] ?? 0;
      const enclosing = sections[top];
      sections.push({
        heading: enclosing?.heading,
        path: [...(enclosing?.path ?? [])],
        scope: s.scope,
        scopeReason: `directive at line ${s.line}`,
        startLine: s.line,
        endLine: lastLine,
        parent: top,
      });
      nesting.push((nesting[top] ?? 0) + 0.5);
      stack.push(sections.length - 1);
    };
    this.headings.forEach((info, h) => {
      while (split < splits.length && (splits[split]?.offset ?? 0) < info.start) openSplit(splits[split++]!);
      const heading = info.heading;
      while (stack.length > 0 && (nesting[stack[stack.length - 1] ?? 0] ?? 0) >= heading.depth) stack.pop();
      const parent = stack[stack.length - 1];
      const parentSection = parent === undefined ? undefined : sections[parent];
      const directive = headingDirective.get(h);
      const classified = directive ? undefined : classifyHeading(heading.text, this.options);
      let scope: Scope = documentScope;
      let scopeReason = documentReason;
      if (directive) {
        scope = directive.scope;
        scopeReason = `directive at line ${directive.line}`;
      } else if (classified) {
        scope = classified;
        scopeReason = `heading "${heading.text}"`;
      } else if (parentSection) {
        scope = parentSection.scope;
        scopeReason = parentSection.scopeReason;
      }
      sections.push({
        heading,
        path: [...(parentSection?.path ?? []), heading.text],
        scope,
        scopeReason,
        startLine: heading.source.line,
        endLine: lastLine,
        parent,
      });
      nesting.push(heading.depth);
      stack.push(sections.length - 1);
      headingSection.push(sections.length - 1);
    });
    while (split < splits.length) openSplit(splits[split++]!);

    // End lines: a heading's section ends before the next heading of the same or a higher level.
    const preamble = sections[0]!;
    const firstHeading = this.headings[0];
    if (firstHeading) preamble.endLine = firstHeading.heading.source.line - 1;
    const open: number[] = [];
    for (const s of headingSection) {
      const section = sections[s]!;
      const depth = section.heading?.depth ?? 0;
      while (open.length > 0) {
        const top = sections[open[open.length - 1]!]!;
        if ((top.heading?.depth ?? 0) < depth) break;
        top.endLine = Math.max(top.startLine, section.startLine - 1);
        open.pop();
      }
      open.push(s);
    }
    const isHeadingSection = new Set(headingSection);
    sections.forEach((section, i) => {
      if (i > 0 && !isHeadingSection.has(i) && section.parent !== undefined) section.endLine = sections[section.parent]?.endLine ?? lastLine;
    });

    return sections;
  }

  // -- suppressions ----------------------------------------------------------------

  private resolveSuppressions(ruleDirectives: { comment: FoundComment; directive: Directive }[]): Suppression[] {
    const lastLine = this.index.lineCount;
    const suppressions: Suppression[] = [];
    const open = new Map<string, { line: number }>();
    const ALL = '*';
    const close = (key: string, toLine: number): void => {
      const region = open.get(key);
      if (!region) return;
      open.delete(key);
      suppressions.push({ ruleIds: key === ALL ? [] : [key], fromLine: region.line, toLine: Math.max(region.line, toLine) });
    };
    for (const { comment, directive } of ruleDirectives) {
      const line = directive.source.line;
      switch (directive.kind) {
        case 'disable-file':
          suppressions.push({ ruleIds: directive.ruleIds, fromLine: 1, toLine: lastLine });
          break;
        case 'disable-next-line': {
          const endLine = this.index.lineOf(comment.end);
          const nextLineStart = this.index.starts[endLine];
          const next = nextLineStart === undefined ? -1 : nextContent(this.original, nextLineStart);
          if (next < 0) {
            this.problems.push({ kind: 'invalid-directive', message: 'docdrift-disable-next-line has no line after it to disable', source: directive.source });
            break;
          }
          const target = this.index.lineOf(next);
          suppressions.push({ ruleIds: directive.ruleIds, fromLine: target, toLine: Math.max(target, this.leafEnd.get(target) ?? target) });
          break;
        }
        case 'disable':
          for (const key of directive.ruleIds.length > 0 ? directive.ruleIds : [ALL]) if (!open.has(key)) open.set(key, { line });
          break;
        case 'enable':
          if (directive.ruleIds.length === 0) {
            if (open.size === 0) this.problems.push({ kind: 'invalid-directive', message: 'docdrift-enable without a docdrift-disable before it', source: directive.source });
            for (const key of [...open.keys()]) close(key, line);
            break;
          }
          for (const id of directive.ruleIds) {
            if (open.has(id)) close(id, line);
            else if (open.has(ALL)) {
              this.problems.push({
                kind: 'invalid-directive',
                message: `docdrift-enable ${id} cannot re-enable one rule inside a docdrift-disable of every rule; end that region with a plain docdrift-enable`,
                source: directive.source,
              });
            } else this.problems.push({ kind: 'invalid-directive', message: `docdrift-enable ${id} without a docdrift-disable of ${id} before it`, source: directive.source });
          }
          break;
        case 'scope':
          break;
      }
    }
    for (const key of [...open.keys()]) close(key, lastLine);
    return suppressions.sort((a, b) => a.fromLine - b.fromLine || a.toLine - b.toLine);
  }
}

/** Whether a plain value built by yaml's toJS() contains itself (a recursive alias). */
function isCyclic(root: unknown): boolean {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const stack: { node: object; children: unknown[]; next: number }[] = [];
  const enter = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object' || done.has(value)) return false;
    if (onPath.has(value)) return true;
    onPath.add(value);
    const children = value instanceof Map ? [...value.keys(), ...value.values()] : value instanceof Set ? [...value] : Object.values(value);
    stack.push({ node: value, children, next: 0 });
    return false;
  };
  if (enter(root)) return true;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      if (enter(top.children[top.next++])) return true;
    } else {
      stack.pop();
      onPath.delete(top.node);
      done.add(top.node);
    }
  }
  return false;
}

/** A paragraph next to a table that introduces it ("…as follows:", "Table 2: …") or titles it. */
function isTableCaption(parent: Mdast.Parent, index: number, lines: TextLine[]): boolean {
  const first = lines[0]?.text.trim() ?? '';
  const last = lines[lines.length - 1]?.text.trim() ?? '';
  const titled = /^[^\p{L}\p{N}]*table\b/iu.test(first);
  if (parent.children[index + 1]?.type === 'table' && (titled || last.endsWith(':'))) return true;
  return parent.children[index - 1]?.type === 'table' && titled;
}
