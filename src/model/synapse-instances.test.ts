import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/rule-tester.ts';
import { check } from '../index.ts';
import { ModelLookup } from './lookup.ts';
import { loadReference } from './reference.ts';
import { buildVocabulary } from './vocabulary.ts';

async function lookupOf(fixture: string): Promise<ModelLookup> {
  const result = await check({ root: path.join(FIXTURES, 'synapse-computed-names', fixture) });
  return new ModelLookup(result.model, buildVocabulary(loadReference()), { defaultNamespace: 'default', clusterDomain: 'cluster.local' });
}

function namesOf(lookup: ModelLookup, workload: string): Array<[string | undefined, string]> | undefined {
  return lookup.workerNames(lookup.workload('matrix', workload)!)?.pods.map(({ pod, name }) => [pod, name]);
}

describe('Synapse worker names computed by start-up scripts', () => {
  it('evaluates worker_name per pod from the pod name, $HOSTNAME, sed, awk and $((…))', async () => {
    const lookup = await lookupOf('correct');
    // ev-2 runs when the autoscaler adds it.
    expect(namesOf(lookup, 'ev')).toEqual([
      ['ev-0', 'writer_1'],
      ['ev-1', 'writer_2'],
      ['ev-2', 'writer_3'],
    ]);
    expect(namesOf(lookup, 'typing')).toEqual([['typing-0', 'typing1']]);
    // A fixed name in a quoted heredoc holds for every pod, whatever the Deployment names them.
    expect(namesOf(lookup, 'federation-sender')).toEqual([[undefined, 'sender-a']]);
  });

  it('merges every file a container loads: each *.yaml key of a mounted directory in name order, then each --config-path', async () => {
    const lookup = await lookupOf('correct');
    const [process] = lookup.synapseProcessesFor(lookup.workload('matrix', 'ev')!);
    expect(process!.complete).toBe(true);
    expect(process!.configs.map(({ config }) => (config.origin.type === 'configmap' ? config.origin.key : config.origin.path))).toEqual([
      'archive.yaml',
      'homeserver.yaml',
      'instance-map.yaml',
      'federation.yaml',
      '/conf/worker.yaml',
    ]);
    const views = lookup.sharedViews();
    expect(views).toHaveLength(1);
    expect(views[0]!.complete).toBe(true);
    expect(views[0]!.instanceMap.map((entry) => entry.name.value)).toEqual(['main', 'writer_1', 'writer_2', 'typing1', 'writer_3']);
    expect(views[0]!.streamWriters.flatMap((entry) => entry.writers.map((writer) => writer.value))).toEqual(['writer_1', 'writer_2', 'typing1']);
    expect(views[0]!.federationSenderInstances.map((sender) => sender.value)).toEqual(['sender-a']);
  });

  it('follows worker files rendered from templates: cp then sed -i, envsubst with Kubernetes $(VAR) env', async () => {
    const lookup = await lookupOf('rendered');
    expect(namesOf(lookup, 'a')).toEqual([
      ['a-0', 'a-0'],
      ['a-1', 'a-1'],
    ]);
    expect(namesOf(lookup, 'b')).toEqual([['b-0', 'persister-b-0']]);
    // envsubst sees only exported variables: N is the shell's own.
    expect(namesOf(lookup, 'c')).toBeUndefined();
  });

  it("reads the config path of the Synapse image's own entrypoint", async () => {
    const lookup = await lookupOf('image-entrypoint');
    const [process] = lookup.synapseProcessesFor(lookup.workload('matrix', 'synapse')!);
    expect(process!.complete).toBe(true);
    expect(process!.configs.map(({ config }) => config.origin.type === 'configmap' && config.origin.key)).toEqual(['homeserver.yaml']);
  });

  it('leaves names unknown when a pod name is made up or a value comes from outside the manifests', async () => {
    const lookup = await lookupOf('unevaluable');
    expect(namesOf(lookup, 'writer')).toBeUndefined();
    expect(namesOf(lookup, 'ordinal-file')).toBeUndefined();
    expect(lookup.synapseWorkersIn('matrix').complete).toBe(false);
    // The main process also loads a file from a Secret: its merged config is not known in full.
    expect(lookup.sharedViews().every((view) => !view.complete)).toBe(true);
  });
});
