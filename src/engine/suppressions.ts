/**
 * Suppressions written where the facts live, and which of them were used:
 *
 *   Markdown     <!-- docdrift-disable-next-line rule -->, docdrift-disable / docdrift-enable
 *                regions, <!-- docdrift-disable-file rule --> (parsed in parse/markdown.ts)
 *   YAML         # docdrift-ignore rule   at the end of a line, or alone on the line before it
 *                (read by yamlIgnoreComments() below)
 *   Kubernetes   metadata.annotations: { docdrift.io/ignore: "rule, other-rule" } (the whole object)
 *   haproxy.cfg  # docdrift-ignore rule   at the end of a line, or alone on the line before it
 *                (parsed in parse/haproxy.ts)
 *
 * Every comment is found while its file is parsed, so no text is needed once the files are parsed.
 *
 * No rule id means every rule. Text after ` -- ` is a free-form reason. Every directive records
 * the rules it silenced, so that the unused-suppression rule can report the ones that silence
 * nothing (the drift was fixed, the rule renamed, the id mistyped) before they rot.
 */
import type { DeployedModel, Source } from '../model/types.ts';
import type { Directive, MarkdownDocument, Suppression as MarkdownSuppression } from '../parse/markdown.ts';
import { suppressionIds } from '../parse/haproxy.ts';
import { compareText } from './finding.ts';

/** What suppressions need of a doc. */
type DocSuppressions = Pick<MarkdownDocument, 'file' | 'directives' | 'suppressions'>;

export const IGNORE_ANNOTATION = 'docdrift.io/ignore';
/** Stands for every rule. */
export const ALL_RULES = '*';

export type SuppressionKind = 'markdown' | 'yaml' | 'annotation' | 'haproxy';

/** One written suppression: a comment, a Markdown directive or an annotation. */
export interface SuppressionDirective {
  kind: SuppressionKind;
  /** Where it is written: the comment, the directive or the annotation value. */
  at: Source;
  /** How it reads in a message: `docdrift-disable-next-line`, `# docdrift-ignore`, `annotation docdrift.io/ignore`. */
  label: string;
  /** The rule ids it names, or [ALL_RULES]. */
  ruleIds: string[];
  /** What it covers, for messages: `line 12`, `lines 5-9`, `this file`, `Service matrix/web`. */
  covers: string;
  /** What it covers for one rule, when that differs (a Markdown region re-enabled for some of its rules only). */
  coversByRule?: Record<string, string>;
  /** The rule ids it has silenced a finding of (ALL_RULES when it names no rule and silenced any). */
  used: Set<string>;
}

/** Lines of one file where the named rules (or all, with ALL_RULES) are silenced, and the directive that says so. */
export interface Suppression {
  ruleIds: string[];
  file: string;
  fromLine: number;
  toLine: number;
  directive: SuppressionDirective;
}

/** A YAML `# docdrift-ignore` comment as the parse stage records it (plain data): the rules it names, where it is written, the line it silences. */
export interface YamlIgnoreComment {
  ruleIds: string[];
  comment: Source;
  line: number;
}

export class Suppressions {
  constructor(readonly ranges: readonly Suppression[]) {}

  /** Every directive once, in file and line order. */
  get directives(): SuppressionDirective[] {
    return [...new Set(this.ranges.map((range) => range.directive))].sort(
      (a, b) => compareText(a.at.file, b.at.file) || a.at.line - b.at.line || a.at.column - b.at.column,
    );
  }

  /**
   * Whether a finding of `ruleId` at `at` is silenced, recording the use on every directive that
   * silences it. With `wildcards` false only directives that name the rule count (the
   * unused-suppression findings about a `disable every rule` directive must not silence themselves).
   */
  suppresses(ruleId: string, at: Source, wildcards = true): boolean {
    let suppressed = false;
    for (const range of this.ranges) {
      if (range.file !== at.file || at.line < range.fromLine || at.line > range.toLine) continue;
      if (range.ruleIds.includes(ruleId)) range.directive.used.add(ruleId);
      else if (wildcards && range.ruleIds.includes(ALL_RULES)) range.directive.used.add(ALL_RULES);
      else continue;
      suppressed = true;
    }
    return suppressed;
  }
}

