import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UsageError } from '../engine/errors.ts';
import { pruneCaches, useSiteCache } from './cache.ts';
import { PACKAGE_ROOT } from './paths.ts';
import type { PrepareOptions, PreparedSite } from './prepare.ts';

export { PACKAGE_ROOT } from './paths.ts';
/** Names the folder with site-config.json, site-pages.json and site-bodies.json (which the Astro side reads). */
export const DATA_ENV = 'DOCDRIFT_SITE_DIR';

export type AstroLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface SiteBuildOptions extends Omit<PrepareOptions, 'dataDir' | 'cacheDir'> {
  outDir: string;
  /** Astro's log level: 'warn' by default. */
  logLevel?: AstroLogLevel;
  /** Astro's output; inherited from this process when not given. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Stops the build (Ctrl-C). */
  signal?: AbortSignal;
}

export interface SiteBuildResult extends PreparedSite {
  outDir: string;
  /**
   * Milliseconds from the start until the pages were written (the check, Astro booting meanwhile),
   * until their bodies were written (Astro bundling meanwhile) and until Astro was done.
   */
  timings: { pages: number; bodies: number; astro: number };
}

/**
 * Checks the root once and has Astro build the static site into outDir. Astro starts first: it
 * loads while the check runs (its config waits for site-config.json), bundles the site while the
 * page bodies are rendered (its content loader waits only for site-pages.json) and renders the
 * pages once their bodies are written (site-bodies.json).
 */
export async function buildSite(options: SiteBuildOptions): Promise<SiteBuildResult> {
  const work = await createWorkDir();
  const outDir = path.resolve(options.outDir);
  const cacheDir = await useSiteCache(options.root, outDir);
  const child = runAstro(work, { command: 'build', outDir, cacheDir, logLevel: options.logLevel ?? 'warn' }, options.onOutput);
  // Awaited below; a failure meanwhile must not go unhandled.
  child.done.catch(() => undefined);
  const stop = child.stop;
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const started = performance.now();
    // Loaded once Astro is on its way: docdrift's checker and page generators take a while to load.
    const { checkSite, planPages, writeBodies, writePages } = await import('./prepare.ts');
    const checked = await checkSite({ ...options, dataDir: work, cacheDir });
    const planned = planPages(checked.ctx);
    await writePages(planned, work);
    const pagesWritten = performance.now() - started;
    const pages = await writeBodies(checked, planned, work);
    const bodiesWritten = performance.now() - started;
    await pruneCaches();
    await child.done;
    return {
      dataDir: work,
      data: { ...checked.config, pages },
      result: checked.result,
      outDir,
      timings: { pages: pagesWritten, bodies: bodiesWritten, astro: performance.now() - started },
    };
  } catch (error) {
    child.stop();
    await child.done.catch(() => undefined);
    if (options.signal?.aborted) throw new UsageError('site build interrupted');
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * A temporary folder for the data files and Astro's intermediate build output. It lies
 * in the package's .astro/ (where Astro keeps its generated types anyway): the intermediate server
 * bundle imports docdrift's dependencies, so it must sit where node_modules resolves.
 */
export async function createWorkDir(): Promise<string> {
  const parent = path.join(PACKAGE_ROOT, '.astro');
  await mkdir(parent, { recursive: true });
  return mkdtemp(path.join(parent, 'docdrift-'));
}

export interface AstroRun {
  command: 'build' | 'dev';
  outDir?: string;
  cacheDir: string;
  logLevel: AstroLogLevel;
  port?: number;
  host?: string | boolean;
}

/**
 * Astro's root. Astro compiles .astro components only below its root, so it must hold this
 * package's site/ and Starlight's components: the package itself in a checkout, the folder both
 * are installed in when docdrift is a dependency.
 */
function astroRoot(): string {
  const starlight = createRequire(import.meta.url).resolve('@astrojs/starlight').split(path.sep);
  const own = path.resolve(PACKAGE_ROOT).split(path.sep);
  let shared = 0;
  while (shared < own.length && own[shared] === starlight[shared]) shared++;
  return own.slice(0, shared).join(path.sep) + path.sep;
}

/** Variables Vite reads into import.meta.env. */
const LEAKY_ENV = new Set(['NODE_ENV', 'DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL', 'TEST', 'SITE', 'ASSETS_PREFIX']);

export interface AstroChild {
  /** Resolves when Astro exits with code 0; rejects with its last lines of error output otherwise. */
  done: Promise<void>;
  /** For dev: resolves with the server address once it listens. */
  ready: Promise<{ address: string; port: number } | undefined>;
  stop(): void;
}

/**
 * Runs site/lib/astro-runner.mjs in a child process, rooted at astroRoot(). Its working directory
 * is `work`, so Astro's intermediate build output lands there.
 */
export function runAstro(work: string, run: AstroRun, onOutput?: SiteBuildOptions['onOutput']): AstroChild {
  const root = astroRoot();
  // A test runner's environment (NODE_ENV=test, DEV=1, MODE=test …) would leak into import.meta.env
  // and make Astro build a development site: no search, development scripts.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !LEAKY_ENV.has(name) && !name.startsWith('VITEST')));
  const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, 'site', 'lib', 'astro-runner.mjs')], {
    cwd: work,
    env: {
      ...inherited,
      NODE_ENV: run.command === 'build' ? 'production' : 'development',
      [DATA_ENV]: work,
      DOCDRIFT_ASTRO_RUN: JSON.stringify({ ...run, root, configFile: path.relative(root, path.join(PACKAGE_ROOT, 'astro.config.mjs')) }),
      ASTRO_TELEMETRY_DISABLED: '1',
      ASTRO_DISABLE_UPDATE_CHECK: 'true',
    },
    stdio: ['ignore', onOutput ? 'pipe' : 'inherit', 'pipe', 'ipc'],
  });
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => onOutput?.(chunk.toString('utf8'), 'stdout'));
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    errors = (errors + text).slice(-4000);
    if (onOutput) onOutput(text, 'stderr');
    else process.stderr.write(text);
  });
  const ready = new Promise<{ address: string; port: number } | undefined>((resolve) => {
    child.on('message', (message: { type?: string; address?: { address: string; port: number } }) => {
      if (message.type === 'ready') resolve(message.address);
    });
    child.on('exit', () => resolve(undefined));
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 || (run.command === 'dev' && signal !== null)) resolve();
      else reject(new Error(`astro ${run.command} failed (${signal ?? `exit code ${code}`})${errors ? `:\n${errors.trim()}` : ''}`));
    });
  });
  return { done, ready, stop: () => child.kill('SIGTERM') };
}
