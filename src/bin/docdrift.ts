#!/usr/bin/env node
// The docdrift command. It runs the CLI from one bundled file (dist/bin/docdrift.cjs) and keeps V8's
// compiled code for it in a cache, because on a small deployment loading and compiling the code
// costs as much as checking it. Node 22's module.enableCompileCache does the same for modules;
// Node 20 has only vm.Script's cached data.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { writeFileAtomic } from '../engine/write-atomic.ts';

interface Bundle {
  runProcess(): Promise<void>;
}

const bundlePath = fileURLToPath(new URL('./docdrift.cjs', import.meta.url));
const requireFromBundle = createRequire(bundlePath);
// Set to a folder to keep the cache there, or to an empty string to run without it.
const cacheFolder = process.env['DOCDRIFT_COMPILE_CACHE'] ?? path.join(os.tmpdir(), 'docdrift-compile-cache');

// `docdrift site` imports the site builder and Astro with import(), which code compiled from cached
// data cannot do on Node 20; it spends seconds in Astro anyway, so it runs without the cache.
if (cacheFolder === '' || process.argv[2] === 'site') {
  await (requireFromBundle(bundlePath) as Bundle).runProcess();
} else {
  const source = readFileSync(bundlePath, 'utf8');
  // V8 checks cached data only against the source's length, so the file name carries a hash of the
  // source and of the V8 version, and a rebuilt bundle never runs stale code.
  const key = createHash('sha256').update(process.versions.v8).update(source).digest('hex').slice(0, 32);
  const cacheFile = path.join(cacheFolder, `${key}.v8`);
  const cachedData = readIfPresent(cacheFile);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundlePath,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as Bundle };
  script.runInThisContext()(module.exports, requireFromBundle, module, bundlePath, path.dirname(bundlePath));
  await module.exports.runProcess();
  // Written after the run, so the cache holds every function the run compiled, not only the top level.
  if (!cachedData || script.cachedDataRejected) await writeCache(cacheFile, script.createCachedData());
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Replaces the cache of other builds with this one; a cache that cannot be written is only slower. */
async function writeCache(file: string, data: Buffer): Promise<void> {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    for (const entry of readdirSync(path.dirname(file))) {
      if (entry.endsWith('.v8') && entry !== path.basename(file)) rmSync(path.join(path.dirname(file), entry), { force: true });
    }
    await writeFileAtomic(file, data);
  } catch {
    // Read-only or full temporary folder: the next run compiles again.
  }
}
