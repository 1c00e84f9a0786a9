/**
 * Runs the external renderers a render plan asks for: finds which are on PATH (and recent enough),
 * runs each unit's command once, bounded in time and output, from the cache when the renderer's
 * version, the command and every input file are unchanged. Everything that starts a process goes
 * through a ProcessRunner, so tests can substitute it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { KeyedStore } from '../engine/parse-all.ts';
import { chartFolders, planRenders, type PlanInput, type RenderJob, type RenderOutcome, type RenderTool, type RenderTools } from './render-plan.ts';

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxBytes: number;
}

/** How a process ended: its exit code and output, or why it was stopped or never started. */
export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process did not run to its end: not found, timed out, too much output. */
  failure: string | undefined;
}

export type ProcessRunner = (argv: readonly string[], options: RunOptions) => Promise<RunResult>;

/** A renderer that takes longer is stopped: its unit falls back (kustomize) or is skipped (chart). */
export const RENDER_TIMEOUT_MS = 30_000;
/** Output past this is not read: no real unit renders this much. */
export const RENDER_MAX_BYTES = 32 * 1024 * 1024;
const VERSION_TIMEOUT_MS = 10_000;

/** The environment variable that turns external rendering off, like config `render.external: false`. */
export const NO_EXTERNAL_RENDER = 'DOCDRIFT_NO_EXTERNAL_RENDER';

/** After a stop, how long the output pipes may stay open (held by a grandchild) before the result is given anyway. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Runs a command without a shell, stdin closed, in a process group of its own; stops the group at
 * the time or output bound.
 */
export const runProcess: ProcessRunner = (argv, options) =>
  new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    let failure: string | undefined;
    let done = false;
    const finish = (exitCode: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), failure });
    };
    const stop = (why: string) => {
      if (failure !== undefined) return;
      failure = why;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      setTimeout(() => finish(null), CLOSE_GRACE_MS).unref();
    };
    const timer = setTimeout(() => stop(`timed out after ${options.timeoutMs / 1000} s`), options.timeoutMs);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > options.maxBytes) stop(`more than ${options.maxBytes} bytes of output`);
      else if (failure === undefined) into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', (error: NodeJS.ErrnoException) => {
      failure ??= error.code === 'ENOENT' ? 'not found' : error.message;
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });

/** Render results by key: the parse cache's companion (see ParseCache.renders). */
export type RenderCache = KeyedStore<RenderOutcome>;

export interface RenderSettings {
  /** False: the in-process renderer only, charts skipped (config `render.external`). */
  external: boolean;
  /** The renderers' environment (PATH among it); default process.env. */
  env?: NodeJS.ProcessEnv;
  run?: ProcessRunner;
  cache?: RenderCache;
}

/**
 * Renders with the tools on PATH what the plan says, once per unit, in the checked root.
 * One outcome per chart or kustomization a tool rendered, failed on or did not run for; the others are absent.
 */
export async function renderExternally(root: string, input: PlanInput, settings: RenderSettings): Promise<RenderOutcome[]> {
  const env = settings.env ?? process.env;
  if (!settings.external || env[NO_EXTERNAL_RENDER] === '1') return [];
  if (chartFolders(input.paths).length === 0 && !input.kustomizations.some((entry) => entry.kind === 'Kustomization')) return [];
  const run = settings.run ?? runProcess;
  const tools = await findRenderTools(run, env, root);
  const { jobs, skipped } = planRenders(input, tools);
  // A few at a time: a repository with many kustomizations must not start them all at once.
  const rendered: RenderOutcome[] = [];
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const index = next++;
      rendered[index] = await renderOne(jobs[index]!, root, run, env, settings.cache);
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), jobs.length) }, lane));
  return [...rendered, ...skipped];
}

async function renderOne(job: RenderJob, root: string, run: ProcessRunner, env: NodeJS.ProcessEnv, cache: RenderCache | undefined): Promise<RenderOutcome> {
  const key = cache ? await cacheKey(job, root) : '';
  const cached = cache ? await cache.get(key) : undefined;
  if (cached) return cached;
  const result = await run(job.argv, { cwd: root, env, timeoutMs: RENDER_TIMEOUT_MS, maxBytes: RENDER_MAX_BYTES });
  const base = { folder: job.folder, kind: job.kind, command: job.argv.join(' '), namespace: job.namespace };
  const firstLine = (text: string) => text.split('\n').map((line) => line.trim()).find((line) => line !== '');
  let outcome: RenderOutcome;
  if (result.failure !== undefined) outcome = { ...base, status: 'failed', reason: result.failure };
  else if (result.exitCode !== 0) outcome = { ...base, status: 'failed', reason: `exit ${result.exitCode}${firstLine(result.stderr) ? `: ${firstLine(result.stderr)}` : ''}` };
  else outcome = { ...base, status: 'rendered', output: result.stdout };
  // A timeout or an oversized output may not happen again: only what the inputs decide is kept.
  if (cache && (result.failure === undefined || result.exitCode !== null)) await cache.set(key, outcome);
  return outcome;
}

