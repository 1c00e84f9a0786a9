import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { RenderOutcome } from '../units/render-plan.ts';
import type { SourceFile } from './analyze.ts';
import { parseFile, type ParsedFile, type ParseOptions } from './parse-file.ts';
import { writeFileAtomic } from './write-atomic.ts';

/** Values by key, kept on disk or in memory. */
export interface KeyedStore<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
}

/** Parsed files by content key; the disk cache and the watch loop's memory are both one. */
export interface ParseCache extends KeyedStore<ParsedFile> {
  /** External renders (helm template, kustomize build) by renderer version, command and input contents; without it, each check renders again. */
  renders?: KeyedStore<RenderOutcome>;
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
  const workers = workerCount(settings.workers ?? 'auto', bytes, missing.length);
  // Copies from threads or the cache share equal strings as each arrives, so that no more than one
  // file's duplicates are ever held.
  const interner = settings.cache || workers > 1 ? new Interner() : undefined;
  const accept = (file: SourceFile, result: ParsedFile) => {
    interner?.intern(result);
    settings.onParsed?.(file);
  };
  files.forEach((file, index) => parsed[index] && accept(file, parsed[index]));
  const toParse = missing.map((index) => files[index]!);
  const fresh =
    workers > 1
      ? await parseInParallel(toParse, options, workers, settings.pool, accept)
      : toParse.map((file) => {
          const result = parseFile(file, options);
          accept(file, result);
          return result;
        });
  missing.forEach((index, position) => (parsed[index] = fresh[position]));
  if (settings.cache) await Promise.all(missing.map((index) => settings.cache!.set(keys[index]!, parsed[index]!)));
  return parsed as ParsedFile[];
}

/** Strings longer than this are rarely repeated (texts, comments) and are left as they are. */
const INTERNED_LENGTH = 256;

/** Equal short strings, and equal lists of them (a claim's section path), shared by the results of one run. */
class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();

  /**
   * Results copied from worker threads or read from the cache hold their own copy of every string
   * and list: the file's path in every position, each claim's kind, scope and section path, every
   * haproxy keyword. Pointing equal ones at one copy, as a single-threaded run does, saves about a
   * quarter of their memory (100×: 62 → 45 MB, with JSON transfer).
   */
  intern(value: unknown): void {
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const entry = record[key];
      if (typeof entry === 'string') {
        if (entry.length <= INTERNED_LENGTH) record[key] = this.string(entry);
      } else if (Array.isArray(entry) && entry.length > 0 && entry.every((item) => typeof item === 'string')) {
        record[key] = this.list(entry as string[]);
      } else if (typeof entry === 'object') this.intern(entry);
    }
  }

  private string(text: string): string {
    const shared = this.strings.get(text);
    if (shared !== undefined) return shared;
    this.strings.set(text, text);
    return text;
  }

  private list(items: string[]): string[] {
    const key = items.join('\0');
    const shared = this.lists.get(key);
    if (shared) return shared;
    // Shared from now on, so frozen: a change through one holder must fail, not reach the others.
    // A list frozen by an earlier run (the watch loop's memory cache) is shared as it is.
    const list = Object.isFrozen(items) ? items : (Object.freeze(items.map((item) => this.string(item))) as string[]);
    this.lists.set(key, list);
    return list;
  }
}

/** Parses on the given pool, or on threads started for this call only. */
async function parseInParallel(
  files: SourceFile[],
  options: ParseOptions,
  count: number,
  pool: ParsePool | undefined,
  onParsed: (file: SourceFile, result: ParsedFile) => void,
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
  /** Files a thread failed on and the main thread parsed instead, in the order that happened. */
  readonly parsedOnMainThread: string[] = [];

  /**
   * `limits` bounds each thread's heap (V8's defaults otherwise). Measured at 1000×, bounds that
   * saved 50-60 MB of peak memory cost 20-25% more time, so none is set by default.
   */
  constructor(private readonly limits: ResourceLimits = {}) {}

  async parse(files: SourceFile[], options: ParseOptions, count: number, onParsed: (file: SourceFile, result: ParsedFile) => void): Promise<ParsedFile[]> {
    while (this.workers.length < count) this.workers.push(this.startWorker());
    const results = new Array<ParsedFile>(files.length);
    let next = 0;
    await Promise.all(
      this.workers.slice(0, count).map(async (worker, lane) => {
        worker.postMessage({ options });
        while (next < files.length) {
          const index = next++;
          results[index] = await this.parseOn(lane, files[index]!, options);
          onParsed(files[index]!, results[index]);
        }
      }),
    );
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }

  /**
   * Parses a file on a lane's thread. When the thread fails on it (out of heap, or a crash), the
   * file is parsed here instead, where it fails or succeeds as in a single-threaded run, and the
   * lane gets a fresh thread.
   */
  private async parseOn(lane: number, file: SourceFile, options: ParseOptions): Promise<ParsedFile> {
    try {
      return await request(this.workers[lane]!, file);
    } catch {
      this.parsedOnMainThread.push(file.path);
      void this.workers[lane]!.terminate();
      const worker = (this.workers[lane] = this.startWorker());
      worker.postMessage({ options });
      return parseFile(file, options);
    }
  }

  private startWorker(): Worker {
    // Not unref'd: a lane waiting on a thread that is starting must keep the process alive; owners close the pool.
    return new Worker(new URL('./parse-worker.js', import.meta.url), { resourceLimits: this.limits });
  }
}

/** Sends one file to a worker and waits for its result, or for the worker's failure. */
function request(worker: Worker, file: SourceFile): Promise<ParsedFile> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    // Results come as JSON text: JSON.parse gives objects their properties in place and shares short
    // strings, where a structured clone gives every object a separate property array (100×: 7 MB).
    const onMessage = (parsed: string) => {
      settle();
      resolve(JSON.parse(parsed) as ParsedFile);
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
  return { ...jsonFiles<ParsedFile>(folder, ''), renders: jsonFiles<RenderOutcome>(folder, 'render-') };
}

/** Values stored one JSON file per key in a folder, named with a prefix. */
function jsonFiles<T>(folder: string, prefix: string): KeyedStore<T> {
  return {
    async get(key) {
      try {
        return JSON.parse(await readFile(path.join(folder, `${prefix}${key}.json`), 'utf8')) as T;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      await writeFileAtomic(path.join(folder, `${prefix}${key}.json`), JSON.stringify(value));
    },
  };
}

/** A cache held in memory, for the watch loop. */
export function memoryCache(): ParseCache {
  return { ...inMemory<ParsedFile>(), renders: inMemory<RenderOutcome>() };
}

function inMemory<T>(): KeyedStore<T> {
  const entries = new Map<string, T>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      entries.set(key, value);
    },
  };
}
