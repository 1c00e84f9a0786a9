/**
 * Heading classification: which words in a heading mark its section as describing
 * something other than the current deployment (a plan, an example, the past).
 *
 * Word lists are phrases matched case-insensitively on whole words:
 *   - whitespace inside a phrase matches any run of whitespace;
 *   - `#` stands for a number (digits or a Roman numeral): 'phase #' matches "Phase 2", "phase IV";
 *   - `*` stands for any single word: 'without *' matches "without HAProxy";
 *   - a leading `^` anchors the phrase at the start of the heading (after any numbering);
 *   - a phrase that ends in a letter also matches its plural with a trailing "s".
 * Curly apostrophes in headings are read as straight ones ("Don’t" matches "don't").
 */

export type Scope = 'current' | 'future' | 'example' | 'historical';

/** Extra phrases (same syntax as the built-in lists) that the configuration can add. */
export interface ScopeWords {
  future?: readonly string[] | undefined;
  example?: readonly string[] | undefined;
  historical?: readonly string[] | undefined;
}

export const FUTURE_WORDS: readonly string[] = Object.freeze([
  'future',
  'expansion',
  'roadmap',
  'optional',
  'later',
  'planned',
  'proposal',
  'proposed',
  'phase #',
  'next steps',
  'to do',
  'todo',
  'to-do',
  'when you need',
  'scaling out to',
]);

export const EXAMPLE_WORDS: readonly string[] = Object.freeze([
  'example',
  'e.g.',
  'sample',
  'anti-pattern',
  'antipattern',
  'without *',
  "don't",
  'do not',
  'hypothetical',
  'illustration',
]);

export const HISTORICAL_WORDS: readonly string[] = Object.freeze([
  'history',
  'changelog',
  'previously',
  'legacy',
  'before the review',
  'deprecated',
  'old',
  'migration from',
  '^changes',
  'files changed',
  'changed files',
  'what changed',
  'release notes',
  'removed',
  'deleted',
  'renamed',
  'superseded',
]);

/**
 * Documents about the past as a whole: changelogs, release notes, reviews of an earlier state,
 * lists of fixes (`CHANGELOG.md`, `ARCHITECTURE-REVIEW.md`, `SECURITY-FIXES.md`).
 */
export function isHistoricalDocument(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return /^(?:CHANGELOG|CHANGES|HISTORY|RELEASE[-_ ]?NOTES)|REVIEW|-FIXES\.md$/i.test(name);
}

/** The order in which categories win when two phrases match at the same position. */
const CATEGORIES = ['future', 'example', 'historical'] as const;
type Category = (typeof CATEGORIES)[number];

// Any non-ASCII character counts as a letter: plain ranges keep the compiled regexp small (Unicode
// property classes made compiling it the slowest step of a cold run).
const WORD_CHAR = String.raw`[\w\u00C0-\uFFFF]`;
const NUMBER = String.raw`(?:\d+|[ivxlc]+)`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Turns one phrase of a word list into a regular-expression source (see the file comment for the syntax). */
export function phraseToRegExpSource(phrase: string): string | undefined {
  let text = phrase.trim().toLowerCase().replace(/\u2019/g, "'");
  let anchored = false;
  if (text.startsWith('^')) {
    anchored = true;
    text = text.slice(1).trim();
  }
  if (text === '') return undefined;
  const parts = text.split(/\s+/).map((word) => {
    if (word === '#') return NUMBER;
    if (word === '*') return String.raw`${WORD_CHAR}[\w\u00C0-\uFFFF'.-]*`;
    return escapeRegExp(word).replace(/#/g, NUMBER);
  });
  let source = parts.join(String.raw`\s+`);
  if (/\p{L}$/u.test(text)) source += 's?';
  const start = anchored ? String.raw`^[^A-Za-z\u00C0-\uFFFF]*` : `(?<!${WORD_CHAR})`;
  // A phrase that ends in punctuation ("e.g.") needs no word boundary after it.
  const end = /[\p{L}\p{N}_]$/u.test(text) || text.endsWith('*') || text.endsWith('#') ? `(?!${WORD_CHAR})` : '';
  return `${start}(?:${source})${end}`;
}

interface CompiledClassifier {
  patterns: { category: Category; regexp: RegExp }[];
}

function compile(lists: Record<Category, readonly string[]>): CompiledClassifier {
  const patterns: CompiledClassifier['patterns'] = [];
  for (const category of CATEGORIES) {
    const sources = lists[category].map(phraseToRegExpSource).filter((s): s is string => s !== undefined);
    if (sources.length > 0) patterns.push({ category, regexp: new RegExp(sources.join('|')) });
  }
  return { patterns };
}

const defaultClassifier = compile({ future: FUTURE_WORDS, example: EXAMPLE_WORDS, historical: HISTORICAL_WORDS });
const extraCache = new WeakMap<ScopeWords, CompiledClassifier>();

function classifierFor(extra: ScopeWords | undefined): CompiledClassifier {
  if (!extra || ((extra.future?.length ?? 0) === 0 && (extra.example?.length ?? 0) === 0 && (extra.historical?.length ?? 0) === 0)) {
    return defaultClassifier;
  }
  let compiled = extraCache.get(extra);
  if (!compiled) {
    compiled = compile({
      future: [...FUTURE_WORDS, ...(extra.future ?? [])],
      example: [...EXAMPLE_WORDS, ...(extra.example ?? [])],
      historical: [...HISTORICAL_WORDS, ...(extra.historical ?? [])],
    });
    extraCache.set(extra, compiled);
  }
  return compiled;
}

/**
 * The scope a heading's words give its section, or undefined when no phrase matches
 * (the section then inherits its parent's scope). When phrases of several categories
 * match, the one that appears first in the heading wins ("Example: migrating from the
 * legacy layout" is an example); at the same position future beats example beats historical.
 */
export function classifyHeading(text: string, extra?: ScopeWords): Scope | undefined {
  const normalized = text.toLowerCase().replace(/\u2019/g, "'");
  let best: { category: Category; index: number } | undefined;
  for (const { category, regexp } of classifierFor(extra).patterns) {
    const match = regexp.exec(normalized);
    if (match && (best === undefined || match.index < best.index)) best = { category, index: match.index };
  }
  return best?.category;
}
