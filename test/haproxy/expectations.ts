/** Typed access to test/haproxy/expectations.json and the fixture files it is about. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS_DIR = path.join(REPO, 'test/fixtures/haproxy-corpus');

export interface Expectations {
  fixtures: {
    valid: string[];
    invalid: Record<string, { rules: string[]; why: string }>;
  };
  corpus: {
    knownDivergences: Record<string, string>;
  };
}

export function loadExpectations(): Expectations {
  const raw = JSON.parse(readFileSync(path.join(REPO, 'test/haproxy/expectations.json'), 'utf8')) as Expectations & {
    fixtures: { invalid: Record<string, unknown> };
    corpus: { knownDivergences: Record<string, string> };
  };
  // Drop the "$comment" entries.
  const invalid = Object.fromEntries(Object.entries(raw.fixtures.invalid).filter(([key]) => !key.startsWith('$'))) as Expectations['fixtures']['invalid'];
  const knownDivergences = Object.fromEntries(Object.entries(raw.corpus.knownDivergences).filter(([key]) => !key.startsWith('$')));
  return { fixtures: { valid: raw.fixtures.valid, invalid }, corpus: { knownDivergences } };
}

/** Every haproxy.cfg below test/fixtures (repo-relative, sorted). */
export function fixtureConfigs(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'haproxy.cfg') found.push(path.relative(REPO, full).split(path.sep).join('/'));
    }
  };
  walk(path.join(REPO, 'test/fixtures'));
  return found.sort();
}

/** The hand-written corpus: test/fixtures/haproxy-corpus/*.cfg, sorted by name. */
export function corpusFiles(): { name: string; text: string }[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.cfg'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(CORPUS_DIR, name), 'utf8') }));
}
