import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.ts';
import type { Rule } from '../src/rules/define-rule.ts';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The folder holding a rule's `valid/` and `invalid/` fixture projects. */
export function ruleFixtures(rule: Rule): string {
  return path.join(FIXTURES, 'rules', rule.id);
}

export interface ExpectedFinding {
  file: string;
  line: number;
  /** Checked when given. */
  column?: number;
  /** Related locations as file:line, checked when given. */
  related?: string[];
}

/**
 * RuleTester in the ESLint style, over tiny fixture projects: `valid/` yields no finding of the
 * rule, `invalid/` yields exactly the expected ones (rule id, file, line), in output order.
 */
export function testRule(rule: Rule, expected: { invalid: ExpectedFinding[] }): void {
  describe(rule.id, () => {
    it('reports nothing on its valid fixture', async () => {
      const result = await check({ root: path.join(ruleFixtures(rule), 'valid') });
      expect(result.findings.filter((finding) => finding.ruleId === rule.id)).toEqual([]);
    });

    it('reports exactly the expected findings on its invalid fixture', async () => {
      const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
      const actual = result.findings
        .filter((finding) => finding.ruleId === rule.id)
        .map((finding, index) => {
          const want = expected.invalid[index];
          return {
            file: finding.file,
            line: finding.line,
            ...(want?.column !== undefined ? { column: finding.column } : {}),
            ...(want?.related ? { related: finding.related.map((entry) => `${entry.file}:${entry.line}`) } : {}),
          };
        });
      expect(actual).toEqual(expected.invalid);
    });

    it('has metadata a user can act on', () => {
      expect(rule.id).toMatch(/^([a-z0-9]+\/)?[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.fix.length).toBeGreaterThan(10);
    });
  });
}
