import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { ModelLookup } from '../../src/model/lookup.ts';
import { loadReference } from '../../src/model/reference.ts';
import { buildVocabulary } from '../../src/model/vocabulary.ts';
import { FIXTURES } from '../rule-tester.ts';

describe('the workloads that run a haproxy.cfg', () => {
  it('are those beside it when a repository holds two copies of a deployment', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'docdrift-mounts-'));
    for (const copy of ['east', 'west']) await cp(path.join(FIXTURES, 'seed-after'), path.join(root, copy), { recursive: true });
    const result = await check({ root });
    const lookup = new ModelLookup(result.model, buildVocabulary(loadReference()), { defaultNamespace: result.config.namespace, clusterDomain: result.config.clusterDomain });
    const runners = result.model.haproxy.map((config) => `${config.file} ← ${lookup.haproxyMounts(config).map((mount) => mount.workload.source.file).join(', ')}`);
    expect(runners).toEqual([
      'east/deployment/config/haproxy.cfg ← east/deployment/manifests/07-haproxy.yaml',
      'west/deployment/config/haproxy.cfg ← west/deployment/manifests/07-haproxy.yaml',
    ]);
  });
});
