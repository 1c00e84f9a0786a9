import { describe, expect, it } from 'vitest';
import {
  classifyHeading,
  githubSlug,
  locateInLine,
  parseMarkdown,
  sectionAt,
  type Block,
  type MarkdownDocument,
  type TextLine,
} from './markdown.ts';

const FILE = 'docs/guide.md';

function md(lines: string[]): string {
  return lines.join('\n') + '\n';
}

function src(line: number, column: number, endLine: number, endColumn: number) {
  return { file: FILE, line, column, endLine, endColumn };
}

function textBlocks(doc: MarkdownDocument): Extract<Block, { kind: 'text' }>[] {
  return doc.blocks.filter((b): b is Extract<Block, { kind: 'text' }> => b.kind === 'text');
}

function plain(lines: TextLine[]): { line: number; column: number; text: string }[] {
  return lines.map(({ line, column, text }) => ({ line, column, text }));
}

describe('headings and slugs', () => {
  it('reads the anchors written in HTML: <a name> and any id, quoted or not', () => {
    const doc = parseMarkdown(FILE, ['<a name="top"></a>', '', '# Title <a id=\'inline\'></a>', '', '<div id=bare class="x"><span name="not-an-anchor" data-id="no"></span></div>', ''].join('\n'));
    expect(doc.anchors).toEqual(['top', 'inline', 'bare']);
  });


  const doc = parseMarkdown(
    FILE,
    md([
      '# Hello, World!',
      '## Hello, World!',
      '## Hello World',
      '### Emoji 🚀 Launch',
      '## The `foo_bar` option',
      '## Ünïcödé & Ümlaut',
      '## foo',
      '## foo',
      '## foo-1',
      'Setext *title*',
      '==============',
      '#### Closing hashes ##',
    ]),
  );

  it('extracts text, depth and GitHub slugs with duplicate suffixes', () => {
    expect(doc.headings.map((h) => [h.depth, h.text, h.slug])).toEqual([
      [1, 'Hello, World!', 'hello-world'],
      [2, 'Hello, World!', 'hello-world-1'],
      [2, 'Hello World', 'hello-world-2'],
      [3, 'Emoji 🚀 Launch', 'emoji--launch'],
      [2, 'The foo_bar option', 'the-foo_bar-option'],
      [2, 'Ünïcödé & Ümlaut', 'ünïcödé--ümlaut'],
      [2, 'foo', 'foo'],
      [2, 'foo', 'foo-1'],
      [2, 'foo-1', 'foo-1-1'],
      [1, 'Setext title', 'setext-title'],
      [4, 'Closing hashes', 'closing-hashes'],
    ]);
  });

  it('gives each heading its source', () => {
    expect(doc.headings[0]?.source).toEqual(src(1, 1, 1, 16));
    expect(doc.headings[4]?.source).toEqual(src(5, 1, 5, 24));
    expect(doc.headings[9]?.source).toEqual(src(10, 1, 11, 15));
  });

  it('slugs like github-slugger', () => {
    expect(githubSlug('Step 2: Deploy (v1.2) — now!')).toBe('step-2-deploy-v12--now');
    expect(githubSlug('  spaced  ')).toBe('--spaced--');
  });
});

describe('title and frontmatter', () => {
  it('takes the first H1 when there is no frontmatter', () => {
    const doc = parseMarkdown(FILE, md(['Intro', '', '## Not this', '', '# Synapse on Kubernetes', '', '# Second']));
    expect(doc.title).toBe('Synapse on Kubernetes');
    expect(doc.frontmatter).toBeUndefined();
  });

  it('prefers the frontmatter title', () => {
    const doc = parseMarkdown(FILE, md(['---', 'title: From Frontmatter', 'tags: [a, b]', '---', '', '# Heading Title']));
    expect(doc.title).toBe('From Frontmatter');
    expect(doc.frontmatter).toEqual({ title: 'From Frontmatter', tags: ['a', 'b'] });
    expect(doc.headings[0]?.source.line).toBe(6);
  });

  it('reports frontmatter that is not valid YAML and falls back to the H1', () => {
    const doc = parseMarkdown(FILE, md(['---', 'title: [unclosed', '---', '# H1']));
    expect(doc.frontmatter).toBeUndefined();
    expect(doc.title).toBe('H1');
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]?.message).toMatch(/^frontmatter is not valid YAML: /);
    expect(doc.problems[0]?.source).toEqual(src(1, 1, 3, 4));
  });

  it('has no title when there is neither', () => {
    expect(parseMarkdown(FILE, md(['## Only H2'])).title).toBeUndefined();
  });
});

