import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from './instance-map.ts';
import { check } from '../../index.ts';
import { FIXTURES, testRule } from '../../../test/rule-tester.ts';

const config = 'manifests/synapse-config.yaml';

testRule(rule, {
  invalid: [
    // main: the Service forwards port 9093 to the http port, not to the replication listener.
    { file: config, line: 26, column: 15, related: [`${config}:15`] },
    // A pod name dialed on the client port instead of the replication listener.
    { file: config, line: 33, column: 15, related: ['manifests/synapse-workers.yaml:51'] },
    // synapse-event-persister-1 runs but stream_writers.events does not list it.
    { file: config, line: 36, related: ['manifests/synapse-workers.yaml:28'] },
    // A writer missing from instance_map.
    { file: config, line: 40 },
    // 'main' in stream_writers.
    { file: config, line: 43 },
    // synapse-federation-sender-3 runs but federation_sender_instances does not list it.
    { file: config, line: 46, related: ['manifests/synapse-workers.yaml:105'] },
    // An ordinal beyond replicas.
    { file: config, line: 49, related: ['manifests/synapse-workers.yaml:105'] },
  ],
});

describe('synapse/instance-map with worker names computed at start-up', () => {
  async function findings(fixture: string): Promise<Array<{ at: string; message: string; related: string[] }>> {
    const result = await check({ root: path.join(FIXTURES, 'synapse-computed-names', fixture) });
    return result.findings
      .filter((finding) => finding.ruleId.startsWith('synapse/'))
      .map((finding) => ({ at: `${finding.ruleId} ${finding.file}:${finding.line}`, message: finding.message, related: finding.related.map((entry) => `${entry.file}:${entry.line}`) }));
  }

  it('is silent when the evaluated names match the merged lists (ev-0, ev-1 → writer_1, writer_2)', async () => {
    expect(await findings('correct')).toEqual([]);
  });

  it('reports a writer no pod is named after, and one instance_map lacks, with the evaluated names', async () => {
    expect(await findings('wrong')).toEqual([
      {
        at: 'synapse/instance-map manifests/synapse-config.yaml:27',
        message:
          "stream_writers.events names writer_3, but no pod runs with that worker_name; the pods' worker names are writer_1 (ev-0), writer_2 (ev-1), sender-a (federation-sender)",
        related: ['manifests/ev.yaml:43', 'manifests/ev.yaml:102'],
      },
      {
        at: 'synapse/instance-map manifests/synapse-config.yaml:30',
        message: 'stream_writers.receipts names writer_2 (the worker_name of pod ev-1), which instance_map does not list: Synapse refuses to start',
        related: ['manifests/ev.yaml:43'],
      },
    ]);
  });

  it('says nothing when names or the whole config cannot be known', async () => {
    expect(await findings('unevaluable')).toEqual([]);
  });
});

it('resolves short instance_map hosts in the namespace of the processes, and finds a replication listener bound to loopback', async () => {
  const result = await check({ root: path.join(FIXTURES, 'synapse-short-hosts') });
  expect(result.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => `${finding.file}:${finding.line} ${finding.message}`)).toEqual([
    "manifests/synapse.yaml:25 instance_map.main points at synapse-main, but synapse-main's replication listener on 9093 binds only 127.0.0.1: other pods cannot connect to it (bind it to '0.0.0.0' or '::')",
    "manifests/synapse.yaml:29 instance_map.typing1 uses port 8083, but synapse-typing's replication listener is on 9093",
  ]);
});

it('warns about a replica the writer list leaves out when only the list says what the workload is', async () => {
  const result = await check({ root: path.join(FIXTURES, 'synapse-unlabelled-writers') });
  expect(result.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => `${finding.severity} ${finding.file}:${finding.line} ${finding.message}`)).toEqual([
    'warning manifests/synapse.yaml:34 persister runs 4 replicas but stream_writers.events does not list persister-3: those pods persist nothing (counted as an event persister because stream_writers.events names its other pods)',
  ]);
});

it('reports a writer name that no pod runs and instance_map lacks as one finding', async () => {
  const result = await check({ root: path.join(FIXTURES, 'synapse-literal-names') });
  expect(result.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => `${finding.file}:${finding.line} ${finding.message}`)).toEqual([
    "manifests/synapse.yaml:37 stream_writers.events names persister-3, but no pod runs with that worker_name; the pods' worker names are persister-0, persister-1, persister-2, sender-0, sender-1; instance_map does not list it either: Synapse refuses to start",
  ]);
});

it('reports an instance_map pod host under a Service that is not the StatefulSet serviceName', async () => {
  const result = await check({ root: path.join(FIXTURES, 'synapse-pod-hosts') });
  expect(result.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => ({ at: `${finding.file}:${finding.line}`, related: finding.related.map((entry) => `${entry.file}:${entry.line}`) }))).toEqual([
    { at: 'manifests/synapse.yaml:31', related: ['manifests/synapse.yaml:88'] },
  ]);
});
