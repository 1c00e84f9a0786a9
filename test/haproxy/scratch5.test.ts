import { it } from 'vitest';
import { endpointSamples } from '../../src/model/endpoint-samples.ts';
import { loadReference } from '../../src/model/reference.ts';
it('samples', () => {
  const s = endpointSamples(loadReference());
  console.log(s.length + '\n' + s.map((x) => `${x.method} ${x.path} ${x.family} ${x.servedBy.kind}`).join('\n'));
  const r = loadReference() as any;
  console.log(JSON.stringify(Object.keys(r.endpoints), null, 0), JSON.stringify(Object.keys(r.endpoints.synapse_docs)), JSON.stringify(r.main_process_only).slice(0, 1500));
});
