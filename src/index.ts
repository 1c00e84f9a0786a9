import path from 'node:path';
import { loadConfig } from './config/load.ts';
import { changedFiles, onlyChanged } from './discover/changed-files.ts';
import { addNamedPaths, discover } from './discover/discover.ts';
import { repositoryPrefix } from './discover/repository.ts';
import { buildDeployment, buildFilesOf, deploymentOptions, judge, splitByStage, stopwatch, textOf, textReleaser, type CheckResult } from './engine/analyze.ts';
import { diskCache, parseAll, ParsePool, type ParseCache } from './engine/parse-all.ts';
import type { ParsedFile } from './engine/parse-file.ts';
import { buildIdentity } from './engine/tool-version.ts';
import type { Kustomization } from './parse/kustomization.ts';
import { rules } from './rules/index.ts';
import { renderExternally, type ProcessRunner } from './units/external-render.ts';
import { helmCommandsIn } from './units/render-plan.ts';

export type { CheckResult } from './engine/analyze.ts';
export type { Finding, RelatedLocation, Summary } from './engine/finding.ts';
export type { DocdriftConfig } from './config/schema.ts';
export { rules } from './rules/index.ts';
export { memoryCache, type ParseCache } from './engine/parse-all.ts';

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
  /** Reuse parse results of unchanged files: a folder (default node_modules/.cache/docdrift in the working directory), or a cache object. */
  cache?: boolean | string | ParseCache;
  /** Worker threads for parsing; 'auto' (default) uses every core when the corpus is large enough. */
  workers?: number | 'auto';
  /**
   * External renderers: the environment they run in (PATH decides which are found; default
   * process.env) and the runner that starts them (tests substitute one). Config `render.external: false`
   * or DOCDRIFT_NO_EXTERNAL_RENDER=1 turns them off.
   */
  render?: { env?: NodeJS.ProcessEnv; run?: ProcessRunner };
  /** Filled with milliseconds per stage: discover, model (parsing the manifests and haproxy.cfg, building the model), docs (parsing the docs into claims), rules. */
  timings?: Record<string, number>;
}

export const DEFAULT_CACHE_LOCATION = 'node_modules/.cache/docdrift';

/** Reads a deployment folder and reports where its docs, manifests and haproxy configs disagree. */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const timings = options.timings ?? {};
  const stage = stopwatch(timings);
  const { config } = await loadConfig(options.root, options.configPath);
  const [{ files, paths, unwalked, skipped }, prefix] = await Promise.all([discover(options.root, config), repositoryPrefix(options.root)]);
  // Ask git before the analysis: a bad ref is a usage error.
  const changed = options.changedSince === undefined ? undefined : await changedFiles(options.root, options.changedSince);
  stage('discover');
  const pool = new ParsePool();
  const settings = { workers: options.workers ?? 'auto', pool, ...(options.cache ? { cache: await resolveCache(options.cache) } : {}) };
  const { deploymentFiles, docFiles } = splitByStage(files);
  try {
    const parsed = await parseAll(deploymentFiles, deploymentOptions(config), settings);
    const text = textOf(files);
    const rendered = await renderExternally(options.root, { paths, text, kustomizations: kustomizationsOf(parsed), helmCommands: helmCommandsIn(docFiles) }, {
      external: config.render.external,
      ...options.render,
      ...(settings.cache?.renders ? { cache: settings.cache.renders } : {}),
    });
    const deployment = buildDeployment(parsed, config, { paths, text, repositoryPrefix: prefix, rendered, buildFiles: buildFilesOf(files) });
    stage('model');
    const releaseText = textReleaser(deployment.model);
    deploymentFiles.forEach(releaseText);
    const docs = await parseAll(docFiles, deployment.docOptions, { ...settings, onParsed: releaseText });
    // The threads' memory is freed before the rules run.
    await pool.close();
    await addNamedPaths(options.root, unwalked, namedPaths(docs), paths);
    stage('docs');
    const result = judge({ root: displayRoot(options.root), files, skipped, config, rules, deployment, docs, paths, timings });
    return changed ? onlyChanged(result, changed) : result;
  } finally {
    await pool.close();
  }
}

function kustomizationsOf(parsed: ParsedFile[]): Kustomization[] {
  return parsed.flatMap((entry) => (entry.role === 'manifest' && entry.kustomization ? [entry.kustomization] : []));
}

/** Every path the docs name: link targets, files and folders they apply or mention. */
function* namedPaths(docs: ParsedFile[]): Generator<string> {
  for (const entry of docs) if (entry.role === 'doc') for (const claim of entry.claims) if ('candidates' in claim) yield* claim.candidates;
}

/** The cache a check uses: an object as given, or the disk cache in a folder, in a subfolder per build of docdrift. */
async function resolveCache(cache: true | string | ParseCache): Promise<ParseCache> {
  if (typeof cache === 'object') return cache;
  const location = path.resolve(typeof cache === 'string' ? cache : DEFAULT_CACHE_LOCATION);
  return diskCache(location, await buildIdentity());
}

/** The root as shown in output: relative to the working directory, POSIX separators. */
function displayRoot(root: string): string {
  const relative = path.relative(process.cwd(), path.resolve(root)).split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}
