import rule from './instance-map.ts';
import { testRule } from '../../../test/rule-tester.ts';

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
