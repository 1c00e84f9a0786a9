// Goldens: `UPDATE_GOLDEN=1 npx vitest run test/report` rewrites test/report/expected/ from the current output.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lint } from 'markdownlint/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { requireHaproxy, stopAllHaproxy } from '../haproxy/haproxy-oracle.ts';
import { applyDiff, routeThroughHaproxy } from './route-through-haproxy.ts';
import { renderReview } from './render.ts';

afterAll(stopAllHaproxy);

const EXPECTED = path.join(import.meta.dirname, 'expected');
/** Roots as a user types them, relative to the repository (vitest's working directory). */
const ROOTS = {
  'seed-before': 'test/fixtures/seed-before',
  'seed-after': 'test/fixtures/seed-after',
  'embedded-default': '.',
  // seed-after as the real repository had it at 915ed99b: an ACL that ORs two fetches, and backslash-split statements.
  'broken-routing': 'test/report/fixtures/broken-routing',
  // A real repository of many packagings: plain manifests, kustomize bases, components and tests, a bundle, a chart.
  'online-boutique': 'test/fixtures/real-world/online-boutique',
} as const;

/** Compares with the golden file, or writes it when UPDATE_GOLDEN=1. */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(EXPECTED, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  expect(actual, `${name} differs from its golden file; UPDATE_GOLDEN=1 rewrites it`).toBe(readFileSync(file, 'utf8'));
}

async function markdownlintErrors(markdown: string): Promise<string[]> {
  const results = await lint({ strings: { review: markdown } });
  return results['review']!.map((error) => `${error.lineNumber}: ${error.ruleNames.join('/')} ${error.ruleDescription} ${error.errorDetail ?? ''}`);
}

