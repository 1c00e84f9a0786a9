import path from 'node:path';
import { lint } from 'markdownlint/promise';
import { describe, expect, it } from 'vitest';
import { check, rules } from '../../src/index.ts';
import { loadReference } from '../../src/model/reference.ts';
import { reviewToHtml } from '../../src/report/html.ts';
import { reviewIssues, writeReview } from '../../src/report/review.ts';
import { FIXTURES } from '../rule-tester.ts';

const REPO = path.resolve(FIXTURES, '..', '..');

async function review(root: string, date?: string) {
  const result = await check({ root });
  const markdown = writeReview(result, {
    rules,
    reference: loadReference(),
    ...(date ? { date } : {}),
    defaultNamespace: result.config.namespace,
    clusterDomain: result.config.clusterDomain,
  });
  return { result, markdown };
}

async function markdownlintErrors(markdown: string): Promise<string[]> {
  const results = await lint({ strings: { review: markdown } });
  return results['review']!.map((error) => `${error.lineNumber}: ${error.ruleNames.join('/')} ${error.ruleDescription} ${error.errorDetail ?? ''}`);
}

describe('docdrift report', () => {
  it('writes the whole review of the seed-before fixture', async () => {
    const { markdown } = await review(path.join(FIXTURES, 'seed-before'), '2025-11-11');
    await expect(markdown).toMatchFileSnapshot('expected/seed-before.md');
  });

  it('lists all six of the seed issues under the seed impact levels', async () => {
    const { result } = await review(path.join(FIXTURES, 'seed-before'));
    const issues = reviewIssues(result, rules).map((issue) => `${issue.impact} ${issue.rule.id}`);
    expect(issues).toEqual(expect.arrayContaining([
      'critical haproxy/unknown-service', // seed issue 1 (critical)
      'high k8s/duplicate-resource', // seed issue 2 (high)
      'high haproxy/port-mismatch', // seed issue 3 (high)
      'medium docs/undeployed-worker', // seed issue 4 (medium)
      'medium docs/missing-creation-step', // seed issue 5 (medium)
      'low docs/diagram-inconsistency', // seed issue 6 (low)
    ]));
  });

  it('reports no issues and validates every component of the embedded default', async () => {
    const { result, markdown } = await review(REPO);
    expect(reviewIssues(result, rules)).toEqual([]);
    expect(markdown).toContain('**Verdict:** no drift found.');
    expect(markdown).not.toContain('⚠️');
    const validated = markdown.slice(markdown.indexOf('## Validated Components'), markdown.indexOf('## Architecture as Deployed'));
    for (const workload of ['synapse-main', 'synapse-sync-worker', 'synapse-generic-worker', 'synapse-event-persister', 'synapse-federation-sender']) {
      expect(validated).toContain(`✅ ${workload === 'synapse-main' ? 'Deployment' : 'StatefulSet'} \`${workload}\``);
    }
    for (const backend of ['sync-workers', 'generic-workers', 'synapse-main']) expect(validated).toContain(`✅ \`${backend}\`:`);
    expect(markdown).toContain('dig _http._tcp.synapse-sync-worker.matrix.svc.cluster.local SRV');
    expect(markdown).toContain('haproxy -c -f deployment/config/haproxy.cfg');
    expect(markdown).toContain('kubectl port-forward -n matrix svc/haproxy 8404:8404');
  });

  it('passes markdownlint with its default rules', async () => {
    for (const root of [REPO, path.join(FIXTURES, 'seed-before'), path.join(FIXTURES, 'seed-after')]) {
      const { markdown } = await review(root, '2025-11-11');
      expect(await markdownlintErrors(markdown), root).toEqual([]);
    }
  });

  it('agrees with the JSON output: same findings, same counts', async () => {
    const { result, markdown } = await review(path.join(FIXTURES, 'seed-after'));
    const listed = [...markdown.matchAll(/^- `([^`]+):(\d+)`: /gm)].map((match) => `${match[1]}:${match[2]}`);
    expect(listed).toEqual(reviewIssues(result, rules).flatMap((issue) => issue.findings.map((finding) => `${finding.file}:${finding.line}`)));
    expect(listed.length).toBe(result.findings.length);
    // The verdict line wraps at 80 columns wherever the counts put the break.
    expect(markdown.replace(/\s+/g, ' ')).toContain(`from ${result.findings.length} findings (${result.summary.errors} errors, ${result.summary.warnings} warning`);
  });

  it('is byte-identical on repeated runs and has no date unless asked', async () => {
    const first = await review(path.join(FIXTURES, 'seed-after'));
    const second = await review(path.join(FIXTURES, 'seed-after'));
    expect(second.markdown).toBe(first.markdown);
    expect(first.markdown).not.toMatch(/\b20\d\d-\d\d-\d\d\b|Date/);
    expect((await review(path.join(FIXTURES, 'seed-after'), '2026-01-02')).markdown).toContain('- **Date:** 2026-01-02');
  });

  it('renders a self-contained HTML page', async () => {
    const { markdown } = await review(path.join(FIXTURES, 'seed-before'));
    const html = reviewToHtml(markdown, 'Architecture Review: <seed>');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Architecture Review: &#60;seed&#62;</title>');
    expect(html).toContain('<h1>Architecture Review</h1>');
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});