/** Every suppression of the checked files: the docs', the haproxy configs' in the model, and the manifests' `yamlComments`. */
export function collectSuppressions(model: DeployedModel, docs: readonly DocSuppressions[], yamlComments: readonly YamlIgnoreComment[]): Suppressions {
  const ranges: Suppression[] = [];
  for (const doc of docs) ranges.push(...markdownSuppressions(doc));
  // The parser gives each comment one suppression: each is a directive of its own.
  for (const { ruleIds, source, comment } of model.haproxy.flatMap((config) => config.suppressions)) {
    ranges.push({ ruleIds, file: source.file, fromLine: source.line, toLine: source.endLine, directive: directiveOf('haproxy', comment, '# docdrift-ignore', ruleIds, `line ${source.line}`) });
  }
  for (const { ruleIds, comment, line } of yamlComments) {
    ranges.push({ ruleIds, file: comment.file, fromLine: line, toLine: line, directive: directiveOf('yaml', comment, '# docdrift-ignore', ruleIds, `line ${line}`) });
  }
  for (const resource of model.resources) {
    const annotation = resource.annotations[IGNORE_ANNOTATION];
    if (!annotation) continue;
    const ids = annotation.value.split(/\s+--(?:\s|$)/)[0]!.split(/[\s,]+/).filter(Boolean);
    const ruleIds = ids.length > 0 ? ids : [ALL_RULES];
    const { file, line, endLine } = resource.documentSource;
    const directive = directiveOf('annotation', annotation.source, `annotation ${IGNORE_ANNOTATION}`, ruleIds, `${resource.kind} ${resource.namespace}/${resource.name}`);
    ranges.push({ ruleIds, file, fromLine: line, toLine: endLine, directive });
  }
  return new Suppressions(ranges);
}

