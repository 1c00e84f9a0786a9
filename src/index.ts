import path from 'node:path';
import { loadConfig } from './config/load.ts';
import { changedFiles, onlyChanged } from './discover/changed-files.ts';
import { discover } from './discover/discover.ts';
import { analyze, type CheckResult } from './engine/analyze.ts';
import { rules } from './rules/index.ts';

export type { CheckResult } from './engine/analyze.ts';
export type { Finding, RelatedLocation, Summary } from './engine/finding.ts';
export type { DocdriftConfig } from './config/schema.ts';
export { rules } from './rules/index.ts';

export interface CheckOptions {
  /** The deployment folder to check. */
  root: string;
  /** An explicit config file; otherwise docdrift.config.yaml or .docdrift.yaml is looked up from the root upward. */
  configPath?: string;
  /**
   * A git ref: report only findings located (or with a related place) in files changed since it —
   * changed between the merge base of the ref and HEAD and the working tree, or untracked.
   * The model is still built from every file.
   */
  changedSince?: string;
}

/** Reads a deployment folder and reports where its docs, manifests and haproxy configs disagree. */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const { config } = await loadConfig(options.root, options.configPath);
  const { files, paths, skipped } = await discover(options.root, config);
  // Ask git before the analysis: a bad ref is a usage error.
  const changed = options.changedSince === undefined ? undefined : await changedFiles(options.root, options.changedSince);
  const result = analyze(displayRoot(options.root), files, skipped, config, rules, paths);
  return changed ? onlyChanged(result, changed) : result;
}

/** The root as shown in output: relative to the working directory, POSIX separators. */
function displayRoot(root: string): string {
  const relative = path.relative(process.cwd(), path.resolve(root)).split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}
