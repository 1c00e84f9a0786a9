import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SourceFile } from '../../src/engine/analyze.ts';
import type { ParseCache } from '../../src/engine/parse-all.ts';
import type { ParseOptions } from '../../src/engine/parse-file.ts';
import { buildIdentity } from '../../src/engine/tool-version.ts';
import { check, memoryCache } from '../../src/index.ts';
import { formatJson } from '../../src/reporters/json.ts';
import { FIXTURES } from '../rule-tester.ts';

const REPO = path.resolve(FIXTURES, '..', '..');

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-cache-'));
  await cp(path.join(FIXTURES, 'seed-after'), path.join(scratch, 'root'), { recursive: true });
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A cache that counts what it is asked, around the real in-memory one. */
function countingCache(): ParseCache & { hits: number; writes: string[] } {
  const inner = memoryCache();
  const cache = {
    hits: 0,
    writes: [] as string[],
    async get(key: string) {
      const value = await inner.get(key);
      if (value) cache.hits++;
      return value;
    },
    async set(key: string, value: Parameters<ParseCache['set']>[1]) {
      cache.writes.push(value.path);
      await inner.set(key, value);
    },
  };
  return cache;
}

describe('parse cache', () => {
  it('parses nothing again on a rerun with no change, and gives the same output', async () => {
    const root = path.join(scratch, 'root');
    const cache = countingCache();
    const cold = await check({ root, cache });
    expect(cache.writes.length).toBe(cold.files.length);
    cache.writes = [];
    const warm = await check({ root, cache });
    expect(cache.writes).toEqual([]);
    expect(cache.hits).toBe(cold.files.length);
    expect(formatJson(warm)).toBe(formatJson(cold));
  });

  it('parses only the changed file when one doc changes', async () => {
    const root = path.join(scratch, 'root');
    const cache = countingCache();
    await check({ root, cache });
    cache.writes = [];
    const guide = path.join(root, 'deployment/docs/DEPLOYMENT-GUIDE.md');
    await writeFile(guide, `${await readFile(guide, 'utf8')}\nkubectl create configmap haproxy-config\n`);
    const result = await check({ root, cache });
    expect(cache.writes).toEqual(['deployment/docs/DEPLOYMENT-GUIDE.md']);
    expect(formatJson(result)).toBe(formatJson(await check({ root })));
  });

  it('keeps entries on disk under a folder per build identity and reuses them', async () => {
    const root = path.join(scratch, 'root');
    const location = path.join(scratch, 'cache');
    const cold = await check({ root, cache: location });
    const [version] = await readdir(location);
    expect(version).toBe(`v${await buildIdentity()}`);
    const entries = await readdir(path.join(location, version!));
    expect(entries.length).toBe(cold.files.length);
    const warm = await check({ root, cache: location });
    expect(await readdir(path.join(location, version!))).toEqual(entries);
    expect(formatJson(warm)).toBe(formatJson(cold));
  });

  it('writes nothing inside the checked folder', async () => {
    const root = path.join(scratch, 'root');
    const before = execFileSync('find', [root, '-printf', '%p %s\n'], { encoding: 'utf8' });
    await check({ root, cache: path.join(scratch, 'cache') });
    expect(execFileSync('find', [root, '-printf', '%p %s\n'], { encoding: 'utf8' })).toBe(before);
  });
});

describe('parallel parsing', () => {
  // Worker threads run the built JavaScript, so this compares the build with itself.
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.build.json')]);
  }, 120_000);

  it('gives output identical to a single-threaded run', async () => {
    const built = (await import(path.join(REPO, 'dist/index.js'))) as typeof import('../../src/index.ts');
    for (const root of [path.join(FIXTURES, 'seed-before'), REPO]) {
      const single = await built.check({ root, workers: 1 });
      const parallel = await built.check({ root, workers: 2 });
      expect(formatJson(parallel)).toBe(formatJson(single));
      expect(parallel.findings.length).toBe(single.findings.length);
    }
  }, 60_000);

  it('hands a file to the main thread when a thread runs out of heap on it, with the same result', async () => {
    const built = (await import(path.join(REPO, 'dist/engine/parse-all.js'))) as typeof import('../../src/engine/parse-all.ts');
    const { parseFile } = (await import(path.join(REPO, 'dist/engine/parse-file.js'))) as typeof import('../../src/engine/parse-file.ts');
    const options: ParseOptions = { stage: 'docs', scopes: {}, claims: { aliases: {}, serviceNames: [], backendNames: [], clusterDomain: 'cluster.local' } };
    const doc = (name: string, text: string): SourceFile => ({ path: `docs/${name}`, role: 'doc', size: text.length, text });
    const small = doc('small.md', '# Small\n\nSync workers listen on port 8083.\n');
    const table = doc('table.md', `# Routes\n\n| Service | Port |\n| --- | --- |\n${'| synapse-sync-worker | 8083 |\n'.repeat(3000)}`);
    const files = [small, table, { ...small, path: 'docs/after.md' }];
    // Ample for a short doc, too small for the tree of a 3,000-row table.
    const pool = new built.ParsePool({ maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 });
    try {
      const parsed = await pool.parse(files, options, 1, () => {});
      expect(pool.parsedOnMainThread).toEqual(['docs/table.md']);
      expect(parsed).toEqual(files.map((file) => parseFile(file, options)));
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('doc texts', () => {
  it('are kept for the rules when a ConfigMap embeds a doc of that name', async () => {
    const root = path.join(scratch, 'embedded-doc');
    await mkdir(path.join(root, 'manifests'), { recursive: true });
    await writeFile(path.join(root, 'RUNBOOK.md'), '# Runbook\n\nRestart the pods.\n');
    await writeFile(
      path.join(root, 'manifests', 'runbook.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: runbook\n  namespace: matrix\ndata:\n  RUNBOOK.md: |\n    # Runbook\n\n    Reboot the nodes.\n',
    );
    const result = await check({ root });
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual(['k8s/embedded-config-drift manifests/runbook.yaml:10']);
  });
});
