import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../index.ts';
import { removeScratchRoots, scratchRoot } from '../../../test/hostile/support.ts';
import { testRule } from '../../../test/rule-tester.ts';
import rule from './unverifiable-link.ts';

testRule(rule, {
  invalid: [
    // A relative link that climbs out of the checked folder.
    { file: 'README.md', line: 3, column: 15 },
  ],
});

afterAll(removeScratchRoots);

describe('links starting with / in a folder below the git repository root', () => {
  it('are read from the repository root: inside the checked folder they must exist, outside they are not verified', async () => {
    const repository = await scratchRoot({
      'docs/purpose.md': '# Purpose\n',
      'deploy/k8s/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n',
      'deploy/README.md': [
        '# Deploy',
        '',
        'Why: [purpose](/docs/purpose.md). What: [the app](/deploy/k8s/app.yaml).',
        'Gone: [the old app](/deploy/k8s/old.yaml). Elsewhere: [the API](/api/README.md).',
        '',
      ].join('\n'),
    });
    execFileSync('git', ['init', '-q'], { cwd: repository });
    const result = await check({ root: `${repository}/deploy` });
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}:${finding.column}`)).toEqual([
      'docs/unverifiable-link README.md:3:6',
      'docs/missing-file README.md:4:7',
      'docs/unverifiable-link README.md:4:55',
    ]);
  });
});
