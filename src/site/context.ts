import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from '../engine/analyze.ts';
import type { Finding } from '../engine/finding.ts';
import { ModelLookup } from '../model/lookup.ts';
import { loadReference, type Reference } from '../model/reference.ts';
import { buildVocabulary } from '../model/vocabulary.ts';
import { parseMarkdown, type MarkdownDocument } from '../parse/markdown.ts';
import type { Rule } from '../rules/define-rule.ts';
import type { BuildCache } from './cache.ts';
import { readGitInfo, type GitInfo } from './git.ts';
import { deploymentView } from '../units/view.ts';
import { Routes } from './routes.ts';

/** Everything the page generators read: one check result and what is derived from it once. */
export interface SiteContext {
  result: CheckResult;
  /** Absolute path of the checked root. */
  rootDir: string;
  /** Text of every discovered file, by root-relative path. */
  texts: Map<string, string>;
  docs: MarkdownDocument[];
  routes: Routes;
  lookup: ModelLookup;
  reference: Reference;
  rules: readonly Rule[];
  /** 1-based number of each finding in result.findings (the drift report's #finding-N). */
  numbers: Map<Finding, number>;
  /** Results kept between builds of this site. */
  cache: BuildCache;
  /** The commit the checked folder is at; undefined outside a git repository. */
  git: GitInfo | undefined;
  /** `--edit-url`, else the config's `site.editUrl`: where a file is edited, `{path}` standing for its path in the repository. */
  editTemplate: string | undefined;
}

export async function createContext(
  result: CheckResult,
  rootDir: string,
  rules: readonly Rule[],
  base: string,
  cache: BuildCache,
  editTemplate?: string,
): Promise<SiteContext> {
  const texts = new Map<string, string>();
  const git = readGitInfo(rootDir, result.files.map((file) => file.path));
  await Promise.all(
    result.files.map(async (file) => {
      try {
        const text = await readFile(path.join(rootDir, ...file.path.split('/')), 'utf8');
        texts.set(file.path, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        texts.set(file.path, '');
      }
    }),
  );
  const docs = await Promise.all(
    result.files
      .filter((file) => file.role === 'doc')
      .map((file) => {
        const text = texts.get(file.path) ?? '';
        return cache.get('doc', `${file.path}\n${text}`, () => parseMarkdown(file.path, text));
      }),
  );
  const reference = loadReference();
  // The site describes one deployment: the units the docs describe, else the main packaging of each app.
  const shown: CheckResult = { ...result, model: deploymentView(result.model, result.config.units.docs) };
  const lookup = new ModelLookup(shown.model, buildVocabulary(reference), {
    defaultNamespace: result.config.namespace,
    clusterDomain: result.config.clusterDomain,
  });
  const routes = new Routes(result.files, docs, base);
  const numbers = new Map(result.findings.map((finding, index) => [finding, index + 1]));
  return { result: shown, rootDir, texts, docs, routes, lookup, reference, rules, numbers, cache, git: await git, editTemplate: editTemplate ?? result.config.site.editUrl };
}

/**
 * The checked folder as the site names it: its path in the repository (`deploy/` or `./`), else its
 * folder name; never the path of the machine that built the site.
 */
export function rootLabel(ctx: SiteContext): string {
  if (ctx.git) return ctx.git.prefix || './';
  return `${path.basename(ctx.rootDir)}/`;
}
