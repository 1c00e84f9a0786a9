import rule from './server-template-slots.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Slots for the replicas but fewer than the HPA maximum.
    { file: 'deployment/config/haproxy.cfg', line: 22, column: 26, related: ['deployment/manifests/workers.yaml:53'] },
    // A range counts its slots: 3-4 is 2, fewer than the 3 replicas.
    { file: 'deployment/config/haproxy.cfg', line: 26, column: 29, related: ['deployment/manifests/workers.yaml:85'] },
  ],
});
