import { watch } from 'node:fs';
import type { Finding } from '../engine/finding.ts';
import { check, memoryCache, type CheckOptions, type CheckResult } from '../index.ts';
import { severityCounts } from '../reporters/stylish.ts';

export interface WatchIo {
  stdout: (text: string) => void;
  /** Ends the watch (Ctrl-C in the terminal; tests abort it). */
  signal: AbortSignal;
}

/** Findings are the same when rule, place and message are. */
function key(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`;
}

function line(prefix: string, finding: Finding): string {
  return `${prefix} ${finding.file}:${finding.line}:${finding.column}  ${finding.severity}  ${finding.message}  ${finding.ruleId}\n`;
}

/**
 * Checks, then re-checks on every change below the root and prints only what changed: `+` for a
 * new finding, `-` for one that is gone. Unchanged files are not parsed again.
 */
export async function watchCheck(options: CheckOptions, first: (result: CheckResult) => void, io: WatchIo): Promise<void> {
  const cache = memoryCache();
  let previous = await check({ ...options, cache });
  first(previous);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const rerun = async () => {
    const next = await check({ ...options, cache });
    const before = new Map(previous.findings.map((finding) => [key(finding), finding]));
    const after = new Map(next.findings.map((finding) => [key(finding), finding]));
    const gone = [...before.entries()].filter(([id]) => !after.has(id)).map(([, finding]) => finding);
    const added = [...after.entries()].filter(([id]) => !before.has(id)).map(([, finding]) => finding);
    if (gone.length > 0 || added.length > 0) {
      io.stdout([...gone.map((finding) => line('-', finding)), ...added.map((finding) => line('+', finding))].join(''));
      io.stdout(`${added.length} new, ${gone.length} fixed; now ${severityCounts(next.summary)}\n`);
    }
    previous = next;
  };
  const watcher = watch(options.root, { recursive: true }, (_event, name) => {
    if (name && /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(String(name))) return;
    clearTimeout(timer);
    // Editors write in bursts: wait for the burst to end, and never run two checks at once.
    timer = setTimeout(() => {
      running = running.then(rerun, rerun);
    }, 150);
  });
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearTimeout(timer);
  watcher.close();
  await running;
}
