import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from './analyze.ts';
import { parseFile, type ParsedFile, type ParseOptions } from './parse-file.ts';
import { writeFileAtomic } from './write-atomic.ts';

/** Parsed files by content key; the disk cache and the watch loop's memory are both one. */
export interface ParseCache {
  get(key: string): Promise<ParsedFile | undefined>;
  set(key: string, value: ParsedFile): Promise<void>;
}

export interface ParseSettings {
  cache?: ParseCache;
  /** Worker threads to use; 'auto' uses every core when the corpus is large enough to pay for threads. */
  workers?: number | 'auto';
  /** Threads to parse on, shared by the calls of one run; without it, threads last one call. */
  pool?: ParsePool;
  /** Called as soon as a file's result is in (parsed or cached), so the caller may let its text go. */
  onParsed?: (file: SourceFile) => void;
}

/** Below this many bytes, starting threads costs more than it saves (measured: see bench/). */
const PARALLEL_THRESHOLD_BYTES = 2_000_000;

/**
 * Parses every file once, from the cache where its content, path, tool version and options are
 * unchanged, on worker threads when it pays. The result is in input order and the same
 * whichever way it was produced.
 */
export async function parseAll(
  files: SourceFile[],
  options: ParseOptions,
  settings: ParseSettings = {},
): Promise<ParsedFile[]> {
  const optionsKey = JSON.stringify(options);
  const keys = files.map((file) => contentKey(file, optionsKey));
  const parsed: (ParsedFile | undefined)[] = settings.cache ? await Promise.all(keys.map((key) => settings.cache!.get(key))) : files.map(() => undefined);
  const missing = files.map((_, index) => index).filter((index) => parsed[index] === undefined);
  const bytes = missing.reduce((sum, index) => sum + files[index]!.text.length, 0);
  const onParsed = settings.onParsed ?? (() => {});
  files.forEach((file, index) => parsed[index] && onParsed(file));
  const workers = workerCount(settings.workers ?? 'auto', bytes, missing.length);
  const toParse = missing.map((index) => files[index]!);
  const fresh =
    workers > 1
      ? await parseInParallel(toParse, options, workers, settings.pool, onParsed)
      : toParse.map((file) => {
          const result = parseFile(file, options);
          onParsed(file);
          return result;
        });
  missing.forEach((index, position) => (parsed[index] = fresh[position]));
  if (settings.cache || workers > 1) for (const entry of parsed) shareFileName(entry, entry!.path);
  if (settings.cache) await Promise.all(missing.map((index) => settings.cache!.set(keys[index]!, parsed[index]!)));
  return parsed as ParsedFile[];
}

/**
 * Results copied from worker threads or read from the cache hold a copy of their file's path in
 * every position; pointing them all at one string saves about a sixth of their memory.
 */
function shareFileName(value: unknown, file: string): void {
  if (Array.isArray(value)) {
    for (const item of value) shareFileName(item, file);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (record['file'] === file) record['file'] = file;
    for (const key in record) if (typeof record[key] === 'object') shareFileName(record[key], file);
  }
}

/** Parses on the given pool, or on threads started for this call only. */
async function parseInParallel(
  files: SourceFile[],
  options: ParseOptions,
  count: number,
  pool: ParsePool | undefined,
  onParsed: (file: SourceFile) => void,
): Promise<ParsedFile[]> {
  if (pool) return pool.parse(files, options, count, onParsed);
  const own = new ParsePool();
  try {
    return await own.parse(files, options, count, onParsed);
  } finally {
    await own.close();
  }
}

function workerCount(requested: number | 'auto', bytes: number, files: number): number {
  if (requested !== 'auto') return Math.max(1, Math.min(requested, files));
  if (bytes < PARALLEL_THRESHOLD_BYTES || files < 2) return 1;
  return Math.min(availableParallelism(), 8, files);
}

/** Identifies a parse result: the file's role, path and text, and the parse options (the cache folder is per tool build). */
function contentKey(file: SourceFile, optionsKey: string): string {
  return createHash('sha256').update(`${file.role}\0${file.path}\0${optionsKey}\0`).update(file.text).digest('hex');
}

/**
 * Parse worker threads, started on first use and kept for the run, so the deployment and then the
 * docs are parsed by the same threads. Each thread is handed one file at a time, the next as soon
 * as it answers: the load balances itself, and no thread holds more than one file and its result.
 */
export class ParsePool {
  private readonly workers: Worker[] = [];

  async parse(files: SourceFile[], options: ParseOptions, count: number, onParsed: (file: SourceFile) => void): Promise<ParsedFile[]> {
    while (this.workers.length < count) this.workers.push(startWorker());
    const results = new Array<ParsedFile>(files.length);
    let next = 0;
    await Promise.all(
      this.workers.slice(0, count).map(async (worker) => {
        worker.postMessage({ options });
        while (next < files.length) {
          const index = next++;
          results[index] = await request(worker, files[index]!);
          onParsed(files[index]!);
        }
      }),
    );
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }
}

function startWorker(): Worker {
  const worker = new Worker(new URL('./parse-worker.js', import.meta.url));
  worker.unref();
  return worker;
}

/** Sends one file to a worker and waits for its result, or for the worker's failure. */
function request(worker: Worker, file: SourceFile): Promise<ParsedFile> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    const onMessage = (parsed: ParsedFile) => {
      settle();
      resolve(parsed);
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onExit = (code: number) => {
      settle();
      reject(new Error(`parse worker exited with ${code}`));
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage({ file });
  });
}

/**
 * A cache of parse results on disk, one JSON file per entry, in a folder per tool version;
 * folders of other versions are removed, so the cache never grows past one version.
 */
export async function diskCache(location: string, version: string): Promise<ParseCache> {
  const folder = path.join(location, `v${version}`);
  await mkdir(folder, { recursive: true });
  for (const entry of await readdir(location)) {
    if (entry !== `v${version}`) await rm(path.join(location, entry), { recursive: true, force: true });
  }
  return {
    async get(key) {
      try {
        return JSON.parse(await readFile(path.join(folder, `${key}.json`), 'utf8')) as ParsedFile;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      await writeFileAtomic(path.join(folder, `${key}.json`), JSON.stringify(value));
    },
  };
}

/** A cache held in memory, for the watch loop. */
export function memoryCache(): ParseCache {
  const entries = new Map<string, ParsedFile>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      entries.set(key, value);
    },
  };
}
