import rule from './dangling-service.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A selector no pod carries, in a kustomize base that two overlays render: one finding at the base's line.
    { file: 'blog/base/service.yaml', line: 5, related: ['blog/base/service.yaml:7'] },
    // Selects the StatefulSet's own labels, not its pod template's.
    { file: 'manifests/redis.yaml', line: 31, related: ['manifests/redis.yaml:35'] },
    // The pods of an Argo Rollout carry its template's labels (app=web), not app=website.
    { file: 'manifests/rollout.yaml', line: 21, related: ['manifests/rollout.yaml:24'] },
    // component=master: no pod carries it (app=synapse alone would match).
    { file: 'manifests/synapse.yaml', line: 29, related: ['manifests/synapse.yaml:34'] },
  ],
});