/** The renderer's version, the command line, and each input file's path and content. */
async function cacheKey(job: RenderJob, root: string): Promise<string> {
  const contents = await Promise.all(job.inputs.map((file) => readFile(path.join(root, file)).catch(() => Buffer.from('\0unreadable'))));
  const hash = createHash('sha256').update(`render\0${job.version}\0${job.argv.join('\0')}`);
  job.inputs.forEach((file, index) => hash.update(`\0${file}\0`).update(contents[index]!));
  return hash.digest('hex');
}

/** Tools found per PATH by the real runner, once per process (the watch loop checks again on every change). */
const found = new Map<string, Promise<RenderTools>>();

/**
 * The renderers on PATH: `kustomize` v4 or later, else a `kubectl` (1.21 or later) whose built-in
 * kustomize handles components; `helm` v3 or later. A tool that is missing, fails or is older is not used.
 */
export function findRenderTools(run: ProcessRunner, env: NodeJS.ProcessEnv, cwd: string): Promise<RenderTools> {
  if (run !== runProcess) return detect(run, env, cwd);
  const key = env.PATH ?? '';
  let tools = found.get(key);
  if (!tools) found.set(key, (tools = detect(run, env, cwd)));
  return tools;
}

async function detect(run: ProcessRunner, env: NodeJS.ProcessEnv, cwd: string): Promise<RenderTools> {
  const ask = async (argv: string[]) => {
    const result = await run(argv, { cwd, env, timeoutMs: VERSION_TIMEOUT_MS, maxBytes: 1024 * 1024 });
    return result.failure === undefined && result.exitCode === 0 ? result.stdout : undefined;
  };
  const [kustomize, kubectl, helm] = await Promise.all([ask(['kustomize', 'version']), ask(['kubectl', 'version', '--client', '-o', 'json']), ask(['helm', 'version', '--short'])]);
  return { kustomize: kustomizeTool(kustomize, kubectl), helm: helmTool(helm) };
}

/** The first `vX.Y.Z` (or `X.Y.Z`) in a version output, as numbers. */
export function versionIn(text: string | undefined): { major: number; minor: number; text: string } | undefined {
  const match = /v?(\d+)\.(\d+)(?:\.\d+)?/.exec(text ?? '');
  return match ? { major: Number(match[1]), minor: Number(match[2]), text: match[0] } : undefined;
}

/** `kustomize version` (v5: `v5.4.2`; v4: `{Version:kustomize/v4.5.7 …}`), or kubectl's built-in one when kubectl is 1.21+. */
export function kustomizeTool(kustomizeVersion: string | undefined, kubectlJson: string | undefined): RenderTool | undefined {
  const own = versionIn(kustomizeVersion);
  if (own && own.major >= 4) return { command: ['kustomize', 'build'], version: `kustomize ${own.text}` };
  if (kubectlJson === undefined) return undefined;
  try {
    const info = JSON.parse(kubectlJson) as { clientVersion?: { major?: string; minor?: string; gitVersion?: string }; kustomizeVersion?: string };
    const major = Number(info.clientVersion?.major);
    const minor = Number.parseInt(info.clientVersion?.minor ?? '', 10);
    // kubectl 1.20 and older print no kustomizeVersion, and their kustomize (v2) knows no components.
    if (!info.kustomizeVersion || !(major > 1 || (major === 1 && minor >= 21))) return undefined;
    return { command: ['kubectl', 'kustomize'], version: `kubectl ${info.clientVersion?.gitVersion ?? `${major}.${minor}`} kustomize ${info.kustomizeVersion}` };
  } catch {
    return undefined;
  }
}

/** `helm version --short` (`v3.15.2+g1a500d5`); Helm 2's `template` works differently and is not used. */
export function helmTool(output: string | undefined): RenderTool | undefined {
  const version = versionIn(output);
  return version && version.major >= 3 ? { command: ['helm', 'template'], version: `helm ${output!.trim()}` } : undefined;
}