describe('sections and scopes', () => {
  const doc = parseMarkdown(
    FILE,
    md([
      'Intro.', //                               1
      '', //                                     2
      '# Guide', //                              3
      '', //                                     4
      '## Future Expansion Path (Optional)', //  5
      '', //                                     6
      '### Phase 1', //                          7
      '', //                                     8
      '### Database', //                         9
      '', //                                    10
      '## Deployment', //                       11
      '', //                                    12
      '### Phase 2', //                         13
      '', //                                    14
      '### Workers', //                         15
      '', //                                    16
      '## Example: without HAProxy', //         17
      '', //                                    18
      '## Dos and Don’ts', //                   19
      '', //                                    20
      '## Migration from the old layout', //    21
      'Last line.', //                          22
    ]),
  );

  it('builds the section tree with paths, parents and line ranges', () => {
    expect(doc.sections.map((s) => [s.heading?.text, s.path, s.parent, s.startLine, s.endLine])).toEqual([
      [undefined, [], undefined, 1, 2],
      ['Guide', ['Guide'], undefined, 3, 22],
      ['Future Expansion Path (Optional)', ['Guide', 'Future Expansion Path (Optional)'], 1, 5, 10],
      ['Phase 1', ['Guide', 'Future Expansion Path (Optional)', 'Phase 1'], 2, 7, 8],
      ['Database', ['Guide', 'Future Expansion Path (Optional)', 'Database'], 2, 9, 10],
      ['Deployment', ['Guide', 'Deployment'], 1, 11, 16],
      ['Phase 2', ['Guide', 'Deployment', 'Phase 2'], 5, 13, 14],
      ['Workers', ['Guide', 'Deployment', 'Workers'], 5, 15, 16],
      ['Example: without HAProxy', ['Guide', 'Example: without HAProxy'], 1, 17, 18],
      ['Dos and Don’ts', ['Guide', 'Dos and Don’ts'], 1, 19, 20],
      ['Migration from the old layout', ['Guide', 'Migration from the old layout'], 1, 21, 22],
    ]);
  });

  it('classifies headings and inherits from the parent', () => {
    expect(doc.sections.map((s) => [s.scope, s.scopeReason])).toEqual([
      ['current', 'default'],
      ['current', 'default'],
      ['future', 'heading "Future Expansion Path (Optional)"'],
      ['future', 'heading "Phase 1"'],
      // A current-sounding H3 under a future H2 stays future.
      ['future', 'heading "Future Expansion Path (Optional)"'],
      ['current', 'default'],
      // "Phase N" is future even under a current H2.
      ['future', 'heading "Phase 2"'],
      ['current', 'default'],
      ['example', 'heading "Example: without HAProxy"'],
      ['example', 'heading "Dos and Don’ts"'],
      ['historical', 'heading "Migration from the old layout"'],
    ]);
  });

  it('finds the innermost section of a line', () => {
    expect([1, 2, 3, 6, 8, 9, 10, 12, 14, 22, 0, 99].map((line) => sectionAt(doc, line))).toEqual([0, 0, 1, 2, 3, 4, 4, 5, 6, 10, 0, 10]);
  });

  it('assigns blocks to sections', () => {
    expect(textBlocks(doc).map((b) => [b.lines[0]?.text, b.section])).toEqual([
      ['Intro.', 0],
      ['Guide', 1],
      ['Future Expansion Path (Optional)', 2],
      ['Phase 1', 3],
      ['Database', 4],
      ['Deployment', 5],
      ['Phase 2', 6],
      ['Workers', 7],
      ['Example: without HAProxy', 8],
      ['Dos and Don’ts', 9],
      ['Migration from the old layout', 10],
      ['Last line.', 10],
    ]);
  });

  it('gives the preamble an empty range when the file starts with a heading', () => {
    const d = parseMarkdown(FILE, md(['# A', 'text']));
    expect(d.sections.map((s) => [s.startLine, s.endLine])).toEqual([
      [1, 0],
      [1, 2],
    ]);
    expect(sectionAt(d, 1)).toBe(1);
  });
});

