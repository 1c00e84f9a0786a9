import rule from './dangling-service.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Selects the StatefulSet's own labels, not its pod template's.
    { file: 'manifests/redis.yaml', line: 31, related: ['manifests/redis.yaml:35'] },
    // component=master: no pod carries it (app=synapse alone would match).
    { file: 'manifests/synapse.yaml', line: 29, related: ['manifests/synapse.yaml:34'] },
  ],
});
