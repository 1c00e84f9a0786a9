import { configSchema } from '../../src/config/schema.ts';
import type { CheckResult } from '../../src/engine/analyze.ts';

/** One shared result that every reporter test formats. */
export const sampleResult: CheckResult = {
  root: 'test/fixtures/seed-before',
  config: configSchema.parse({}),
  files: [],
  model: { units: [], resources: [], workloads: [], services: [], ingresses: [], configObjects: [], autoscalers: [], customResources: [], valuesFiles: [], networkPolicies: [], disruptionBudgets: [], monitors: [], haproxy: [], synapse: [] },
  summary: { errors: 2, warnings: 1, infos: 0, files: 3 },
  findings: [
    {
      ruleId: 'haproxy/unknown-service',
      severity: 'error',
      impact: 'critical',
      message: 'Backend typing-workers server-template typing points at Service matrix/synapse-typing, which no manifest defines',
      file: 'deployment/config/haproxy.cfg',
      line: 120,
      column: 29,
      endLine: 120,
      endColumn: 80,
      related: [],
    },
    {
      ruleId: 'haproxy/port-mismatch',
      severity: 'error',
      impact: 'high',
      message: 'Backend sync-workers server-template sync expects port 8008 on synapse-sync-worker, which exposes 8083 (http)',
      file: 'deployment/config/haproxy.cfg',
      line: 140,
      column: 27,
      endLine: 140,
      endColumn: 73,
      related: [
        {
          file: 'deployment/manifests/06-synapse-workers.yaml',
          line: 12,
          column: 5,
          endLine: 14,
          endColumn: 1,
          message: 'Service synapse-sync-worker ports',
        },
      ],
    },
    {
      ruleId: 'haproxy/unused-backend',
      severity: 'warning',
      impact: 'low',
      message: "Backend 'legacy' is never used by any use_backend or default_backend",
      file: 'deployment/config/legacy.haproxy.cfg',
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 16,
      related: [],
    },
  ],
};