describe('classifyHeading', () => {
  it('matches whole words case-insensitively', () => {
    expect(classifyHeading('Roadmap')).toBe('future');
    expect(classifyHeading('Next steps')).toBe('future');
    expect(classifyHeading('PHASE II rollout')).toBe('future');
    expect(classifyHeading('When you need more workers')).toBe('future');
    expect(classifyHeading('Scaling out to 10 workers')).toBe('future');
    expect(classifyHeading('TODO')).toBe('future');
    expect(classifyHeading('Examples')).toBe('example');
    expect(classifyHeading('Anti-patterns')).toBe('example');
    expect(classifyHeading('e.g. a sample config')).toBe('example');
    expect(classifyHeading('Do not do this')).toBe('example');
    expect(classifyHeading('Hypothetical setup')).toBe('example');
    expect(classifyHeading('Changelog')).toBe('historical');
    expect(classifyHeading('Before the review')).toBe('historical');
    expect(classifyHeading('Deprecated settings')).toBe('historical');
    expect(classifyHeading('Federation senders')).toBeUndefined();
    expect(classifyHeading('Golden path')).toBeUndefined(); // "old" only as a whole word
    expect(classifyHeading('Phaser')).toBeUndefined();
  });

  it('lets the first matching phrase win', () => {
    expect(classifyHeading('Example: migrating from the legacy layout')).toBe('example');
    expect(classifyHeading('Legacy example')).toBe('historical');
  });

  it('takes extra phrases', () => {
    expect(classifyHeading('Wishlist')).toBeUndefined();
    expect(classifyHeading('Wishlist', { future: ['wishlist'] })).toBe('future');
    expect(classifyHeading('Stage 3 work', { future: ['stage #'] })).toBe('future');
    expect(classifyHeading('Archive', { historical: ['^archive'] })).toBe('historical');
    expect(classifyHeading('The archive', { historical: ['^archive'] })).toBeUndefined();
  });

  it('uses the extras passed to parseMarkdown', () => {
    const doc = parseMarkdown(FILE, md(['# Wishlist']), { future: ['wishlist'] });
    expect(doc.sections[1]?.scope).toBe('future');
  });
});

describe('scope directives', () => {
  const doc = parseMarkdown(
    FILE,
    md([
      '# Doc', //                                    1
      '', //                                         2
      '<!-- docdrift scope=historical -->', //       3
      '', //                                         4
      '## Setup', //                                 5
      '', //                                         6
      '### Sub', //                                  7
      '', //                                         8
      '## Running', //                               9
      '', //                                        10
      'Text before.', //                            11
      '', //                                        12
      '<!-- docdrift scope=future -->', //          13
      '', //                                        14
      'Text after.', //                             15
      '', //                                        16
      '### Details', //                             17
      '', //                                        18
      '## Future work <!-- docdrift scope=current -->', // 19
      '', //                                        20
      '## Next', //                                 21
    ]),
  );

  it('applies a directive before a heading to that heading and its subsections', () => {
    expect(doc.sections[2]).toMatchObject({ heading: { text: 'Setup' }, scope: 'historical', scopeReason: 'directive at line 3' });
    expect(doc.sections[3]).toMatchObject({ heading: { text: 'Sub' }, scope: 'historical', scopeReason: 'directive at line 3' });
    expect(doc.sections[4]).toMatchObject({ heading: { text: 'Running' }, scope: 'current', scopeReason: 'default' });
  });

  it('splits the section at a directive inside it, to the end of that section', () => {
    expect(doc.sections[5]).toEqual({
      heading: doc.headings[3],
      path: ['Doc', 'Running'],
      scope: 'future',
      scopeReason: 'directive at line 13',
      startLine: 13,
      endLine: 18,
      parent: 4,
    });
    expect(doc.sections[6]).toMatchObject({ heading: { text: 'Details' }, scope: 'future', scopeReason: 'directive at line 13', parent: 5 });
    expect(doc.sections[4]?.endLine).toBe(18);
    const texts = textBlocks(doc).filter((b) => b.role === 'paragraph');
    expect(texts.map((b) => [b.lines[0]?.text, b.section])).toEqual([
      ['Text before.', 4],
      ['Text after.', 5],
    ]);
  });

  it('applies a directive inside a heading to that heading', () => {
    expect(doc.sections[7]).toMatchObject({ heading: { text: 'Future work' }, scope: 'current', scopeReason: 'directive at line 19' });
    expect(doc.sections[8]).toMatchObject({ heading: { text: 'Next' }, scope: 'current', scopeReason: 'default' });
    expect(doc.sections).toHaveLength(9);
  });

  it('records the directives', () => {
    expect(doc.directives).toEqual([
      { kind: 'scope', scope: 'historical', ruleIds: [], source: src(3, 1, 3, 35) },
      { kind: 'scope', scope: 'future', ruleIds: [], source: src(13, 1, 13, 31) },
      { kind: 'scope', scope: 'current', ruleIds: [], source: src(19, 16, 19, 47) },
    ]);
    expect(doc.problems).toEqual([]);
  });

  it('splits the preamble too', () => {
    const d = parseMarkdown(FILE, md(['<!-- docdrift scope=example -->', 'Sample text.', '', '# Real']));
    expect(d.sections.map((s) => [s.heading?.text, s.scope, s.startLine, s.endLine, s.parent])).toEqual([
      [undefined, 'current', 1, 3, undefined],
      [undefined, 'example', 1, 3, 0],
      ['Real', 'current', 4, 4, undefined],
    ]);
    expect(sectionAt(d, 2)).toBe(1);
  });
});

