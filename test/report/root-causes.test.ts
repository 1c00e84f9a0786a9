import { describe, expect, it } from 'vitest';
import type { Acl, Located } from '../../src/model/types.ts';
import { correctedAcl } from '../../src/report/root-causes.ts';
import { renderReview } from './render.ts';
import { unifiedDiff } from '../../src/report/unified-diff.ts';

const at = { file: 'haproxy.cfg', line: 3, column: 5, endLine: 3, endColumn: 40 };
const located = (value: string): Located<string> => ({ value, source: at });
const acl = (fetch: string, ...patterns: string[]): Acl => ({ name: 'is_sync', fetch, flags: [], matchMethod: fetch.replace(/^path_/, ''), patterns: patterns.map(located), source: at });
const regexOf = (entry: Acl | undefined) => (entry ? `${entry.fetch} ${entry.patterns.map((pattern) => pattern.value).join(' ')}` : undefined);

describe('the acl the author meant', () => {
  it('requires both parts of path_beg … path_end … in one path_reg', () => {
    expect(regexOf(correctedAcl(acl('path_beg', '/_matrix/client', 'path_end', '/sync')))).toBe('path_reg ^/_matrix/client.*/sync$');
    expect(regexOf(correctedAcl(acl('path_end', '/sync', 'path_beg', '/_matrix/client/v3', '/_matrix/client/r0')))).toBe('path_reg ^(/_matrix/client/v3|/_matrix/client/r0).*/sync$');
    // Regex characters in the patterns are matched literally.
    expect(regexOf(correctedAcl(acl('path_beg', '/a.b', 'path_end', '/c+')))).toBe('path_reg ^/a\\.b.*/c\\+$');
  });

  it('computes nothing where only the reader knows the intent', () => {
    expect(correctedAcl(acl('path_beg', '/_matrix/media/', '||', 'path_beg', '/_matrix/client/v1/media/'))).toBeUndefined();
    expect(correctedAcl(acl('path_beg', '/_synapse/admin/', 'method', 'POST'))).toBeUndefined();
    expect(correctedAcl(acl('path_beg', '/x', 'path_beg', '/y'))).toBeUndefined();
    expect(correctedAcl(acl('hdr(host)', 'a', 'path_end', '/b'))).toBeUndefined();
    expect(correctedAcl(acl('path_beg', '/x', 'path_end'))).toBeUndefined();
  });
});

describe('unified diffs of computed edits', () => {
  it('writes zero-context hunks whose new line numbers follow the earlier edits', () => {
    const text = ['a', 'b \\', '  c', 'd', 'e'].join('\n');
    expect(unifiedDiff('f.cfg', text, [{ start: 5, remove: 1, insert: ['E'] }, { start: 2, remove: 2, insert: ['b c'] }])).toEqual([
      '--- a/f.cfg',
      '+++ b/f.cfg',
      '@@ -2,2 +2,1 @@',
      '-b \\',
      '-  c',
      '+b c',
      '@@ -5,1 +4,1 @@',
      '-e',
      '+E',
    ]);
  });
});

describe('values the other side names', () => {
  it('edits the server-template slots to what the autoscaler or the replicas need', async () => {
    const { issues } = await renderReview('test/fixtures/rules/haproxy/server-template-slots/invalid');
    const slots = issues.find((issue) => issue.ruleIds.includes('haproxy/server-template-slots'))!;
    expect(slots.fix.decide).toBe(false);
    expect(slots.fix.blocks[0]!.lines.filter((line) => line.startsWith('+') && !line.startsWith('+++'))).toEqual([
      '+    server-template sync 6 _http._tcp.synapse-sync-worker.matrix.svc.cluster.local resolvers kubedns init-addr none',
      '+    server-template generic 3 _http._tcp.synapse-generic-worker.matrix.svc.cluster.local resolvers kubedns init-addr none',
    ]);
  });

  it('diffs the Ingress ports a Service offers one of, and leaves the namespace question open', async () => {
    const { issues } = await renderReview('test/fixtures/rules/k8s/ingress-backend/invalid');
    const ingress = issues.find((issue) => issue.ruleIds.includes('k8s/ingress-backend'))!;
    expect(ingress.fix.decide).toBe(true);
    expect(ingress.fix.text).toMatch(/^Where the other side names one value, write it \(2 of 3 places\); for the others: /);
    expect(ingress.fix.blocks[0]!.lines).toEqual([
      '--- a/manifests/ingress.yaml',
      '+++ b/manifests/ingress.yaml',
      '@@ -27,1 +27,1 @@',
      '-                  number: 8008',
      '+                  number: 80',
      '@@ -35,1 +35,1 @@',
      '-                  name: https',
      '+                  name: http',
    ]);
  });

  it('leaves the choice to the reader when a finding names no single value', async () => {
    const { issues } = await renderReview('test/fixtures/rules/k8s/service-target-port/invalid');
    const target = issues.find((issue) => issue.ruleIds.includes('k8s/service-target-port'))!;
    // The Deployment exposes two ports: which one the Service meant is the reader's call.
    expect(target.fix).toMatchObject({ decide: true, blocks: [] });
  });

  it('names a doc that describes another deployment by its file alone when no Synapse worker type is deployed', async () => {
    const { issues } = await renderReview('test/report/fixtures/app-drift');
    // Its manifests name a database host and Secret the fixture leaves out: those are issues of their own.
    expect(issues.filter((issue) => issue.title.includes('describes')).map((issue) => [issue.title, issue.fix.text])).toEqual([
      [
        'architecture.md describes another deployment',
        "Whether `docs/architecture.md` documents today's deployment, then rewrite the listed lines to it; or a planned one, then move those sections under a heading such as \"Future expansion\", which docdrift reads as future scope.",
      ],
    ]);
  });
});
