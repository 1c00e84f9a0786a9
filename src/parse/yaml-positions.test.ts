import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { YamlNav, literalContentStart, sourceOf, sourceOfRange } from './yaml-positions.ts';
import type { PositionContext } from './yaml-positions.ts';

function load(text: string, map?: PositionContext['map']): YamlNav {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: false });
  expect(doc.errors).toEqual([]);
  return new YamlNav(doc as Document, { text, lineCounter, file: 'f.yaml', ...(map ? { map } : {}) });
}

const src = (line: number, column: number, endLine: number, endColumn: number) => ({ file: 'f.yaml', line, column, endLine, endColumn });

describe('sourceOf / sourceOfRange', () => {
  it('gives 1-based positions with an exclusive end column, trailing blanks trimmed', () => {
    const nav = load('a: 1\nb: |\n  x\n  y\n\nc: "q"  # note\n');
    expect(nav.source(nav.get(nav.doc.contents, 'a'))).toEqual(src(1, 4, 1, 5));
    expect(nav.source(nav.get(nav.doc.contents, 'b'))).toEqual(src(2, 4, 4, 4));
    expect(nav.source(nav.get(nav.doc.contents, 'c'))).toEqual(src(6, 4, 6, 7));
    expect(sourceOfRange(nav.pos, 0, 0)).toEqual(src(1, 1, 1, 1));
    expect(sourceOf(nav.pos, undefined, src(9, 9, 9, 9))).toEqual(src(9, 9, 9, 9));
  });

  it('applies the context map to every Source', () => {
    const nav = load('k: v\n', (s) => ({ ...s, line: s.line + 10, endLine: s.endLine + 10 }));
    expect(nav.source(nav.get(nav.doc.contents, 'k'))).toEqual(src(11, 4, 11, 5));
  });
});

describe('YamlNav', () => {
  const text = [
    'base: &base {a: 1, b: 1}', //   1
    'other: &other {b: 2, c: 2}', // 2
    'merged:', //                    3
    '  <<: [*base, *other]', //      4
    '  c: 3', //                     5
    'dup: {k: first, k: last}', //   6
    'list: [x, {y: z}]', //          7
    'n: 1.10', //                    8
    'flag: yes', //                  9
    'cycle: &cy {<<: *cy, own: 1}', // 10
    'ref: &base {a: 9}', //          11
    'after: *base', //               12
  ].join('\n');
  const nav = load(text);
  const root = nav.doc.contents;

  it('resolves merge keys: explicit keys first, then earlier sources over later ones', () => {
    const merged = nav.get(root, 'merged');
    expect(nav.num(nav.get(merged, 'a'))).toBe(1);
    expect(nav.num(nav.get(merged, 'b'))).toBe(1);
    expect(nav.num(nav.get(merged, 'c'))).toBe(3);
    expect(nav.entries(merged).map((e) => [e.key, nav.num(e.value)])).toEqual([
      ['c', 3],
      ['a', 1],
      ['b', 1],
    ]);
    // merged values keep the position of their definition
    expect(nav.source(nav.get(merged, 'a'))).toEqual(src(1, 17, 1, 18));
  });

  it('uses the last of duplicate keys', () => {
    expect(nav.str(nav.at(root, ['dup', 'k']))).toBe('last');
  });

  it('follows paths through sequences', () => {
    expect(nav.str(nav.at(root, ['list', 1, 'y']))).toBe('z');
    expect(nav.at(root, ['list', 5, 'y'])).toBeUndefined();
    expect(nav.items(nav.get(root, 'list'))).toHaveLength(2);
  });

  it('reads scalars leniently', () => {
    expect(nav.str(nav.get(root, 'n'))).toBe('1.10');
    expect(nav.num(nav.get(root, 'n'))).toBe(1.1);
    expect(nav.strictStr(nav.get(root, 'n'))).toBeUndefined();
    expect(nav.bool(nav.get(root, 'flag'))).toBe(true);
  });

  it('survives self-referencing merges', () => {
    const cycle = nav.get(root, 'cycle');
    expect(nav.num(nav.get(cycle, 'own'))).toBe(1);
    expect(nav.get(cycle, 'missing')).toBeUndefined();
    expect(nav.entries(cycle).map((e) => e.key)).toEqual(['own']);
  });

  it('resolves an alias to the last anchor of that name before it; its Source stays the alias', () => {
    const after = nav.get(root, 'after');
    expect(nav.num(nav.get(after, 'a'))).toBe(9);
    expect(nav.source(after)).toEqual(src(12, 8, 12, 13));
    expect(nav.locNum(after, 'a')).toEqual({ value: 9, source: src(11, 16, 11, 17) });
  });
});

describe('literalContentStart', () => {
  const text = [
    'plain: |', //          1
    '  one', //             2
    'blank: |', //          3
    '', //                  4
    '    deeper', //        5
    'explicit: |2  # c', // 6
    '     three', //        7
    'folded: >', //         8
    '  f', //               9
    'quoted: "q"', //       10
    'empty: |', //          11
  ].join('\n');
  const nav = load(text);
  const at = (key: string) => literalContentStart(nav.pos, nav.get(nav.doc.contents, key));

  it('points at the line after the header with the indentation the block adds', () => {
    expect(at('plain')).toEqual({ line: 2, column: 3, indent: 2 });
    expect(at('blank')).toEqual({ line: 4, column: 5, indent: 4 });
    // |2: the text keeps 3 of the 5 leading spaces
    expect(at('explicit')).toEqual({ line: 7, column: 3, indent: 2 });
  });

  it('is undefined for folded, flow and empty scalars', () => {
    expect(at('folded')).toBeUndefined();
    expect(at('quoted')).toBeUndefined();
    expect(at('empty')).toBeUndefined();
  });
});
