import rule from './unused-suppression.ts';
import { testRule } from '../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // haproxy.cfg: `# docdrift-ignore haproxy/unused-backend` above a backend that is used.
    { file: 'deployment/config/haproxy.cfg', line: 12, column: 1 },
    // YAML comment above a Service that selects its pods.
    { file: 'deployment/manifests/synapse.yaml', line: 26, column: 3 },
    // Annotation: a mistyped rule id, then a rule with no finding on the object.
    { file: 'deployment/manifests/synapse.yaml', line: 30, column: 25 },
    { file: 'deployment/manifests/synapse.yaml', line: 30, column: 25 },
    // Markdown: a disable-next-line whose line no longer has the problem, and a region that silences nothing.
    { file: 'docs/guide.md', line: 5, column: 1 },
    { file: 'docs/guide.md', line: 8, column: 1 },
  ],
});
