import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/load.ts';
import { addNamedPaths, discover } from '../../src/discover/discover.ts';
import { check } from '../../src/index.ts';

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-discover-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function tree(files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(scratch, file)), { recursive: true });
    await writeFile(path.join(scratch, file), text);
  }
}

const MANIFEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

describe('discover', () => {
  it('skips what the root and nested .gitignore files exclude, with git semantics', async () => {
    await tree({
      '.gitignore': [
        '# comments and blank lines are not patterns',
        '#comment.yaml',
        '',
        '/build', // anchored: only the root's build/
        'rendered/', // a folder at any depth, not a file of that name
        '*.tmp.yaml',
        '!keep.tmp.yaml', // negation re-includes
        'secret?.yaml',
        '\\#hash.yaml', // an escaped # is a pattern
        'Cased.yaml', // case-sensitive, as git on Linux
        '',
      ].join('\n'),
      'sub/.gitignore': 'local.yaml\n!secret2.yaml\n',
      'comment.yaml': MANIFEST,
      'build/a.yaml': MANIFEST,
      'sub/build/b.yaml': MANIFEST,
      'rendered/c.yaml': MANIFEST,
      'sub/rendered/d.yaml': MANIFEST,
      'x.tmp.yaml': MANIFEST,
      'keep.tmp.yaml': MANIFEST,
      'secret1.yaml': MANIFEST,
      'sub/secret2.yaml': MANIFEST,
      '#hash.yaml': MANIFEST,
      'cased.yaml': MANIFEST,
      'local.yaml': MANIFEST,
      'sub/local.yaml': MANIFEST,
      'node_modules/pkg/e.yaml': MANIFEST,
      'sub/node_modules/f.yaml': MANIFEST,
      '.git/config.yaml': MANIFEST,
    });
    const found = await discover(scratch, defaultConfig());
    expect(found.files.map((file) => file.path)).toEqual([
      'cased.yaml',
      'comment.yaml',
      'keep.tmp.yaml',
      'local.yaml',
      'sub/build/b.yaml',
      'sub/secret2.yaml',
    ]);
    expect(found.skipped).toEqual([]);
    // Ignored files and folders are still known to exist (a doc may link to them), but ignored
    // folders are not walked; node_modules and .git are not even listed.
    expect(found.paths.has('local.yaml') && found.paths.has('build') && found.paths.has('sub/rendered')).toBe(true);
    expect(found.paths.has('build/a.yaml')).toBe(false);
    expect(found.unwalked).toEqual(['build', 'rendered', 'sub/rendered']);
    expect([...found.paths].filter((file) => file.includes('node_modules') || file.startsWith('.git/'))).toEqual([]);
    await addNamedPaths(scratch, found.unwalked, ['sub/rendered/d.yaml', 'build/missing.yaml', 'build/deep/missing.yaml', 'comment.yaml'], found.paths);
    expect(['sub/rendered/d.yaml', 'build/missing.yaml', 'build/deep', 'build/deep/missing.yaml'].map((name) => found.paths.has(name))).toEqual([true, false, false, false]);

    const all = await discover(scratch, { ...defaultConfig(), gitignore: false });
    expect(all.files.map((file) => file.path)).toEqual([
      '#hash.yaml',
      'build/a.yaml',
      'cased.yaml',
      'comment.yaml',
      'keep.tmp.yaml',
      'local.yaml',
      'rendered/c.yaml',
      'secret1.yaml',
      'sub/build/b.yaml',
      'sub/local.yaml',
      'sub/rendered/d.yaml',
      'sub/secret2.yaml',
      'x.tmp.yaml',
    ]);
  });

  it('resolves links into ignored folders without walking them', async () => {
    await tree({
      '.gitignore': '/build\n',
      'build/out/a.yaml': MANIFEST,
      'docs/guide.md': '# Guide\n\nSee [the rendered one](../build/out/a.yaml) and [a gone one](../build/out/gone.yaml).\n',
    });
    const result = await check({ root: scratch });
    expect(result.findings.filter((finding) => finding.ruleId === 'docs/missing-file').map((finding) => `${finding.file}:${finding.line}:${finding.column}`)).toEqual([
      'docs/guide.md:3:49',
    ]);
  });

  it('cannot re-include a file below an excluded folder, as git cannot', async () => {
    await tree({ '.gitignore': 'out/\n!out/kept.yaml\n', 'out/kept.yaml': MANIFEST, 'out/.gitignore': '!kept.yaml\n', 'in.yaml': MANIFEST });
    expect((await discover(scratch, defaultConfig())).files.map((file) => file.path)).toEqual(['in.yaml']);
  });

  it('applies the config ignore globs and role globs on top', async () => {
    await tree({
      'docs/a.md': '# A\n',
      'docs/drafts/b.md': '# B\n',
      'deploy/haproxy.cfg': 'global\n',
      'deploy/app.yaml': MANIFEST,
      'deploy/app.yml': MANIFEST,
      'notes.txt': 'x',
    });
    const config = { ...defaultConfig(), ignore: ['docs/drafts/**'], manifests: ['deploy/*.yaml'] };
    expect((await discover(scratch, config)).files.map((file) => `${file.role} ${file.path}`)).toEqual([
      'manifest deploy/app.yaml',
      'haproxy deploy/haproxy.cfg',
      'doc docs/a.md',
    ]);
  });
});
