/**
 * The real HAProxy as a test oracle: find the binary, run `haproxy -c` on a
 * config with a timeout, start a config in the foreground on loopback ports
 * and stop it again (SIGKILL when it does not go away in time).
 *
 * Every process started here is tracked; `stopAllHaproxy()` (call it from
 * afterAll) kills whatever a failing test left behind, and a process 'exit'
 * hook does the same as a last resort.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary, HAPROXY, requireBinary, type Skippable, type SystemBinary } from '../system-binary.ts';

export type HaproxyBinary = SystemBinary;
export { isCI } from '../system-binary.ts';

/**
 * $HAPROXY_BIN when set (only that one: HAPROXY_BIN=/nonexistent shows what a
 * machine without HAProxy does), else the usual install places, then $PATH.
 * undefined when none runs. The version looks like `2.6.12-1+deb12u4`.
 */
export function findHaproxy(): HaproxyBinary | undefined {
  return findBinary(HAPROXY);
}

/**
 * The HAProxy binary, or: in CI (CI=true) a failure, since .ci/run installs it;
 * on a developer machine a loud console.warn and a vitest skip with the reason.
 */
export function requireHaproxy(context: Skippable, what: string): HaproxyBinary {
  return requireBinary(context, HAPROXY, `${what} (the real HAProxy as its oracle)`);
}

// ---------------------------------------------------------------------------
// Temporary files
// ---------------------------------------------------------------------------

let workDir: string | undefined;

/** A private temporary folder for this test file's configs, removed by stopAllHaproxy(). */
export function scratchDir(): string {
  workDir ??= mkdtempSync(path.join(tmpdir(), 'docdrift-haproxy-'));
  return workDir;
}

let fileCounter = 0;

/** Write `text` to a fresh file in the scratch folder. */
export function writeScratch(text: string, name = 'haproxy.cfg'): string {
  const file = path.join(scratchDir(), `${++fileCounter}-${name}`);
  writeFileSync(file, text);
  return file;
}

/** Where the haproxy image ships its error pages (docker-library/haproxy copies examples/errorfiles there). */
const IMAGE_ERRORS = '/usr/local/etc/haproxy/errors/';
const IMAGE_ERROR_CODES = [400, 403, 408, 500, 502, 503, 504];

/**
 * The config as the haproxy image runs it: `errorfile` lines that name the image's error pages
 * load copies in the scratch folder (same lines, so HAProxy's line numbers do not move).
 */
export function asInImage(text: string): string {
  if (!text.includes(IMAGE_ERRORS)) return text;
  const directory = path.join(scratchDir(), 'image-errors');
  if (!existsSync(directory)) {
    mkdirSync(directory);
    for (const code of IMAGE_ERROR_CODES) {
      writeFileSync(path.join(directory, `${code}.http`), `HTTP/1.0 ${code} Error\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${code}\n`);
    }
  }
  return text.split(IMAGE_ERRORS).join(`${directory}/`);
}

// ---------------------------------------------------------------------------
// haproxy -c
// ---------------------------------------------------------------------------

export interface CheckResult {
  /** Exit status 0: HAProxy would start with this config. */
  valid: boolean;
  exitCode: number | null;
  timedOut: boolean;
  /** stdout + stderr. */
  output: string;
  /** The text of each [ALERT] line (without the prefix), in order. */
  alerts: string[];
  /** Names from "unable to find required use_backend/default_backend: 'X'". */
  undefinedBackends: string[];
  /** Names from "no such ACL : 'X'" (HAProxy names the first one of each condition only). */
  undefinedAcls: string[];
  /** The same with the line each was reported on. */
  undefinedAclLines: { line: number; name: string }[];
  durationMs: number;
}

interface RunResult {
  exitCode: number | null;
  timedOut: boolean;
  output: string;
}

/** Every process started here that may still run: stopAllHaproxy() and process exit kill them. */
const running = new Set<ChildProcess>();

