import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, RULE_IDS, WORKER_KINDS, type DocdriftConfig } from './schema.ts';
import { UsageError } from '../engine/errors.ts';

export const CONFIG_FILE_NAMES = ['docdrift.config.yaml', '.docdrift.yaml'];

export interface LoadedConfig {
  config: DocdriftConfig;
  /** Absolute path of the file it came from, undefined for the defaults. */
  file: string | undefined;
}

/** The defaults: what an absent config file means. */
export function defaultConfig(): DocdriftConfig {
  return configSchema.parse({});
}

/**
 * Validates raw config data; throws a UsageError naming each bad key and what was expected,
 * on one line: `invalid config FILE: KEY: expected …; KEY: …`.
 */
export function validateConfig(raw: unknown, file: string): DocdriftConfig {
  const result = configSchema.safeParse(raw ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap(describeIssue);
  throw new UsageError(`invalid config ${file}: ${problems.join('; ')}`);
}

/** The config at an explicit path, or the first config file found from `root` upward. */
export async function loadConfig(root: string, explicitPath?: string): Promise<LoadedConfig> {
  const candidates = explicitPath ? [path.resolve(explicitPath)] : ancestorsOf(path.resolve(root)).flatMap((dir) =>
    CONFIG_FILE_NAMES.map((name) => path.join(dir, name)),
  );
  for (const candidate of candidates) {
    let text: string;
    try {
      text = await readRegularFile(candidate);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (explicitPath) throw new UsageError(`cannot read config ${explicitPath}: ${code ?? (error as Error).message}`);
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new UsageError(`cannot read config ${candidate}: ${code ?? (error as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch (error) {
      throw new UsageError(`invalid config ${candidate}: ${(error as Error).message.split('\n')[0]}`);
    }
    return { config: validateConfig(raw, candidate), file: candidate };
  }
  return { config: defaultConfig(), file: undefined };
}

/**
 * A config file's text. Opened without blocking and read only when it is a regular file: a FIFO
 * (or a link to one, or to /dev/zero) named docdrift.config.yaml would block or never end.
 */
async function readRegularFile(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!info.isFile()) throw new Error('not a regular file');
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

function ancestorsOf(dir: string): string[] {
  const dirs = [dir];
  while (path.dirname(dirs[dirs.length - 1]!) !== dirs[dirs.length - 1]) dirs.push(path.dirname(dirs[dirs.length - 1]!));
  return dirs;
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

type Issue = z.core.$ZodIssue;

/** `rules.k8s/dangling-service`, `docs[0]`, or `(top level)`. */
function keyOf(issuePath: readonly PropertyKey[]): string {
  let key = '';
  for (const part of issuePath) key += typeof part === 'number' ? `[${part}]` : `${key === '' ? '' : '.'}${String(part)}`;
  return key === '' ? '(top level)' : key;
}

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
};

/** How a YAML value reads in a message. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

function describeIssue(issue: Issue): string[] {
  const key = keyOf(issue.path);
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      return [`${key}: expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(input)}`];
    case 'invalid_value':
      return [`${key}: expected one of ${issue.values.map(String).join(', ')}, got ${describeValue(input)}`];
    case 'too_small':
      if (issue.origin === 'string') return [`${key}: expected a non-empty string`];
      return [`${key}: expected a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}, got ${describeValue(input)}`];
    case 'unrecognized_keys':
      return issue.keys.map((name) => unknownKey(issue.path, name));
    default:
      return [`${key}: ${issue.message}`];
  }
}

function unknownKey(parent: readonly PropertyKey[], name: string): string {
  const key = keyOf([...parent, name]);
  const where = parent.map(String).join('.');
  if (where === 'rules') {
    const hint = closest(name, RULE_IDS);
    return `${key}: unknown rule id '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}, expected a rule id listed by 'docdrift rules'`;
  }
  if (where === 'workers.aliases') {
    return `${key}: unknown worker kind '${name}', expected one of ${WORKER_KINDS.join(', ')}`;
  }
  const known = knownKeys(parent);
  return `${key}: unknown key '${name}'${known.length > 0 ? `, expected one of ${known.join(', ')}` : ''}`;
}

/** The keys the object at a config path accepts. */
function knownKeys(at: readonly PropertyKey[]): string[] {
  let schema: unknown = configSchema;
  for (const part of at) {
    const shape = objectShape(schema);
    schema = shape?.[String(part)];
  }
  return Object.keys(objectShape(schema) ?? {}).filter((name) => name !== '$schema');
}

function objectShape(schema: unknown): Record<string, unknown> | undefined {
  let current = schema as { def?: { type?: string; innerType?: unknown; shape?: Record<string, unknown> } } | undefined;
  // Unwrap .default() / .optional().
  while (current?.def && current.def.type !== 'object' && current.def.innerType) current = current.def.innerType as typeof current;
  return current?.def?.type === 'object' ? current.def.shape : undefined;
}

/** The known name one or two edits away (a typo), if any. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d <= 2 && (!best || d < best.distance)) best = { name: candidate, distance: d };
  }
  if (best) return best.name;
  // The id without its area (`dangling-service` for `k8s/dangling-service`).
  const suffixed = candidates.filter((candidate) => candidate.endsWith(`/${name}`));
  return suffixed.length === 1 ? suffixed[0] : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
