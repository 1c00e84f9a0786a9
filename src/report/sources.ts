import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from '../engine/analyze.ts';

/** The text of every checked file, by root-relative path: what the review computes its edits against. */
export async function readSources(result: CheckResult): Promise<Map<string, string>> {
  const entries = await Promise.all(
    result.files.map(async (file) => [file.path, await readFile(path.join(result.root, file.path), 'utf8').catch(() => undefined)] as const),
  );
  return new Map(entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined));
}