/** Run a command with a hard timeout (SIGKILL), collecting its output. */
function run(bin: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let output = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, timedOut, output: `${output}${String(error)}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, timedOut, output });
    });
  });
}

let isolation: string[] | undefined;

/**
 * How `haproxy -c` is kept off the network: it resolves the host names of
 * server lines with libc while it reads the config, which would query the
 * DNS server of /etc/resolv.conf. In a fresh network namespace (`unshare -n`
 * as root, `unshare -rn` otherwise) there is no route anywhere and those
 * lookups fail at once. [] when neither works (the lookups then follow the
 * machine's resolver; -dr still keeps them from failing the check).
 */
export function checkIsolation(): string[] {
  if (isolation) return isolation;
  isolation = [];
  for (const candidate of [['unshare', '-n'], ['unshare', '-rn']]) {
    const probe = spawnSync(candidate[0] as string, [...candidate.slice(1), 'true'], { stdio: 'ignore', timeout: 5000 });
    if (probe.status === 0) {
      isolation = candidate;
      break;
    }
  }
  return isolation;
}

/**
 * `haproxy -c -dr -f FILE`, isolated from the network (checkIsolation()): -dr
 * keeps unresolvable server names (cluster DNS) from failing the check, as
 * they would only be resolved at run time.
 */
export async function checkConfigFile(binary: HaproxyBinary, configFile: string, timeoutMs = 15_000): Promise<CheckResult> {
  const started = performance.now();
  const text = readFileSync(configFile, 'utf8');
  const imaged = asInImage(text);
  const file = imaged === text ? configFile : writeScratch(imaged);
  const [wrapper, ...wrapperArgs] = checkIsolation();
  const args = ['-c', '-dr', '-f', file];
  const result = await (wrapper ? run(wrapper, [...wrapperArgs, binary.path, ...args], timeoutMs) : run(binary.path, args, timeoutMs));
  const alerts = result.output
    .split('\n')
    .filter((line) => line.startsWith('[ALERT]'))
    .map((line) => line.replace(/^\[ALERT\]\s*(\(\d+\)\s*)?:\s*/, ''));
  const undefinedBackends = alerts.flatMap((a) => {
    const m = /unable to find required (?:use_backend|default_backend): '(.*)'\.?$/.exec(a);
    return m ? [m[1] as string] : [];
  });
  const undefinedAclLines = alerts.flatMap((a) => {
    const m = /^(?:config\s*:\s*)?parsing \[.*:(\d+)\].*no such ACL : '(.*)'\.?$/.exec(a);
    return m ? [{ line: Number(m[1]), name: m[2] as string }] : [];
  });
  const undefinedAcls = undefinedAclLines.map((u) => u.name);
  return {
    valid: result.exitCode === 0 && !result.timedOut,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    output: result.output,
    alerts,
    undefinedBackends,
    undefinedAcls,
    undefinedAclLines,
    durationMs: performance.now() - started,
  };
}

/** `haproxy -c` on config text (written to a scratch file). */
export function checkConfigText(binary: HaproxyBinary, text: string, timeoutMs?: number): Promise<CheckResult> {
  return checkConfigFile(binary, writeScratch(text), timeoutMs);
}

/** Map with at most `limit` calls in flight, results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------
// Running HAProxy
// ---------------------------------------------------------------------------

/** A free TCP port on 127.0.0.1 (bound to port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningHaproxy {
  pid: number;
  /** What HAProxy printed so far (stderr; stdout is its log and is discarded). */
  output: () => string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop: (graceMs?: number) => Promise<void>;
}

function killNow(): void {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.once('exit', killNow);

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

/**
 * Start HAProxy in the foreground (-db) on a config whose binds and servers
 * are all on 127.0.0.1, and wait until every port in `ports` accepts
 * connections. Throws (after killing it) when it exits or is not ready within `timeoutMs`.
 * It runs in this machine's network namespace, since it must reach the stubs
 * on the loopback: keeping it there is the config's job (stubConfig() leaves
 * no address but 127.0.0.1 and no resolvers).
 */
export async function startHaproxy(binary: HaproxyBinary, text: string, ports: number[], timeoutMs = 10_000): Promise<RunningHaproxy> {
  const file = writeScratch(asInImage(text));
  const child = spawn(binary.path, ['-db', '-dr', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let output = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    if (output.length < 64 * 1024) output += chunk;
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
    running.delete(child);
  });
  const handle: RunningHaproxy = {
    pid: child.pid ?? -1,
    output: () => output,
    stop: (graceMs = 2000) => stopChild(child, graceMs),
  };
  const deadline = Date.now() + timeoutMs;
  try {
    for (const port of ports) {
      for (;;) {
        if (exited) throw new Error(`haproxy exited while starting:\n${output}`);
        if (await canConnect(port)) break;
        if (Date.now() > deadline) throw new Error(`haproxy not listening on 127.0.0.1:${port} after ${timeoutMs} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  } catch (error) {
    await handle.stop(500);
    throw error;
  }
  return handle;
}

/** Stop every HAProxy this module started and remove the scratch folder. Call from afterAll. */
export async function stopAllHaproxy(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, 2000)));
  if (workDir) {
    rmSync(workDir, { recursive: true, force: true });
    workDir = undefined;
  }
}
