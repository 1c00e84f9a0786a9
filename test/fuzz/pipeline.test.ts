/**
 * Property tests of the whole pipeline (`analyze`) on generated mini-repositories: it never
 * throws, every finding (and related place) points inside its file, and the findings are
 * sorted and deterministic: the same twice, and the same whatever order the files come in.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/load.ts';
import { analyze } from '../../src/engine/analyze.ts';
import { compareFindings } from '../../src/engine/finding.ts';
import { rules } from '../../src/rules/index.ts';
import { miniRepo, type RepoFile } from './arbitraries.ts';
import { FileLines, formatViolations, positionViolations } from './positions.ts';
import { fc, runs, timeout } from './setup.ts';

const config = defaultConfig();

function run(files: RepoFile[]) {
  const result = analyze('.', files.map((file) => ({ ...file, size: file.text.length })), [], config, rules);
  return JSON.stringify({ findings: result.findings, summary: result.summary });
}

describe('pipeline fuzz', () => {
  it(
    'analyzes any mini-repo: findings inside their files, sorted, the same twice and in any file order',
    () => {
      fc.assert(
        fc.property(
          miniRepo.chain((files) => fc.tuple(fc.constant(files), fc.shuffledSubarray(files, { minLength: files.length, maxLength: files.length }))),
          ([files, shuffled]) => {
            const result = analyze('.', files.map((file) => ({ ...file, size: file.text.length })), [], config, rules);
            const lines = new Map(files.map((file) => [file.path, new FileLines(file.text, file.role === 'doc' ? 'markdown' : 'lf')]));
            const violations = positionViolations(result.findings, lines, '');
            if (violations.length > 0) throw new Error(formatViolations(violations));
            for (let i = 1; i < result.findings.length; i++) expect(compareFindings(result.findings[i - 1]!, result.findings[i]!)).toBeLessThanOrEqual(0);
            const once = JSON.stringify({ findings: result.findings, summary: result.summary });
            expect(run(files)).toBe(once);
            expect(run(shuffled)).toBe(once);
          },
        ),
        { numRuns: runs(60) },
      );
    },
    timeout(60, 90_000),
  );
});