describe('suppressions', () => {
  it('silences the whole next block after disable-next-line', () => {
    const doc = parseMarkdown(
      FILE,
      md([
        '<!-- docdrift-disable-next-line rule-a -->', //          1
        'A paragraph', //                                          2
        'that spans two lines.', //                                3
        '', //                                                     4
        '<!-- docdrift-disable-next-line -->', //                  5
        '', //                                                     6
        '| a | b |', //                                            7
        '|---|---|', //                                            8
        '| 1 | 2 |', //                                            9
        '', //                                                    10
        '<!-- docdrift-disable-next-line rule-b,rule-c -->', //   11
        '```yaml', //                                             12
        'k: v', //                                                13
        '```', //                                                 14
        '', //                                                    15
        'Inline <!-- docdrift-disable-next-line rule-d --> here', // 16
        'next line', //                                           17
        'and one more', //                                        18
      ]),
    );
    expect(doc.suppressions).toEqual([
      { ruleIds: ['rule-a'], fromLine: 2, toLine: 3 },
      { ruleIds: [], fromLine: 7, toLine: 9 },
      { ruleIds: ['rule-b', 'rule-c'], fromLine: 12, toLine: 14 },
      { ruleIds: ['rule-d'], fromLine: 17, toLine: 17 },
    ]);
    expect(doc.directives.map((d) => [d.kind, d.ruleIds, d.source.line])).toEqual([
      ['disable-next-line', ['rule-a'], 1],
      ['disable-next-line', [], 5],
      ['disable-next-line', ['rule-b', 'rule-c'], 11],
      ['disable-next-line', ['rule-d'], 16],
    ]);
  });

  it('resolves disable/enable regions per rule, to the end of the file when never enabled', () => {
    const doc = parseMarkdown(
      FILE,
      md([
        'Intro.', //                                    1
        '', //                                          2
        '<!-- docdrift-disable rule-a, rule-b -->', //  3
        '', //                                          4
        'text', //                                      5
        '', //                                          6
        '<!-- docdrift-enable rule-a -->', //           7
        '', //                                          8
        '<!-- docdrift-disable -->', //                 9
        '', //                                         10
        'more', //                                     11
        '', //                                         12
        '<!-- docdrift-enable -->', //                 13
        '', //                                         14
        '<!-- docdrift-disable rule-z -- flaky upstream docs -->', // 15
        'tail', //                                     16
      ]),
    );
    expect(doc.suppressions).toEqual([
      { ruleIds: ['rule-a'], fromLine: 3, toLine: 7 },
      { ruleIds: ['rule-b'], fromLine: 3, toLine: 13 },
      { ruleIds: [], fromLine: 9, toLine: 13 },
      { ruleIds: ['rule-z'], fromLine: 15, toLine: 16 },
    ]);
    expect(doc.problems).toEqual([]);
  });

  it('reports an enable without a disable', () => {
    const doc = parseMarkdown(FILE, md(['<!-- docdrift-enable rule-a -->']));
    expect(doc.suppressions).toEqual([]);
    expect(doc.problems).toEqual([{ kind: 'invalid-directive', message: 'docdrift-enable rule-a without a docdrift-disable of rule-a before it', source: src(1, 1, 1, 32) }]);
  });

  it('silences the whole file with disable-file', () => {
    const doc = parseMarkdown(FILE, md(['# T', '', 'text', '', '<!-- docdrift-disable-file kube-replicas haproxy-backend -->', '', 'end']));
    expect(doc.suppressions).toEqual([{ ruleIds: ['kube-replicas', 'haproxy-backend'], fromLine: 1, toLine: 7 }]);
    expect(doc.directives[0]?.kind).toBe('disable-file');
  });

  it('ignores directives inside code and ordinary comments', () => {
    const doc = parseMarkdown(FILE, md(['```html', '<!-- docdrift-disable-file -->', '```', '', '<!-- just a note -->', '', '`<!-- docdrift-disable -->`']));
    expect(doc.directives).toEqual([]);
    expect(doc.suppressions).toEqual([]);
    expect(doc.problems).toEqual([]);
  });

  it('reads several directives from one HTML block', () => {
    const doc = parseMarkdown(FILE, md(['<div>', '<!-- docdrift-disable a --> <!-- docdrift-enable a -->', '</div>']));
    expect(doc.directives.map((d) => [d.kind, d.source.line, d.source.column])).toEqual([
      ['disable', 2, 1],
      ['enable', 2, 29],
    ]);
    expect(doc.suppressions).toEqual([{ ruleIds: ['a'], fromLine: 2, toLine: 2 }]);
  });
});