describe('docdrift report', () => {
  it.each(Object.entries(ROOTS))('writes the golden Markdown, HTML and JSON reviews of %s', async (name, root) => {
    const { markdown, html, json } = await renderReview(root);
    expectGolden(`${name}.md`, markdown);
    expectGolden(`${name}.html`, html());
    expectGolden(`${name}.json`, json);
    expect(await markdownlintErrors(markdown), name).toEqual([]);
  });

  it('opens with what stops the deployment: the refused configuration and the ACL routing', async () => {
    const { markdown, issues } = await renderReview(ROOTS['broken-routing']);
    const summary = markdown.slice(markdown.indexOf('## Executive Summary'), markdown.indexOf('## Issues'));
    const first = summary.split('\n\n')[1]!.replace(/\n/g, ' ');
    expect(first).toMatch(/^\*\*The deployment cannot work as written:\*\* HAProxy refuses `?haproxy\.cfg`?/);
    expect(first).toContain('every `/_matrix/client` request goes to `sync-workers`');
    expect(issues.slice(0, 2).map((issue) => [issue.impact, issue.ruleIds])).toEqual([
      ['critical', ['haproxy/line-continuation', 'parse-error']],
      ['critical', ['docs/route-mismatch', 'haproxy/acl-fetch-as-pattern', 'synapse/route-capability']],
    ]);
    expect(summary).toContain('`haproxy -c` stops at\n`deployment/config/haproxy.cfg:140`');
  });

  it('lists every finding under exactly one issue', async () => {
    for (const root of Object.values(ROOTS)) {
      const { result, issues } = await renderReview(root);
      const places = issues.flatMap((issue) => issue.places.map((entry) => `${entry.ruleId} ${entry.file}:${entry.line}:${entry.column} ${entry.message}`));
      expect(new Set(places).size, root).toBe(places.length);
      expect(places.sort(), root).toEqual(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}:${finding.column} ${finding.message}`).sort());
    }
  });

  it('states downstream effects in the issue that causes them', async () => {
    const { issues } = await renderReview(ROOTS['broken-routing']);
    const [continuation, acl] = issues;
    expect(continuation!.effects.join(' ')).toContain('`sync-workers` has no backup server');
    expect(acl!.effects[0]).toMatch(/^Once fixed, \d+ sampled endpoints move from `sync-workers` to `generic-workers`/);
    // Documented routes the fix makes true follow from the ACL; routes to workers that are not deployed do not.
    expect(acl!.places.filter((entry) => entry.ruleId === 'docs/route-mismatch').map((entry) => `${entry.file}:${entry.line}`)).toEqual([
      'deployment/README.md:91',
      'deployment/README.md:92',
      'deployment/README.md:93',
      'deployment/docs/HAPROXY-ARCHITECTURE.md:167',
      'deployment/docs/HAPROXY-ARCHITECTURE.md:168',
    ]);
    const docs = issues.find((issue) => issue.id === 'docs-haproxy-architecture')!;
    expect(docs.places.map((entry) => entry.line)).toContain(164); // createRoom documented to Event Creator Workers
  });

  it('fixes the ACL with a line the real HAProxy routes as meant', async (context) => {
    const haproxy = requireHaproxy(context, 'checking the corrected ACL');
    const { issues, options } = await renderReview(ROOTS['broken-routing']);
    const file = 'deployment/config/haproxy.cfg';
    const acl = issues.find((issue) => issue.ruleIds.includes('haproxy/acl-fetch-as-pattern'))!;
    const continuation = issues.find((issue) => issue.ruleIds.includes('haproxy/line-continuation'))!;
    expect(acl.fix.decide).toBe(false);
    for (const block of acl.fix.blocks) expect(block.lines).toContain('+    acl is_sync path_reg ^/_matrix/client.*/sync$');
    let text = options.sources!.get(file)!;
    // Zero-context hunks: the later lines first, so earlier line numbers still hold.
    for (const block of [...continuation.fix.blocks, ...acl.fix.blocks]) text = applyDiff(text, block.lines);
    expect(await routeThroughHaproxy(haproxy, text, ['/_matrix/client/v3/sync', '/_matrix/client/r0/sync', '/_matrix/client/v3/createRoom', '/_matrix/client/v3/rooms/!r:x/members', '/_matrix/client/v3/keys/query'])).toEqual({
      '/_matrix/client/v3/sync': 'sync-workers',
      '/_matrix/client/r0/sync': 'sync-workers',
      '/_matrix/client/v3/createRoom': 'generic-workers',
      '/_matrix/client/v3/rooms/!r:x/members': 'generic-workers',
      '/_matrix/client/v3/keys/query': 'generic-workers',
    });
    // And before the fix, the same requests all go to the sync workers.
    let unfixed = options.sources!.get(file)!;
    for (const block of continuation.fix.blocks) unfixed = applyDiff(unfixed, block.lines);
    expect(Object.values(await routeThroughHaproxy(haproxy, unfixed, ['/_matrix/client/v3/createRoom', '/_matrix/client/v3/keys/query']))).toEqual(['sync-workers', 'sync-workers']);
  });

  it('joins each split statement, and HAProxy accepts the result', async (context) => {
    const haproxy = requireHaproxy(context, 'checking the joined statements');
    const { issues, options } = await renderReview(ROOTS['broken-routing']);
    const continuation = issues.find((issue) => issue.ruleIds.includes('haproxy/line-continuation'))!;
    const diff = continuation.fix.blocks[0]!.lines;
    expect(diff).toContain('+    server-template sync 18 _http._tcp.synapse-sync-worker.matrix.svc.cluster.local resolvers kubedns init-addr none check');
    const joined = applyDiff(options.sources!.get('deployment/config/haproxy.cfg')!, diff);
    // Routing through the joined config proves HAProxy starts on it (stubbed servers, loopback binds).
    expect(await routeThroughHaproxy(haproxy, joined, ['/_matrix/client/v3/initialSync'])).toEqual({ '/_matrix/client/v3/initialSync': 'sync-workers' });
  });

  it('names the real ConfigMap, key, file and namespace in the ConfigMap fix', async () => {
    const { issues } = await renderReview(ROOTS['seed-before']);
    const creation = issues.find((issue) => issue.ruleIds.includes('docs/missing-creation-step'))!;
    expect(creation.fix.blocks).toEqual([{ lang: 'bash', lines: ['kubectl create configmap haproxy-config --from-file=haproxy.cfg=deployment/config/haproxy.cfg -n matrix'] }]);
    expect(creation.verification[0]!.command).toEqual(['kubectl get configmap haproxy-config -n matrix']);
  });

  it('gives the seed review its issues, most harmful first, in about 400 lines', async () => {
    const { markdown, issues } = await renderReview(ROOTS['seed-before']);
    expect(issues.map((issue) => `${issue.impact} ${issue.ruleIds.join('+')}`).slice(0, 4)).toEqual([
      'critical haproxy/unknown-service', // seed issue 1
      'critical k8s/mount-hides-files', // missed by the seed review: the ConfigMap mount hides the errorfile pages, HAProxy won't start
      'high haproxy/port-mismatch', // seed issue 3: the workers that are deployed get no traffic
      'high k8s/duplicate-resource', // seed issue 2
    ]);
    // Media has no backup server: its requests fail; the other nine backends fall back to the main process.
    expect(issues[0]!.consequence).toBe(
      '10 backends resolve no server: requests routed to `media-repo-workers` get 503, and the other 9 fall back to `synapse-main.matrix.svc.cluster.local` instead of the workers the config was written for.',
    );
    const duplicate = issues.find((issue) => issue.ruleIds.includes('k8s/duplicate-resource'))!;
    expect(duplicate.fix.blocks).toEqual([{ lang: 'bash', lines: ['git rm deployment/manifests/05-worker-services-headless.yaml'] }]);
    expect(markdown.split('\n').length).toBeLessThanOrEqual(500);
    expect(markdown).not.toContain('\\_');
  });

  it('says in one screen that a clean repository has nothing to report', async () => {
    const { markdown, issues } = await renderReview(ROOTS['embedded-default']);
    expect(issues).toEqual([]);
    expect(markdown).toContain('**No drift found.**');
    expect(markdown.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('says each thing once on a repository of many packagings of one app', async () => {
    const { markdown, issues } = await renderReview(ROOTS['online-boutique']);
    // Two files named README.md: each title names its own.
    expect(issues.map((issue) => issue.title)).toEqual([
      'Docs reference files, links or headings that do not exist in README.md',
      'Docs reference files, links or headings that do not exist in service-mesh-istio/README.md',
      'Files left unchecked',
    ]);
    // Both docs issues share a consequence: one summary paragraph names both.
    const summary = markdown.slice(markdown.indexOf('## Executive Summary'), markdown.indexOf('## Issues'));
    expect(summary.match(/Readers follow a link/g)).toHaveLength(1);
    expect(summary).toContain('[issue\n2]');
    // A Service in seven packagings is one row, selecting its own unit's pods once.
    const services = markdown.slice(markdown.indexOf('### Services'), markdown.indexOf('### HAProxy Backends'));
    expect(services.match(/\| `adservice` \|/g)).toHaveLength(1);
    expect(services).toContain('| ✅ | `adservice` | ports 9555, selects `adservice` | `kubernetes-manifests/adservice.yaml:73` and 6 copies in other units |');
    // No Synapse or HAProxy here: no empty sections about them.
    expect(markdown).not.toMatch(/Worker Workloads|Worker Responsibilities|HAProxy Routing Logic|Fallbacks/);
    expect(markdown).toContain('- `helm-chart`: chart, not rendered.');
  });

  it('is byte-identical on repeated runs and has no date unless asked', async () => {
    const first = await renderReview(ROOTS['seed-after']);
    const second = await renderReview(ROOTS['seed-after']);
    expect(second.markdown).toBe(first.markdown);
    expect(first.markdown).not.toMatch(/\b20\d\d-\d\d-\d\d\b|Date/);
    expect((await renderReview(ROOTS['seed-after'], { date: '2026-01-02' })).markdown).toContain('- **Date:** 2026-01-02');
  });
});
