import rule from './dangling-service.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Selects the StatefulSet's own labels, not its pod template's.
    { file: 'manifests/redis.yaml', line: 31, related: ['manifests/redis.yaml:35'] },
    // The pods of an Argo Rollout carry its template's labels (app=web), not app=website.
    { file: 'manifests/rollout.yaml', line: 21, related: ['manifests/rollout.yaml:24'] },
    // component=master: no pod carries it (app=synapse alone would match).
    { file: 'manifests/synapse.yaml', line: 29, related: ['manifests/synapse.yaml:34'] },
  ],
});