describe('malformed directives', () => {
  it('turns them into problems and keeps them out of directives', () => {
    const doc = parseMarkdown(
      FILE,
      md(['# T', '', '<!-- docdrift scope=soon -->', '', '<!-- docdrift-disabel rule-a -->', '', '<!-- docdrift scope -->', '', '<!-- docdrift-disable bad!id -->']),
    );
    expect(doc.directives).toEqual([]);
    expect(doc.problems).toEqual([
      { kind: 'invalid-directive', message: 'unknown scope "soon" in docdrift directive: expected current, future, example or historical', source: src(3, 1, 3, 29) },
      {
        kind: 'invalid-directive',
        message:
          'unknown docdrift directive "docdrift-disabel": expected docdrift scope=…, docdrift-disable-next-line, docdrift-disable, docdrift-enable or docdrift-disable-file',
        source: src(5, 1, 5, 33),
      },
      { kind: 'invalid-directive', message: 'unreadable docdrift directive "docdrift scope": expected "docdrift scope=<current|future|example|historical>"', source: src(7, 1, 7, 24) },
      { kind: 'invalid-directive', message: 'invalid rule id "bad!id" in docdrift-disable directive', source: src(9, 1, 9, 33) },
    ]);
    expect(doc.sections[1]?.scope).toBe('current');
  });
});

describe('tables', () => {
  const doc = parseMarkdown(
    FILE,
    md([
      'Ports used by the workers:', // 1
      '', //                            2
      '| Name | Port |', //             3
      '|------|-----:|', //             4
      '| `synapse` | 8008 |', //        5
      '| **web** |  |', //              6
      '', //                            7
      'Table 2: after', //              8
    ]),
  );

  it('extracts header, rows and exact cell positions', () => {
    const table = doc.blocks.find((b) => b.kind === 'table');
    expect(table).toEqual({
      kind: 'table',
      header: [
        { text: 'Name', source: src(3, 3, 3, 7) },
        { text: 'Port', source: src(3, 10, 3, 14) },
      ],
      rows: [
        [
          { text: 'synapse', source: src(5, 3, 5, 12) },
          { text: '8008', source: src(5, 15, 5, 19) },
        ],
        [
          { text: 'web', source: src(6, 3, 6, 10) },
          { text: '', source: src(6, 12, 6, 12) },
        ],
      ],
      section: 0,
      source: src(3, 1, 6, 15),
    });
    expect(doc.inlineCode).toEqual([{ value: 'synapse', source: src(5, 3, 5, 12), section: 0 }]);
  });

  it('marks the paragraphs that introduce or title a table as captions', () => {
    // Blank line 7 separates "Table 2" from the table, but they are still siblings.
    expect(textBlocks(doc).map((b) => [b.role, b.lines[0]?.text])).toEqual([
      ['table-caption', 'Ports used by the workers:'],
      ['table-caption', 'Table 2: after'],
    ]);
  });

  it('does not make every paragraph near a table a caption', () => {
    const d = parseMarkdown(FILE, md(['Some prose.', '', '| a |', '|---|', '| b |', '', 'More prose.']));
    expect(textBlocks(d).map((b) => b.role)).toEqual(['paragraph', 'paragraph']);
  });
});

