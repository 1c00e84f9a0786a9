/**
 * What docdrift keeps from one site build to the next, under the system's temporary folder
 * (never in the package, which may be read-only): the rules' examples, and per site its parse
 * results, its BuildCache and Astro's caches. Every entry is keyed by docdrift's build identity
 * (its code and its dependencies' versions), so a changed docdrift starts afresh.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildIdentity } from '../engine/tool-version.ts';
import { writeFileAtomic } from '../engine/write-atomic.ts';

export const CACHE_ROOT = path.join(os.tmpdir(), 'docdrift-site-cache');

/** The folder for one site (checked root and output folder, or 'dev'). */
export function siteCacheDir(root: string, outDir: string | undefined): string {
  const key = createHash('sha256').update(`${path.resolve(root)}\0${outDir ?? 'dev'}`).digest('hex').slice(0, 16);
  return path.join(CACHE_ROOT, key);
}

/** The folder for one site, marked as just used so that pruneCaches() keeps it. */
export async function useSiteCache(root: string, outDir: string | undefined): Promise<string> {
  const dir = siteCacheDir(root, outDir);
  await mkdir(dir, { recursive: true });
  const now = new Date();
  await utimes(dir, now, now);
  return dir;
}

/** How many are kept: every output folder, a test's temporary one too, gets a site cache of its own. */
const KEEP = { sites: 16, ruleExamples: 4 };

/** Removes all but the most recently used site caches and rule examples. */
export async function pruneCaches(): Promise<void> {
  const entries = await readdir(CACHE_ROOT, { withFileTypes: true }).catch(() => []);
  const dated = await Promise.all(
    entries.map(async (entry) => ({ entry, used: (await stat(path.join(CACHE_ROOT, entry.name)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  const newestFirst = (a: { used: number }, b: { used: number }) => b.used - a.used;
  const sites = dated.filter(({ entry }) => entry.isDirectory()).sort(newestFirst).slice(KEEP.sites);
  const examples = dated.filter(({ entry }) => entry.isFile() && entry.name.startsWith('rule-examples-')).sort(newestFirst).slice(KEEP.ruleExamples);
  await Promise.all([...sites, ...examples].map(({ entry }) => rm(path.join(CACHE_ROOT, entry.name), { recursive: true, force: true })));
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(value));
}

/**
 * Results kept from a site's last build: rendering Markdown, highlighting source files, laying out
 * the diagram and parsing the docs are pure functions of their input, and most of docdrift's share
 * of a build. Saving keeps only what this build used, so the file never outgrows a build.
 */
export class BuildCache {
  private readonly used = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly file: string | undefined,
    private readonly stamp: string,
    private readonly previous: Record<string, unknown>,
  ) {}

  /** A cache that keeps nothing between builds. */
  static none(): BuildCache {
    return new BuildCache(undefined, '', {});
  }

  static async open(file: string): Promise<BuildCache> {
    const stamp = await buildIdentity();
    let previous: Record<string, unknown> = {};
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as { stamp: string; entries: Record<string, unknown> };
      if (saved.stamp === stamp) previous = saved.entries;
    } catch {
      // Nothing kept yet.
    }
    return new BuildCache(file, stamp, previous);
  }

  /** What compute() returns for this input, from the last build when it computed the same. */
  get<T>(kind: string, input: string, compute: () => T | Promise<T>): Promise<T> {
    const key = `${kind}:${createHash('sha256').update(input).digest('hex').slice(0, 32)}`;
    let value = this.used.get(key);
    if (!value) {
      value = Object.hasOwn(this.previous, key) ? Promise.resolve(this.previous[key]) : Promise.resolve().then(compute);
      this.used.set(key, value);
    }
    return value as Promise<T>;
  }

  /** Keeps this build's results for the next one; a cache that cannot be written is no error. */
  async save(): Promise<void> {
    if (!this.file) return;
    const entries: Record<string, unknown> = {};
    for (const [key, value] of this.used) entries[key] = await value;
    await writeJson(this.file, { stamp: this.stamp, entries }).catch(() => undefined);
  }
}
