import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { watchCheck } from '../../src/cli/watch.ts';
import { FIXTURES } from '../rule-tester.ts';

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-watch-'));
  await cp(path.join(FIXTURES, 'seed-after'), scratch, { recursive: true });
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the watch to report');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('re-checks on change and prints only the findings that changed', async () => {
  const stop = new AbortController();
  let output = '';
  let firstCount = -1;
  const watching = watchCheck({ root: scratch }, (result) => (firstCount = result.findings.length), {
    stdout: (text) => (output += text),
    signal: stop.signal,
  });
  try {
    await until(() => firstCount >= 0, 20_000);
    const guide = path.join(scratch, 'deployment/docs/DEPLOYMENT-GUIDE.md');
    // Adding the missing ConfigMap step fixes seed issue 5.
    const text = await readFile(guide, 'utf8');
    await writeFile(guide, text.replace('kubectl apply -f deployment/manifests/07-haproxy.yaml', 'kubectl create configmap haproxy-config --from-file=haproxy.cfg=deployment/config/haproxy.cfg -n matrix\nkubectl apply -f deployment/manifests/07-haproxy.yaml'));
    await until(() => output.includes('fixed'), 20_000);
  } finally {
    stop.abort();
    await watching;
  }
  expect(output.split('\n').filter(Boolean)).toEqual([
    expect.stringMatching(/^- deployment\/docs\/DEPLOYMENT-GUIDE\.md:221:18 {2}error {2}The guide applies .* docs\/missing-creation-step$/),
    `0 new, 1 fixed; now ${firstCount - 2} errors, 1 warning, 0 infos`,
  ]);
}, 60_000);
