import rule from './script-drift.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // deploy-all.sh exits at line 5, before it applies the workers and HAProxy.
    { file: 'README.md', line: 3, column: 60, related: ['deploy-all.sh:5', 'k8s/02-workers.yaml:4', 'k8s/03-haproxy.yaml:4'] },
    // "It deploys:" under the up.sh heading: up.sh applies no HAProxy manifest (Redis is no object of the model: not compared).
    { file: 'README.md', line: 12, column: 4, related: ['up.sh:1', 'k8s/03-haproxy.yaml:4'] },
    // all.sh runs up.sh: what up.sh applies, all.sh applies, and HAProxy is not part of it.
    { file: 'README.md', line: 16, column: 39, related: ['all.sh:1', 'k8s/03-haproxy.yaml:4'] },
    // A table row: up.sh "Deploys the main process and HAProxy" (placed at the cell).
    { file: 'README.md', line: 20, column: 13, related: ['up.sh:1', 'k8s/03-haproxy.yaml:4'] },
  ],
});
