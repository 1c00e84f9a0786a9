import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from './undeployed-worker.ts';
import { check } from '../../index.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

const DEPLOYED = ['deployment/manifests/04-synapse-main.yaml:5', 'deployment/manifests/06-synapse-workers.yaml:29'];

testRule(rule, {
  invalid: [
    // A table row, then prose about the same kind two lines later: one finding, at the first mention.
    { file: 'docs/architecture.md', line: 12, column: 3, related: DEPLOYED },
    // After "## Future expansion" ends, the next "## Federation" section is current again.
    { file: 'docs/scaling.md', line: 11, column: 45 },
    // <!-- docdrift scope=current --> overrides a heading that reads as optional.
    { file: 'docs/scaling.md', line: 17, column: 5 },
  ],
});

describe('docs/undeployed-worker and the Markdown suppression directives', () => {
  it('reports what docdrift-disable-next-line, docdrift-disable/enable and docdrift-disable-file silence in the valid fixture, once they are removed', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'docdrift-directives-'));
    try {
      await cp(path.join(ruleFixtures(rule), 'valid'), root, { recursive: true });
      for (const name of await readdir(path.join(root, 'docs'))) {
        const file = path.join(root, 'docs', name);
        // Blank the comments out in place, so every line keeps its number.
        const text = await readFile(file, 'utf8');
        await writeFile(file, text.replace(/<!--\s*docdrift-(?:disable|enable)[^]*?-->/g, ''));
      }
      const result = await check({ root });
      const found = result.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => `${finding.file}:${finding.line}:${finding.column}`);
      expect(found).toEqual([
        'docs/architecture.md:71:1', // was docdrift-disable-next-line docs/undeployed-worker: pusher workers
        'docs/architecture.md:74:1', // inside docdrift-disable … docdrift-enable: appservice workers
        'docs/architecture.md:76:5', // same region: the background tasks worker
        'docs/bridges.md:4:27', // docdrift-disable-file docs/undeployed-worker: appservice workers
        'docs/bridges.md:4:62', // and the user directory worker
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
