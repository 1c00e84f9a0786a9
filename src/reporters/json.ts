import type { CheckResult } from '../engine/analyze.ts';

/** The stable machine-readable output (schema in DESIGN.md): version, root, summary, findings. */
export function formatJson(result: CheckResult): string {
  const { root, summary, findings } = result;
  return `${JSON.stringify({ version: 1, root, summary, findings }, null, 2)}\n`;
}
