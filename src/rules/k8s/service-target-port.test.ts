import rule from './service-target-port.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A named targetPort that no container port carries.
    { file: 'manifests/synapse.yaml', line: 40, related: ['manifests/synapse.yaml:22'] },
    // A numeric targetPort on pods that declare their ports, but not this one.
    { file: 'manifests/synapse.yaml', line: 47, related: ['manifests/synapse.yaml:22'] },
  ],
});
