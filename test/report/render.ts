import path from 'node:path';
import { check, rules } from '../../src/index.ts';
import { loadReference } from '../../src/model/reference.ts';
import { reviewToHtml } from '../../src/report/html.ts';
import { reviewData, reviewIssues, writeReview, type ReviewOptions } from '../../src/report/review.ts';
import { readSources } from '../../src/report/sources.ts';

/**
 * The review of `root` as the CLI writes it, without provenance (the fixtures live in docdrift's own
 * git history, whose commit changes with every change) and with a fixed version.
 */
export async function renderReview(root: string, extra: Partial<ReviewOptions> = {}) {
  const result = await check({ root });
  const options: ReviewOptions = {
    rules,
    reference: loadReference(),
    defaultNamespace: result.config.namespace,
    clusterDomain: result.config.clusterDomain,
    sources: await readSources(result),
    version: '0.0.0-test',
    ...extra,
  };
  const markdown = writeReview(result, options);
  /** The HTML page, its file links relative to `linkBase` (the root as given by default, as on standard output). */
  const html = (linkBase = root) =>
    reviewToHtml(markdown, {
      title: `Architecture Review: ${result.root}`,
      files: new Set(result.files.map((file) => file.path)),
      fileUrl: (file, line) => `${encodeURI(path.posix.join(linkBase, file))}${line === undefined ? '' : `#L${line}`}`,
    });
  return { result, options, markdown, html, json: `${JSON.stringify(reviewData(result, options), null, 2)}\n`, issues: reviewIssues(result, options) };
}
