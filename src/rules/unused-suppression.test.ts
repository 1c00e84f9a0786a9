import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/load.ts';
import { analyze } from '../engine/analyze.ts';
import rule from './unused-suppression.ts';
import { rules } from './index.ts';
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

describe('unused-suppression on haproxy.cfg', () => {
  it('reports each of two identical comments stacked above a line that has no such finding', () => {
    const text = [
      'frontend f', // 1
      '  bind :80', // 2
      '  default_backend b', // 3
      '# docdrift-ignore haproxy/unused-backend', // 4
      '# docdrift-ignore haproxy/unused-backend', // 5
      'backend b', // 6
      '  server s 127.0.0.1:80', // 7
      '',
    ].join('\n');
    const result = analyze('.', [{ path: 'haproxy.cfg', role: 'haproxy', size: text.length, text }], [], defaultConfig(), rules);
    expect(result.findings.filter((f) => f.ruleId === rule.id).map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toEqual([
      'unused-suppression haproxy.cfg:4:1',
      'unused-suppression haproxy.cfg:5:1',
    ]);
  });
});
