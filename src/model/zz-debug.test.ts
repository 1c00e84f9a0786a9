import path from 'node:path';
import { it } from 'vitest';
import { FIXTURES } from '../../test/rule-tester.ts';
import { check } from '../index.ts';
import { ModelLookup } from './lookup.ts';
import { loadReference } from './reference.ts';
import { buildVocabulary } from './vocabulary.ts';

it('debug', async () => {
  const result = await check({ root: path.join(FIXTURES, process.env.DIR!) });
  const lookup = new ModelLookup(result.model, buildVocabulary(loadReference()), { defaultNamespace: 'matrix', clusterDomain: 'cluster.local' });
  for (const w of result.model.workloads) {
    const ps = lookup.synapseProcessesFor(w);
    console.log('WL', w.name, JSON.stringify(ps.map((p) => ({ c: p.container.name, complete: p.complete, configs: p.configs.map((c) => `${c.config.origin.type === 'configmap' ? c.config.origin.key : c.config.origin.path}[${c.steps.map((s) => s.kind).join(',')}]`) }))), JSON.stringify(lookup.workerNames(w)?.pods));
  }
  for (const v of lookup.sharedViews()) console.log('VIEW', v.namespace, v.complete, v.source.file, v.source.line);
});