describe('code blocks', () => {
  const doc = parseMarkdown(
    FILE,
    md([
      '```yaml title="x"', //  1
      'a: 1', //               2
      'b: 2', //               3
      '```', //                4
      '', //                   5
      '~~~', //                6
      'plain', //              7
      '~~~', //                8
      '', //                   9
      '    indented', //      10
      '    code', //          11
      '', //                  12
      '- item', //            13
      '', //                  14
      '  ```sh', //           15
      '  echo hi', //         16
      '  ```', //             17
      '', //                  18
      '```', //               19
      '```', //               20
    ]),
  );
  const code = doc.blocks.filter((b): b is Extract<Block, { kind: 'code' }> => b.kind === 'code');

  it('keeps lang, meta, value and the line of the first content line', () => {
    expect(code.map((c) => [c.lang, c.meta, c.value, c.firstLine, c.source.line, c.source.endLine])).toEqual([
      ['yaml', 'title="x"', 'a: 1\nb: 2', 2, 1, 4],
      [undefined, undefined, 'plain', 7, 6, 8],
      [undefined, undefined, 'indented\ncode', 10, 10, 11],
      ['sh', undefined, 'echo hi', 16, 15, 17],
      [undefined, undefined, '', 20, 19, 20],
    ]);
  });

  it('reads an unclosed fence to the end of the file', () => {
    const d = parseMarkdown(FILE, md(['# T', '', '```js', 'let a = 1;', '', 'let b = 2;']));
    const c = d.blocks.find((b) => b.kind === 'code');
    expect(c).toMatchObject({ kind: 'code', lang: 'js', value: 'let a = 1;\n\nlet b = 2;', firstLine: 4, source: src(3, 1, 6, 11) });
  });

  it('normalizes CRLF inside code to \\n', () => {
    const d = parseMarkdown(FILE, '```\r\na\r\nb\r\n```\r\n');
    expect(d.blocks[0]).toMatchObject({ kind: 'code', value: 'a\nb', firstLine: 2, source: src(1, 1, 4, 4) });
  });
});

describe('text lines', () => {
  it('removes markup and records the column of every character', () => {
    const line = 'Run **synapse** with `--config` via [the docs](http://x/y) now.';
    const doc = parseMarkdown(FILE, md(['# T', '', line]));
    const block = textBlocks(doc)[1];
    expect(block?.role).toBe('paragraph');
    const textLine = block?.lines[0];
    expect(textLine?.text).toBe('Run synapse with --config via the docs now.');
    expect(textLine?.line).toBe(3);
    expect(textLine?.column).toBe(1);
    // Every character sits where the TextLine says it does.
    const text = textLine?.text ?? '';
    for (let i = 0; i < text.length; i++) {
      const at = textLine ? locateInLine(textLine, i, 1, FILE) : undefined;
      expect(line[(at?.column ?? 0) - 1]).toBe(text[i]);
    }
    expect(textLine ? locateInLine(textLine, text.indexOf('synapse'), 7, FILE) : undefined).toEqual(src(3, 7, 3, 14));
    expect(textLine ? locateInLine(textLine, text.indexOf('--config'), 8, FILE) : undefined).toEqual(src(3, 23, 3, 31));
    expect(textLine ? locateInLine(textLine, text.indexOf('the docs'), 8, FILE) : undefined).toEqual(src(3, 38, 3, 46));
  });

  it('omits the column map when the text is contiguous', () => {
    const doc = parseMarkdown(FILE, md(['Plain words only.']));
    expect(textBlocks(doc)[0]?.lines).toEqual([{ line: 1, column: 1, text: 'Plain words only.' }]);
  });

  it('maps escapes, character references and continuation lines in blockquotes', () => {
    const doc = parseMarkdown(FILE, md(['> Quote \\*not bold\\* &amp; more', '> second `code`', '>   third']));
    const block = textBlocks(doc)[0];
    expect(block?.role).toBe('blockquote');
    expect(plain(block?.lines ?? [])).toEqual([
      { line: 1, column: 3, text: 'Quote *not bold* & more' },
      { line: 2, column: 3, text: 'second code' },
      { line: 3, column: 5, text: 'third' },
    ]);
    const first = block?.lines[0];
    expect(first?.columns?.slice(0, 8)).toEqual([3, 4, 5, 6, 7, 8, 10, 11]);
    const amp = (first?.text ?? '').indexOf('&');
    expect(first ? locateInLine(first, amp, 1, FILE) : undefined).toEqual(src(1, 22, 1, 23));
  });

  it('yields one block per list item with its own text only', () => {
    const doc = parseMarkdown(
      FILE,
      md([
        '- First **item**', //          1
        '  continues here', //          2
        '  - Nested `child`', //        3
        '    1. deep', //               4
        '- Second', //                  5
        '', //                          6
        '  second paragraph', //        7
      ]),
    );
    const blocks = textBlocks(doc);
    expect(blocks.map((b) => [b.role, plain(b.lines), b.source])).toEqual([
      [
        'list-item',
        [
          { line: 1, column: 3, text: 'First item' },
          { line: 2, column: 3, text: 'continues here' },
        ],
        src(1, 3, 2, 17),
      ],
      ['list-item', [{ line: 3, column: 5, text: 'Nested child' }], src(3, 5, 3, 19)],
      ['list-item', [{ line: 4, column: 8, text: 'deep' }], src(4, 8, 4, 12)],
      [
        'list-item',
        [
          { line: 5, column: 3, text: 'Second' },
          { line: 7, column: 3, text: 'second paragraph' },
        ],
        src(5, 3, 7, 19),
      ],
    ]);
  });

  it('gives headings a text block', () => {
    const doc = parseMarkdown(FILE, md(['## The `haproxy` *frontend*']));
    expect(doc.blocks).toEqual([
      {
        kind: 'text',
        role: 'heading',
        lines: [{ line: 1, column: 4, text: 'The haproxy frontend', columns: [4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 17, 19, 20, 21, 22, 23, 24, 25, 26] }],
        section: 1,
        source: src(1, 1, 1, 28),
      },
    ]);
  });
});

