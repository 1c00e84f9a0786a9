import { check, rules } from '../../src/index.ts';
import { loadReference } from '../../src/model/reference.ts';
import { reviewIssues, writeReview, type ReviewOptions } from '../../src/report/review.ts';
import { readSources } from '../../src/report/sources.ts';

/** The review of `root` as the CLI writes it, without provenance (fixtures live in docdrift's own git history). */
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
  return { result, options, markdown: writeReview(result, options), issues: reviewIssues(result, options) };
}
