import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema, type DocdriftConfig } from './schema.ts';
import { UsageError } from '../engine/errors.ts';

export const CONFIG_FILE_NAMES = ['docdrift.config.yaml', '.docdrift.yaml'];

export interface LoadedConfig {
  config: DocdriftConfig;
  /** Absolute path of the file it came from, undefined for the defaults. */
  file: string | undefined;
}

/** Validates raw config data; throws a UsageError naming the key and what was expected. */
export function validateConfig(raw: unknown, file: string): DocdriftConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new UsageError(`invalid config ${file}: ${key}: ${issue.message}`);
}

/** The config at an explicit path, or the first config file found from `root` upward. */
export async function loadConfig(root: string, explicitPath?: string): Promise<LoadedConfig> {
  const candidates = explicitPath ? [path.resolve(explicitPath)] : ancestorsOf(path.resolve(root)).flatMap((dir) =>
    CONFIG_FILE_NAMES.map((name) => path.join(dir, name)),
  );
  for (const candidate of candidates) {
    let text: string;
    try {
      text = await readFile(candidate, 'utf8');
    } catch (error) {
      if (explicitPath) throw new UsageError(`cannot read config ${explicitPath}: ${(error as Error).message}`);
      continue;
    }
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch (error) {
      throw new UsageError(`invalid config ${candidate}: ${(error as Error).message.split('\n')[0]}`);
    }
    return { config: validateConfig(raw, candidate), file: candidate };
  }
  return { config: configSchema.parse({}), file: undefined };
}

function ancestorsOf(dir: string): string[] {
  const dirs = [dir];
  while (path.dirname(dirs[dirs.length - 1]!) !== dirs[dirs.length - 1]) dirs.push(path.dirname(dirs[dirs.length - 1]!));
  return dirs;
}