describe('links and inline code', () => {
  it('collects links, images, definitions and resolved references', () => {
    const doc = parseMarkdown(
      FILE,
      md(['# Links', '', 'See [the guide](./guide.md#setup), ![diagram](img/arch.png) and [runbook][rb].', '', '[rb]: https://runbooks.example/synapse "Runbook"']),
    );
    expect(doc.links).toEqual([
      { url: './guide.md#setup', text: 'the guide', source: src(3, 5, 3, 34), section: 1, kind: 'link' },
      { url: 'img/arch.png', text: 'diagram', source: src(3, 36, 3, 60), section: 1, kind: 'image' },
      { url: 'https://runbooks.example/synapse', text: 'runbook', source: src(3, 65, 3, 78), section: 1, kind: 'link' },
      { url: 'https://runbooks.example/synapse', text: 'rb', source: src(5, 1, 5, 49), section: 1, kind: 'definition' },
    ]);
  });

  it('collects inline code from paragraphs, headings and lists', () => {
    const doc = parseMarkdown(FILE, md(['## Port `8008`', '', '- use `` a`b ``']));
    expect(doc.inlineCode).toEqual([
      { value: '8008', source: src(1, 9, 1, 15), section: 1 },
      { value: 'a`b', source: src(3, 7, 3, 16), section: 1 },
    ]);
    const item = textBlocks(doc)[1];
    expect(item?.lines[0]?.text).toBe('use a`b');
    expect(item?.lines[0]?.columns).toEqual([3, 4, 5, 6, 10, 11, 12]);
  });
});

describe('line endings and byte-order mark', () => {
  it('positions CRLF files like LF files', () => {
    const lf = parseMarkdown(FILE, md(['# Title', '', 'Some **bold** text', '', '| a | b |', '|---|---|', '| `x` | y |']));
    const crlf = parseMarkdown(FILE, md(['# Title', '', 'Some **bold** text', '', '| a | b |', '|---|---|', '| `x` | y |']).replace(/\n/g, '\r\n'));
    const strip = (d: MarkdownDocument) => ({ ...d });
    expect(strip(crlf)).toEqual(strip(lf));
    expect(textBlocks(crlf)[1]?.lines).toEqual([{ line: 3, column: 1, text: 'Some bold text', columns: [1, 2, 3, 4, 5, 8, 9, 10, 11, 14, 15, 16, 17, 18] }]);
  });

  it('does not count a byte-order mark', () => {
    const doc = parseMarkdown(FILE, '\uFEFF# Title\r\n\r\nText `code`\r\n');
    expect(doc.headings[0]?.source).toEqual(src(1, 1, 1, 8));
    expect(doc.headings[0]?.text).toBe('Title');
    expect(doc.inlineCode[0]?.source).toEqual(src(3, 6, 3, 12));
    expect(textBlocks(doc)[1]?.lines).toEqual([{ line: 3, column: 1, text: 'Text code', columns: [1, 2, 3, 4, 5, 7, 8, 9, 10] }]);
  });
});

describe('HTML', () => {
  it('keeps HTML blocks and drops inline HTML from text', () => {
    const doc = parseMarkdown(FILE, md(['<details>', '<summary>More</summary>', '', 'Inside <b>bold</b> text', '', '</details>']));
    expect(doc.blocks.map((b) => (b.kind === 'html' ? ['html', b.value, b.source.line] : b.kind === 'text' ? ['text', b.lines[0]?.text, b.source.line] : [b.kind]))).toEqual([
      ['html', '<details>\n<summary>More</summary>', 1],
      ['text', 'Inside bold text', 4],
      ['html', '</details>', 6],
    ]);
  });
});

// Generous timeouts: these only have to finish; remark itself needs a few seconds for the biggest inputs on a busy machine.
const SLOW = 120_000;

