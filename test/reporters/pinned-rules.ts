import type { Rule } from '../../src/rules/define-rule.ts';

/**
 * A fixed rule list for the exact-output reporter tests, so that editing a registered
 * rule's wording does not break them. Covers the sample result's three rules, a rule
 * without findings, and title/consequence plus Markdown-hostile text.
 */
export const pinnedRules: readonly Rule[] = [
  {
    id: 'docs/port-mismatch',
    severity: 'info',
    impact: 'medium',
    title: 'Docs name ports the Services do not expose',
    description: 'A documented port is not exposed by the Service it names.',
    consequence: 'Readers configure clients against a port that refuses connections.',
    fix: 'Correct the port, or mark the section with <!-- docdrift scope=future --> (see `**/*.md`).',
    docs: '',
    check() {},
  },
  {
    id: 'haproxy/port-mismatch',
    severity: 'error',
    impact: 'high',
    description: 'A server or server-template port is not a port that the Service exposes.',
    title: '',
    consequence: '',
    docs: '',
    fix: 'Use the port the Service exposes.',
    check() {},
  },
  {
    id: 'haproxy/unknown-service',
    severity: 'error',
    impact: 'critical',
    description: 'A server address names a Service that no manifest defines.',
    title: '',
    consequence: '',
    docs: '',
    fix: 'Point the address at an existing Service.',
    check() {},
  },
  {
    id: 'haproxy/unused-backend',
    severity: 'warning',
    impact: 'low',
    description: 'A backend is never selected by any use_backend or default_backend.',
    title: '',
    consequence: '',
    docs: '',
    fix: 'Route to it with use_backend, or delete it.',
    check() {},
  },
];
