/**
 * Property tests of the Markdown parser and the claim extractor: on any document built
 * from real constructs (headings, tables, fences open or closed, lists, quotes, docdrift
 * directives, diagrams, kubectl lines, DNS names, random unicode) they never throw, never
 * fall back to their internal-error path, and every position they hand out is inside the file.
 */
import { describe, expect, it } from 'vitest';
import { extractClaims, type ClaimContext } from '../../src/model/build-claims.ts';
import { loadReference } from '../../src/model/reference.ts';
import { buildVocabulary } from '../../src/model/vocabulary.ts';
import { parseMarkdown } from '../../src/parse/markdown.ts';
import { BACKEND_NAMES, markdownDocument, plainMarkdownDocument, SERVICE_NAMES } from './arbitraries.ts';
import { collectSources, expectPositionsInside } from './positions.ts';
import { fc, runs, timeout } from './setup.ts';

const context: ClaimContext = {
  vocabulary: buildVocabulary(loadReference()),
  serviceNames: new Set(SERVICE_NAMES),
  backendNames: new Set(BACKEND_NAMES),
  clusterDomain: 'cluster.local',
};

const FILE = 'docs/guide.md';

function parseAndExtract(text: string) {
  const doc = parseMarkdown(FILE, text);
  const claims = extractClaims(doc, context);
  return { doc, claims };
}

describe('Markdown fuzz', () => {
  it(
    'parses any document and extracts claims without throwing, every position inside the file',
    () => {
      fc.assert(
        fc.property(markdownDocument, (text) => {
          const { doc, claims } = parseAndExtract(text);
          expectPositionsInside(doc, text, FILE, 'markdown');
          expectPositionsInside(claims, text, FILE, 'markdown');
          // Claims come out in file order.
          for (let i = 1; i < claims.length; i++) {
            const a = claims[i - 1]!.source;
            const b = claims[i]!.source;
            expect(a.line < b.line || (a.line === b.line && a.column <= b.column)).toBe(true);
          }
        }),
        { numRuns: runs(250) },
      );
    },
    timeout(250, 60_000),
  );

  it(
    'gives the same positions with CRLF line endings or a BOM as with plain LF',
    () => {
      fc.assert(
        fc.property(plainMarkdownDocument, fc.constantFrom('crlf', 'bom', 'both'), (plain, variant) => {
          let text = variant === 'bom' ? plain : plain.replace(/\n/g, '\r\n');
          if (variant !== 'crlf') text = `\ufeff${text}`;
          const expected = parseAndExtract(plain);
          const actual = parseAndExtract(text);
          expect(collectSources(actual.doc)).toEqual(collectSources(expected.doc));
          expect(collectSources(actual.claims)).toEqual(collectSources(expected.claims));
        }),
        { numRuns: runs(100) },
      );
    },
    timeout(100, 60_000),
  );

  it(
    'is deterministic: the same document parses to the same result twice',
    () => {
      fc.assert(
        fc.property(markdownDocument, (text) => {
          const a = parseAndExtract(text);
          const b = parseAndExtract(text);
          expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        }),
        { numRuns: runs(50) },
      );
    },
    timeout(50, 60_000),
  );
});
