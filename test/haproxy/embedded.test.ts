/**
 * haproxy.cfg written inside a ConfigMap (`haproxy.cfg: |`): read like the file, every finding at
 * its manifest line, the mount of the ConfigMap known, and no second reading of a copy of a file.
 */
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { FIXTURES } from '../rule-tester.ts';
import { checkConfigFile, requireHaproxy, stopAllHaproxy, writeScratch } from './haproxy-oracle.ts';

afterAll(stopAllHaproxy);

const ROOT = path.join(FIXTURES, 'haproxy-embedded');

describe('an HAProxy configuration written in a ConfigMap', async () => {
  const result = await check({ root: ROOT });

  it('is read as a configuration, with its ConfigMap and key', () => {
    expect(result.model.haproxy.map((config) => ({ file: config.file, embedded: config.embedded, backends: config.backends.map((backend) => `${backend.name}@${backend.source.line}:${backend.source.column}`) }))).toEqual([
      { file: 'deploy/haproxy.yaml', embedded: { configMap: 'edge-config', namespace: 'web', key: 'haproxy.cfg' }, backends: ['app@24:5', 'api@27:5'] },
    ]);
  });

  it('reports at the manifest lines, suppressions inside it included', () => {
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}:${finding.column}`)).toEqual([
      'haproxy/undefined-backend deploy/haproxy.yaml:21:19',
      // api1 on line 29 is silenced by the comment above it, written inside the block.
      'haproxy/unknown-service deploy/haproxy.yaml:30:19',
      'k8s/mount-hides-files deploy/haproxy.yaml:54:26',
    ]);
    const hidden = result.findings.find((finding) => finding.ruleId === 'k8s/mount-hides-files')!;
    expect(hidden.message).toContain('haproxy.cfg of ConfigMap edge-config loads /usr/local/etc/haproxy/errors/503.http');
    expect(hidden.message).toContain('`mountPath: /usr/local/etc/haproxy/haproxy.cfg` with `subPath: haproxy.cfg`');
    expect(hidden.related.map((entry) => `${entry.file}:${entry.line}:${entry.column}`)).toEqual(['deploy/haproxy.yaml:16:21', 'deploy/haproxy.yaml:58:19']);
  });

  it('is not read a second time when the repository keeps the file it copies', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'docdrift-embedded-'));
    await cp(ROOT, root, { recursive: true });
    const manifest = parseDocument(readFileSync(path.join(ROOT, 'deploy/haproxy.yaml'), 'utf8').split('\n---\n')[0]!);
    await writeFile(path.join(root, 'deploy/haproxy.cfg'), String(manifest.getIn(['data', 'haproxy.cfg'])));
    const copied = await check({ root });
    expect(copied.model.haproxy.map((config) => config.file)).toEqual(['deploy/haproxy.cfg']);
    expect(copied.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual([
      'haproxy/undefined-backend deploy/haproxy.cfg:14',
      'haproxy/unknown-service deploy/haproxy.cfg:23',
      'k8s/mount-hides-files deploy/haproxy.yaml:54',
    ]);
  });

  it('is refused by the real HAProxy for the backend docdrift reports missing', async (context) => {
    const binary = requireHaproxy(context, 'the embedded configuration oracle test');
    const manifest = parseDocument(readFileSync(path.join(ROOT, 'deploy/haproxy.yaml'), 'utf8').split('\n---\n')[0]!);
    const text = String(manifest.getIn(['data', 'haproxy.cfg'])).replace('errorfile 503 /usr/local/etc/haproxy/errors/503.http', '');
    const verdict = await checkConfigFile(binary, writeScratch(text));
    expect(verdict.valid).toBe(false);
    expect(verdict.alerts.join('\n')).toContain("unable to find required use_backend: 'static'");
  });
});
