/** What docdrift keeps from one site build to the next: the BuildCache, and pruning of old caches. */
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BuildCache } from '../../src/site/cache.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docdrift-build-cache-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('BuildCache', () => {
  it('computes each input once per build, and not again in the next build', async () => {
    const file = path.join(dir, 'kept.json');
    const computed: string[] = [];
    const render = (input: string) => async () => {
      computed.push(input);
      return { html: `<p>${input}</p>` };
    };
    const first = await BuildCache.open(file);
    expect(await first.get('markdown', 'a', render('a'))).toEqual({ html: '<p>a</p>' });
    expect(await first.get('markdown', 'a', render('a'))).toEqual({ html: '<p>a</p>' });
    await first.get('markdown', 'b', render('b'));
    await first.save();
    expect(computed).toEqual(['a', 'b']);

    const second = await BuildCache.open(file);
    expect(await second.get('markdown', 'a', render('a'))).toEqual({ html: '<p>a</p>' });
    // The same input under another kind is another result.
    await second.get('source', 'a', render('a'));
    await second.save();
    expect(computed).toEqual(['a', 'b', 'a']);
  });

  it('keeps only what the last build used', async () => {
    const file = path.join(dir, 'pruned.json');
    const first = await BuildCache.open(file);
    await first.get('markdown', 'old', () => 'old');
    await first.save();
    const second = await BuildCache.open(file);
    await second.get('markdown', 'new', () => 'new');
    await second.save();
    const saved = JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.values(saved.entries)).toEqual(['new']);
  });

  it('keeps nothing when it has no file, and a file it cannot write is no error', async () => {
    const none = BuildCache.none();
    await none.get('markdown', 'a', () => 'a');
    await none.save();
    // Its folder is a file: the cache cannot be written there.
    await writeFile(path.join(dir, 'a-file'), '');
    const unwritable = await BuildCache.open(path.join(dir, 'a-file', 'kept.json'));
    await unwritable.get('markdown', 'a', () => 'a');
    await expect(unwritable.save()).resolves.toBeUndefined();
  });
});

describe('pruneCaches', () => {
  it('keeps the most recently used site caches and rule examples', async () => {
    const tmp = await mkdtemp(path.join(dir, 'tmp-'));
    const saved = process.env['TMPDIR'];
    // CACHE_ROOT is taken from the temporary folder when the module loads.
    process.env['TMPDIR'] = tmp;
    try {
      vi.resetModules();
      const { CACHE_ROOT, pruneCaches } = await import('../../src/site/cache.ts');
      expect(CACHE_ROOT.startsWith(tmp)).toBe(true);
      const used = (index: number) => new Date(Date.UTC(2026, 0, 1) + index * 60_000);
      for (let index = 0; index < 20; index++) {
        const site = path.join(CACHE_ROOT, `site-${String(index).padStart(2, '0')}`);
        await mkdir(site, { recursive: true });
        await utimes(site, used(index), used(index));
      }
      for (let index = 0; index < 6; index++) {
        const file = path.join(CACHE_ROOT, `rule-examples-${index}.json`);
        await writeFile(file, '{}');
        await utimes(file, used(index), used(index));
      }
      await pruneCaches();
      const left = (await readdir(CACHE_ROOT)).sort();
      expect(left.filter((name) => name.startsWith('site-'))).toEqual(Array.from({ length: 16 }, (_, index) => `site-${String(index + 4).padStart(2, '0')}`));
      expect(left.filter((name) => name.startsWith('rule-examples-'))).toEqual(['rule-examples-2.json', 'rule-examples-3.json', 'rule-examples-4.json', 'rule-examples-5.json']);
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
      vi.resetModules();
    }
  });
});
