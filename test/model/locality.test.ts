import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearest } from '../../src/model/locality.ts';

const fileOf = (path: string) => path;

/** The definition, as a scan of every candidate: those whose folders share the most leading folder names with the doc's. */
function longestSharedPrefix(docFile: string, candidates: readonly string[]): string[] {
  const docFolder = docFile.slice(0, Math.max(0, docFile.lastIndexOf('/')));
  const docFolders = docFolder === '' ? [] : docFolder.split('/');
  const shared = (file: string) => {
    const candidateFolders = file.split('/').slice(0, -1);
    let count = 0;
    while (count < docFolders.length && count < candidateFolders.length && docFolders[count] === candidateFolders[count]) count++;
    return count;
  };
  const best = Math.max(...candidates.map(shared));
  return candidates.filter((candidate) => shared(candidate) === best);
}

describe('nearest', () => {
  const manifests = ['a/x.yaml', 'a/b/y.yaml', 'a/b/c/z.yaml', 'd/w.yaml'];

  it('picks the candidates of the deepest folder the doc shares, nested folders included', () => {
    expect(nearest('a/b/c/docs/guide.md', manifests, fileOf)).toEqual(['a/b/c/z.yaml']);
    expect(nearest('a/b/docs/guide.md', manifests, fileOf)).toEqual(['a/b/y.yaml', 'a/b/c/z.yaml']);
    expect(nearest('d/docs/guide.md', manifests, fileOf)).toEqual(['d/w.yaml']);
  });

  it('keeps every tie, in the order of the candidates', () => {
    expect(nearest('a/guide.md', ['a/b/c/z.yaml', 'a/x.yaml', 'a/b/y.yaml', 'd/w.yaml'], fileOf)).toEqual(['a/b/c/z.yaml', 'a/x.yaml', 'a/b/y.yaml']);
    expect(nearest('e/guide.md', manifests, fileOf)).toEqual(manifests);
    expect(nearest('README.md', manifests, fileOf)).toEqual(manifests);
  });

  it('compares whole folder names, not text prefixes', () => {
    expect(nearest('ab/docs/guide.md', ['a/x.yaml', 'ab/y.yaml'], fileOf)).toEqual(['ab/y.yaml']);
    expect(nearest('a/docs/guide.md', ['a/x.yaml', 'ab/y.yaml'], fileOf)).toEqual(['a/x.yaml']);
  });

  it('answers nothing without candidates', () => {
    expect(nearest('a/guide.md', [], fileOf)).toEqual([]);
  });

  it('reads the files of a candidate list once, however many docs ask', () => {
    const candidates = [...manifests];
    let reads = 0;
    const counted = (path: string) => {
      reads++;
      return path;
    };
    for (const doc of ['a/b/guide.md', 'a/b/other.md', 'd/guide.md', 'README.md']) nearest(doc, candidates, counted);
    expect(reads).toBe(candidates.length);
  });

  it('agrees with the longest shared folder prefix on any paths', () => {
    const name = fc.constantFrom('a', 'b', 'ab', '');
    const path = fc.array(name, { maxLength: 4 }).map((folders) => [...folders, 'file.yaml'].join('/'));
    fc.assert(
      fc.property(path, fc.array(path, { minLength: 1, maxLength: 8 }), (docFile, candidates) => {
        expect(nearest(docFile, [...candidates], fileOf)).toEqual(longestSharedPrefix(docFile, candidates));
      }),
      { seed: 1, numRuns: 500 },
    );
  });
});
