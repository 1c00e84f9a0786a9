/** The BuildCache that keeps a site's renders from one build to the next. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
