/**
 * docdrift directives in Markdown HTML comments:
 *
 *   <!-- docdrift scope=future -->                  (current | future | example | historical)
 *   <!-- docdrift-disable-next-line [rule-id …] --> the next block (its whole line range)
 *   <!-- docdrift-disable [rule-id …] -->           until docdrift-enable, or the end of the file
 *   <!-- docdrift-enable [rule-id …] -->
 *   <!-- docdrift-disable-file [rule-id …] -->      the whole file
 *
 * Rule ids are separated by spaces or commas; none means every rule. Text after
 * " -- " is a free-form reason and ignored. Comments whose text does not start with
 * the word "docdrift" are not directives; those that do but cannot be read become problems.
 */
import type { Scope } from './markdown-scope.ts';

export type DirectiveKind = 'scope' | 'disable-next-line' | 'disable' | 'enable' | 'disable-file';

export type ParsedDirective =
  | { ok: true; kind: DirectiveKind; scope: Scope | undefined; ruleIds: string[] }
  | { ok: false; message: string };

const SCOPES: readonly Scope[] = ['current', 'future', 'example', 'historical'];
const KINDS: Record<string, DirectiveKind> = {
  '-disable-next-line': 'disable-next-line',
  '-disable': 'disable',
  '-enable': 'enable',
  '-disable-file': 'disable-file',
};
const RULE_ID = /^[A-Za-z0-9][\w./:@-]*$/;

/** Reads the text inside one HTML comment; undefined when it is not meant for docdrift. */
export function parseDirective(commentText: string): ParsedDirective | undefined {
  const body = commentText.replace(/\s+/g, ' ').trim();
  const head = /^docdrift(-[A-Za-z-]*)?(?=$|[\s=:])/i.exec(body);
  if (!head) return undefined;
  const suffix = (head[1] ?? '').toLowerCase();
  let rest = body.slice(head[0].length).trim();
  const reason = rest.search(/(?:^|\s)--(?:\s|$)/);
  if (reason >= 0) rest = rest.slice(0, reason).trim();

  if (suffix === '') {
    const scope = /^scope\s*[=:]\s*(\S*)$/i.exec(rest);
    if (!scope) {
      return { ok: false, message: `unreadable docdrift directive "${body}": expected "docdrift scope=<current|future|example|historical>"` };
    }
    const value = (scope[1] ?? '').toLowerCase();
    if (!(SCOPES as readonly string[]).includes(value)) {
      return { ok: false, message: `unknown scope "${scope[1] ?? ''}" in docdrift directive: expected current, future, example or historical` };
    }
    return { ok: true, kind: 'scope', scope: value as Scope, ruleIds: [] };
  }

  const kind = KINDS[suffix];
  if (!kind) {
    return {
      ok: false,
      message: `unknown docdrift directive "docdrift${suffix}": expected docdrift scope=…, docdrift-disable-next-line, docdrift-disable, docdrift-enable or docdrift-disable-file`,
    };
  }
  const ruleIds = rest.split(/[\s,]+/).filter((id) => id !== '');
  const bad = ruleIds.find((id) => !RULE_ID.test(id));
  if (bad !== undefined) return { ok: false, message: `invalid rule id "${bad}" in docdrift-${kind} directive` };
  return { ok: true, kind, scope: undefined, ruleIds };
}

/** An HTML comment found in the source: offsets of `<!--` and just past `-->`, and the text between. */
export interface Comment {
  start: number;
  end: number;
  text: string;
}

/** Comments in the source slice [from, to) (an html node's range). Container prefixes inside a multi-line comment are dropped from its text. */
export function findComments(src: string, from: number, to: number): Comment[] {
  const slice = src.slice(from, to);
  const comments: Comment[] = [];
  let at = slice.indexOf('<!--');
  while (at >= 0) {
    const close = slice.indexOf('-->', at + 4);
    // An unclosed comment hides everything after it (and indexOf keeps this linear).
    if (close < 0) break;
    comments.push({ start: from + at, end: from + close + 3, text: slice.slice(at + 4, close).replace(/(\r\n|\r|\n)[ \t>]*/g, ' ') });
    at = slice.indexOf('<!--', close + 3);
  }
  return comments;
}

const MAX_SKIPPED_COMMENTS = 32;

/**
 * Offset of the next content at or after `from`, skipping whitespace, line endings,
 * blockquote markers and complete HTML comments; -1 at the end of the text.
 */
export function nextContent(src: string, from: number): number {
  let k = from;
  const length = src.length;
  let skipped = 0;
  while (k < length) {
    const c = src.charCodeAt(k);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 62) {
      k++;
      continue;
    }
    if (c === 60 && src.startsWith('<!--', k)) {
      const close = src.indexOf('-->', k + 4);
      // Bounded, so that a long run of comments cannot make directive resolution quadratic.
      if (close < 0 || ++skipped > MAX_SKIPPED_COMMENTS) return k;
      k = close + 3;
      continue;
    }
    return k;
  }
  return -1;
}