function directiveOf(kind: SuppressionKind, at: Source, label: string, ruleIds: string[], covers: string): SuppressionDirective {
  return { kind, at, label, ruleIds, covers, used: new Set() };
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

const MARKDOWN_KINDS = new Set<Directive['kind']>(['disable-next-line', 'disable', 'disable-file']);

/** The document's suppressions, each tied back to the directive that made it. */
function markdownSuppressions(doc: DocSuppressions): Suppression[] {
  const byDirective = new Map<Directive, SuppressionDirective>();
  const ranges: Suppression[] = [];
  for (const suppression of doc.suppressions) {
    const ruleIds = suppression.ruleIds.length > 0 ? suppression.ruleIds : [ALL_RULES];
    const written = markdownDirectiveOf(doc, suppression);
    let directive = written ? byDirective.get(written) : undefined;
    if (!directive) {
      const at = written?.source ?? { file: doc.file, line: suppression.fromLine, column: 1, endLine: suppression.fromLine, endColumn: 1 };
      const kind = written?.kind ?? 'disable';
      const covers = kind === 'disable-file' ? 'this file' : lines(suppression.fromLine, suppression.toLine);
      directive = directiveOf('markdown', at, `docdrift-${kind}`, written && written.ruleIds.length > 0 ? written.ruleIds : ruleIds, covers);
      if (written) byDirective.set(written, directive);
    }
    if (written?.kind === 'disable') {
      for (const id of ruleIds) (directive.coversByRule ??= {})[id] = lines(suppression.fromLine, suppression.toLine);
    }
    ranges.push({ ruleIds, file: doc.file, fromLine: suppression.fromLine, toLine: suppression.toLine, directive });
  }
  return ranges;
}

/**
 * The directive a suppression comes from: a `docdrift-disable` on its first line, a
 * `docdrift-disable-file` (which covers from line 1), or the nearest `docdrift-disable-next-line`
 * above it with the same rule ids.
 */
function markdownDirectiveOf(doc: DocSuppressions, suppression: MarkdownSuppression): Directive | undefined {
  const ids = suppression.ruleIds;
  const candidates = doc.directives.filter((directive) => MARKDOWN_KINDS.has(directive.kind));
  const region = candidates.find(
    (directive) =>
      directive.kind === 'disable' &&
      directive.source.line === suppression.fromLine &&
      (ids.length === 0 ? directive.ruleIds.length === 0 : directive.ruleIds.includes(ids[0]!)),
  );
  if (region) return region;
  const same = (directive: Directive) => directive.ruleIds.length === ids.length && directive.ruleIds.every((id, index) => id === ids[index]);
  if (suppression.fromLine === 1) {
    const file = candidates.find((directive) => directive.kind === 'disable-file' && same(directive));
    if (file) return file;
  }
  let nearest: Directive | undefined;
  for (const directive of candidates) {
    if (directive.kind !== 'disable-next-line' || !same(directive) || directive.source.line >= suppression.fromLine) continue;
    if (!nearest || directive.source.line > nearest.source.line) nearest = directive;
  }
  return nearest;
}

function lines(from: number, to: number): string {
  return from === to ? `line ${from}` : `lines ${from}-${to}`;
}

// ---------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------

/**
 * `# docdrift-ignore rule` comments of a YAML file: at the end of a line they silence it; alone
 * on a line they silence the next line with content (a trailing one silences its own line).
 * One cheap pass over the text: quotes are respected, and block scalars (`key: |` … an embedded
 * haproxy.cfg) are skipped, since a `#` there is content, not a comment.
 */
export function yamlIgnoreComments(file: string, text: string): YamlIgnoreComment[] {
  // Most manifests have none: no need to walk their lines.
  if (!text.includes('docdrift-ignore')) return [];
  const comments: YamlIgnoreComment[] = [];
  const rawLines = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  let block: number | undefined;
  type Written = Omit<YamlIgnoreComment, 'line'>;
  let pending: Written[] = [];
  const silence = (written: Written, line: number) => comments.push({ ...written, line });
  rawLines.forEach((raw, index) => {
    const lineNo = index + 1;
    const indent = /^[ \t]*/.exec(raw)![0].length;
    if (block !== undefined) {
      if (raw.trim() === '' || indent > block) return;
      block = undefined;
    }
    const comment = yamlCommentStart(raw);
    const content = comment < 0 ? raw : raw.slice(0, comment);
    const ids = comment < 0 ? undefined : suppressionIds(raw.slice(comment));
    const written = ids ? { ruleIds: ids, comment: { file, line: lineNo, column: comment + 1, endLine: lineNo, endColumn: raw.trimEnd().length + 1 } } : undefined;
    if (content.trim() !== '') {
      for (const waiting of pending) silence(waiting, lineNo);
      pending = [];
      if (written) silence(written, lineNo);
      block = blockScalarParent(content, indent);
    } else if (written) {
      pending.push(written);
    }
  });
  for (const waiting of pending) silence(waiting, waiting.comment.line);
  return comments;
}

/**
 * When a line opens a block scalar (`key: |`, `- >-`), the indentation its content must exceed:
 * the key's column, or the dash's for a sequence entry. Undefined otherwise.
 */
function blockScalarParent(content: string, indent: number): number | undefined {
  const trimmed = content.trimEnd();
  const indicator = /[|>][-+0-9]*$/.exec(trimmed);
  if (!indicator) return undefined;
  const before = trimmed.slice(0, indicator.index);
  if (/^[ \t-]*$/.test(before) && before.includes('-')) return indent;
  if (/:[ \t]+$/.test(before)) return /^[ \t-]*/.exec(before)![0].length;
  return undefined;
}

/** Index of the `#` that starts a YAML comment on the line (outside quotes, at the start or after a blank), or -1. */
function yamlCommentStart(line: string): number {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    const previous = index === 0 ? ' ' : line[index - 1]!;
    if (quote === '"') {
      if (char === '\\') index++;
      else if (char === '"') quote = undefined;
    } else if (quote === "'") {
      if (char === "'") {
        if (line[index + 1] === "'") index++;
        else quote = undefined;
      }
    } else if ((char === '"' || char === "'") && /[\s[{,:-]/.test(previous)) {
      quote = char;
    } else if (char === '#' && /\s/.test(previous)) {
      return index;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------

/** Lines as the yaml parser counts them: a lone CR does not end a line (it stays in the line's text). */
function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}
