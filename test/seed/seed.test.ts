import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import { check } from '../../src/index.ts';
import { parseMarkdown, sectionAt } from '../../src/parse/markdown.ts';
import { FIXTURES } from '../rule-tester.ts';

const REPO = path.resolve(FIXTURES, '..', '..');
const HAPROXY = 'deployment/config/haproxy.cfg';
const GUIDE = 'deployment/docs/DEPLOYMENT-GUIDE.md';
const ARCHITECTURE = 'deployment/docs/HAPROXY-ARCHITECTURE.md';
const README = 'deployment/README.md';
const DUPLICATES = 'deployment/manifests/05-worker-services-headless.yaml';
const HAPROXY_MANIFEST = 'deployment/manifests/07-haproxy.yaml';

/** Findings as `rule file` → lines, the shape the seed review speaks in. */
function byRuleAndFile(findings: Finding[]): Record<string, number[]> {
  const grouped: Record<string, number[]> = {};
  for (const finding of findings) (grouped[`${finding.ruleId} ${finding.file}`] ??= []).push(finding.line);
  return grouped;
}

/** The seed's issues 4, 5 and 6, as the docs of both fixtures carry them. */
const DOC_ISSUES = {
  // Issue 4: the HAProxy doc describes a dozen specialised workers on port 8008.
  [`docs/undeployed-worker ${ARCHITECTURE}`]: [113, 114, 115, 116, 117, 118, 119, 120, 121, 122],
  [`docs/port-mismatch ${ARCHITECTURE}`]: [111, 112, 134, 135],
  // Its SRV names of those workers' Services (lines 248 to 257) are the same cause: each line is one of
  // docs/undeployed-worker's "also line" places, not a docs/unknown-service finding of its own.
  // Issue 5: the guide applies 07-haproxy.yaml without creating the haproxy-config ConfigMap.
  [`docs/missing-creation-step ${GUIDE}`]: [221],
  // Issue 6: the HAProxy doc's diagram shows workers the README's diagram (and the cluster) does not.
  [`docs/diagram-inconsistency ${ARCHITECTURE}`]: [82],
};

/** Missed by the seed review: haproxy-config mounted over /usr/local/etc/haproxy hides the errorfile pages, so HAProxy does not start. */
const MOUNT_ISSUE = { [`k8s/mount-hides-files ${HAPROXY_MANIFEST}`]: [54] };

