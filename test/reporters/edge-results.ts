import type { CheckResult } from '../../src/engine/analyze.ts';
import { sampleResult } from './sample-result.ts';

/** The sample result with nothing found. */
export const emptyResult: CheckResult = {
  ...sampleResult,
  findings: [],
  summary: { errors: 0, warnings: 0, infos: 0, files: 3 },
};

/** One finding whose text and path carry everything the formats must escape. */
export const hostileResult: CheckResult = {
  ...sampleResult,
  root: '.',
  summary: { errors: 0, warnings: 1, infos: 0, files: 1 },
  findings: [
    {
      ruleId: 'haproxy/unused-backend',
      severity: 'warning',
      impact: 'low',
      message: 'Backend <script>alert("x")</script> takes 100% of a:b, c\nthen & \'more\'\r\u0001',
      file: 'docs/run book, v2:final.md',
      line: 7,
      column: 3,
      endLine: 8,
      endColumn: 1,
      related: [
        { file: 'haproxy.cfg', line: 2, column: 1, endLine: 2, endColumn: 9, message: 'backend <b>, defined here\nline two' },
      ],
    },
  ],
};
