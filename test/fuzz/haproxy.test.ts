/**
 * Property tests of the haproxy.cfg parser: on configs built from real statements (section
 * headers, acl, use_backend, server and server-template lines, conditions) with random
 * indentation, quoting, escapes, backslashes and comments, it never throws, never falls back
 * to its internal-error path, and every position is inside the file.
 */
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../src/parse/haproxy.ts';
import { haproxyConfig, plainHaproxyConfig } from './arbitraries.ts';
import { collectSources, expectPositionsInside } from './positions.ts';
import { fc, runs, timeout } from './setup.ts';

const FILE = 'config/haproxy.cfg';

describe('haproxy.cfg fuzz', () => {
  it(
    'parses any config without throwing, every position inside the file',
    () => {
      fc.assert(
        fc.property(haproxyConfig, (text) => {
          const parsed = parseHaproxy(FILE, text);
          expectPositionsInside(parsed, text, FILE, 'lf');
        }),
        { numRuns: runs(300) },
      );
    },
    timeout(300, 60_000),
  );

  it(
    'gives the same positions with CRLF line endings or a BOM as with plain LF',
    () => {
      fc.assert(
        fc.property(plainHaproxyConfig, fc.constantFrom('crlf', 'bom', 'both'), (plain, variant) => {
          let text = variant === 'bom' ? plain : plain.replace(/\n/g, '\r\n');
          if (variant !== 'crlf') text = `\ufeff${text}`;
          expect(collectSources(parseHaproxy(FILE, text))).toEqual(collectSources(parseHaproxy(FILE, plain)));
        }),
        { numRuns: runs(100) },
      );
    },
    timeout(100, 60_000),
  );
});