describe('hostile input', () => {
  it('finishes an unclosed fence', () => {
    const doc = parseMarkdown(FILE, '```\n' + 'x = 1\n'.repeat(20_000));
    expect(doc.blocks).toHaveLength(1);
    expect(doc.blocks[0]).toMatchObject({ kind: 'code', firstLine: 2, source: { line: 1, endLine: 20_001 } });
  }, SLOW);

  it('reads a 10,000-row table', () => {
    const doc = parseMarkdown(FILE, '| name | port |\n|---|---|\n' + '| `w` | 80 |\n'.repeat(10_000));
    const table = doc.blocks[0];
    expect(table?.kind).toBe('table');
    if (table?.kind === 'table') {
      expect(table.rows).toHaveLength(10_000);
      expect(table.rows[9_999]).toEqual([
        { text: 'w', source: src(10_002, 3, 10_002, 6) },
        { text: '80', source: src(10_002, 9, 10_002, 11) },
      ]);
    }
  }, SLOW);

  it('reads 1,000 nested list items, flattening the deepest lines', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n') + '\n';
    const doc = parseMarkdown(FILE, text);
    expect(doc.problems).toEqual([
      { kind: 'skipped-file', message: '936 lines nest blockquotes or lists more than 64 levels deep and are read as plain text', source: src(65, 1, 65, 138) },
    ]);
    const blocks = textBlocks(doc);
    expect(blocks).toHaveLength(64);
    expect(blocks[3]?.lines[0]).toEqual({ line: 4, column: 9, text: 'item 3' });
    // Flattened lines keep their text (and their original characters).
    expect(blocks[63]?.lines).toHaveLength(937);
    expect(blocks[63]?.lines[1]).toEqual({ line: 65, column: 1, text: `${'  '.repeat(64)}- item 64` });
  }, SLOW);

  it('reads 1,000 nested blockquotes', () => {
    const doc = parseMarkdown(FILE, '>'.repeat(1000) + ' deep\n\n' + Array.from({ length: 1000 }, (_, i) => '> '.repeat(i + 1) + 'q').join('\n') + '\n');
    expect(doc.problems.map((p) => p.message)).toEqual(['937 lines nest blockquotes or lists more than 64 levels deep and are read as plain text']);
    expect(textBlocks(doc)[0]?.lines[0]?.text).toBe('>'.repeat(1000) + ' deep');
  }, SLOW);

  it('reads long emphasis runs as literal text', () => {
    const doc = parseMarkdown(FILE, md(['_'.repeat(5000) + 'a' + '_'.repeat(5000), '', '```', '*'.repeat(40) + ' art', '```']));
    expect(textBlocks(doc)[0]?.lines[0]?.text).toBe('_'.repeat(5000) + 'a' + '_'.repeat(5000));
    expect(doc.blocks[1]).toMatchObject({ kind: 'code', value: '*'.repeat(40) + ' art' });
  });

  it('flattens paragraphs with thousands of nested brackets', () => {
    const doc = parseMarkdown(FILE, '[!['.repeat(3000) + 'a' + '](u)]'.repeat(3000) + '\n');
    expect(doc.problems.map((p) => p.message)).toEqual([
      '1 paragraph with too many emphasis markers or brackets to parse in reasonable time is read without emphasis and links',
    ]);
    expect(doc.links).toEqual([]);
    expect(textBlocks(doc)[0]?.lines[0]?.text.startsWith('[![[![')).toBe(true);
  });

  it('survives binary junk', () => {
    let seed = 7;
    const bytes = Array.from({ length: 50_000 }, () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    });
    const doc = parseMarkdown(FILE, Buffer.from(bytes).toString('latin1'));
    expect(doc.file).toBe(FILE);
    expect(doc.sections.length).toBeGreaterThan(0);
    const withNul = parseMarkdown(FILE, 'a\u0000b\n\n# H\u0000\n');
    expect(withNul.headings[0]?.text).toBe('H\uFFFD');
    expect(textBlocks(withNul)[0]?.lines).toEqual([{ line: 1, column: 1, text: 'a\uFFFDb' }]);
  }, SLOW);

  it('handles the empty file', () => {
    const doc = parseMarkdown(FILE, '');
    expect({ ...doc }).toEqual({
      file: FILE,
      title: undefined,
      frontmatter: undefined,
      headings: [],
      anchors: [],
      sections: [{ heading: undefined, path: [], scope: 'current', scopeReason: 'default', startLine: 1, endLine: 1, parent: undefined }],
      blocks: [],
      links: [],
      inlineCode: [],
      directives: [],
      suppressions: [],
      problems: [],
    });
  });
});