describe('the seed architecture review, reproduced', () => {
  it('finds issues 1 to 6 of the review on the deployment as it stood before it', async () => {
    const result = await check({ root: path.join(FIXTURES, 'seed-before') });
    expect(byRuleAndFile(result.findings)).toEqual({
      ...DOC_ISSUES,
      ...MOUNT_ISSUE,
      // Issue 1: twelve specialised backends point at Services that do not exist.
      [`haproxy/unknown-service ${HAPROXY}`]: [317, 329, 340, 353, 364, 376, 387, 399, 415, 429],
      // Issue 2: a second file of headless Services duplicates the workers' own.
      [`k8s/duplicate-resource ${DUPLICATES}`]: [10, 30, 50, 70],
      // Issue 3: HAProxy expects port 8008 on workers that listen on 8083 and 8081.
      [`haproxy/port-mismatch ${HAPROXY}`]: [302, 443, 457],
      // The README describes the simplified routing the config did not have yet.
      [`docs/route-mismatch ${README}`]: [84, 85, 86, 87, 90, 92],
    });
  });

  it('relates each duplicate Service to the definition that is kept', async () => {
    const result = await check({ root: path.join(FIXTURES, 'seed-before') });
    const duplicates = result.findings.filter((finding) => finding.ruleId === 'k8s/duplicate-resource');
    expect(duplicates.map((finding) => finding.related.map((entry) => `${entry.file}:${entry.line}`))).toEqual([
      ['deployment/manifests/06-synapse-workers.yaml:37'],
      ['deployment/manifests/06-synapse-workers.yaml:166'],
      ['deployment/manifests/06-synapse-workers.yaml:301'],
      ['deployment/manifests/06-synapse-workers.yaml:434'],
    ]);
  });

  it('finds issues 4, 5 and 6 once the config is fixed but the docs are not', async () => {
    const result = await check({ root: path.join(FIXTURES, 'seed-after') });
    expect(byRuleAndFile(result.findings)).toEqual({
      ...DOC_ISSUES,
      ...MOUNT_ISSUE,
      // Routes documented to specialised workers go elsewhere in the fixed config.
      [`docs/route-mismatch ${ARCHITECTURE}`]: [149, 150, 151, 152, 153, 154, 155, 156, 157, 161, 162, 163, 164, 165, 166],
    });
  });

  it('relates the hiding mount to each errorfile line it hides', async () => {
    const result = await check({ root: path.join(FIXTURES, 'seed-after') });
    const mount = result.findings.find((finding) => finding.ruleId === 'k8s/mount-hides-files')!;
    expect(mount.related.map((entry) => `${entry.file}:${entry.line}`)).toEqual([
      ...[56, 57, 58, 59, 60, 61, 62].map((line) => `${HAPROXY}:${line}`),
      `${HAPROXY_MANIFEST}:65`,
    ]);
    expect(mount.message).toContain('`mountPath: /usr/local/etc/haproxy/haproxy.cfg` with `subPath: haproxy.cfg`');
  });

  it('names both sides of each doc finding', async () => {
    const result = await check({ root: path.join(FIXTURES, 'seed-after') });
    const docFindings = result.findings.filter((finding) => finding.ruleId.startsWith('docs/') && finding.ruleId !== 'docs/unknown-service');
    for (const finding of docFindings) expect(finding.related.length, `${finding.ruleId} at line ${finding.line}`).toBeGreaterThan(0);
    const creation = result.findings.find((finding) => finding.ruleId === 'docs/missing-creation-step')!;
    expect(creation.related.map((entry) => `${entry.file}:${entry.line}`)).toEqual(['deployment/manifests/07-haproxy.yaml:65']);
    expect(creation.message).toContain('kubectl create configmap haproxy-config --from-file=haproxy.cfg=deployment/config/haproxy.cfg -n matrix');
  });

  it('reports nothing in future, example or historical sections', async () => {
    const root = path.join(FIXTURES, 'seed-after');
    const result = await check({ root });
    const docs = new Map<string, ReturnType<typeof parseMarkdown>>();
    for (const file of [ARCHITECTURE, GUIDE, README]) docs.set(file, parseMarkdown(file, await readFile(path.join(root, file), 'utf8')));
    const scopes = result.findings
      .filter((finding) => docs.has(finding.file))
      .map((finding) => {
        const doc = docs.get(finding.file)!;
        return doc.sections[sectionAt(doc, finding.line)]!.scope;
      });
    expect(new Set(scopes)).toEqual(new Set(['current']));
    // The traps: sections that name undeployed workers and missing Services on purpose.
    const architecture = docs.get(ARCHITECTURE)!;
    const trapScopes = ['Anti-pattern: Round-Robin for /sync', 'Future Expansion', 'Example: Adding a Sliding Sync Pool'].map(
      (title) => architecture.sections.find((section) => section.heading?.text === title)?.scope,
    );
    expect(trapScopes).toEqual(['example', 'future', 'example']);
  });

  it('checks the embedded default clean', async () => {
    const result = await check({ root: REPO });
    expect(result.findings).toEqual([]);
    expect(result.files.filter((file) => file.role === 'doc').map((file) => file.path)).toEqual([
      'README.md',
      'docs/architecture.md',
      'docs/deployment-guide.md',
      'docs/expansion-path.md',
      'docs/haproxy-routing.md',
      'docs/scaling.md',
    ]);
  });
});
