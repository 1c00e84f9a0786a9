import rule from './missing-reference.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A ConfigMap volume projecting two keys: one finding, at the first key.
    { file: 'manifests/haproxy.yaml', line: 32, related: ['manifests/haproxy.yaml:4'] },
    // A Secret reference whose name is a ConfigMap.
    { file: 'manifests/synapse.yaml', line: 39, related: ['manifests/synapse.yaml:21'] },
    // A Secret that exists only in another namespace.
    { file: 'manifests/synapse.yaml', line: 53, related: ['manifests/synapse.yaml:21'] },
  ],
});
