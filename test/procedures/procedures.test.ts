/**
 * Procedures as an operator reads them (REAL-WORLD-SHAPES.md sections 3 and 5): one fixture per
 * shape under test/fixtures/procedures/, each checked end to end, with the exact docs findings
 * (rule, file:line) it must give: silent where an operator sees no drift, found where there is.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { FIXTURES } from '../rule-tester.ts';

async function docsFindings(fixture: string): Promise<string[]> {
  const result = await check({ root: path.join(FIXTURES, 'procedures', fixture) });
  return result.findings.filter((finding) => finding.ruleId.startsWith('docs/')).map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`);
}

describe('procedures', () => {
  it('made-files: files the guide had the reader make, placeholders and remote targets are no missing files; edited files must exist', async () => {
    expect(await docsFindings('made-files')).toEqual([
      // The one applied manifest that neither the repository nor an earlier step has.
      'docs/missing-file docs/backup.md:45',
      // "Edit `x`" names a file that must exist.
      'docs/missing-file docs/backup.md:50',
    ]);
  });
});
