import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.ts';
import { discover } from '../discover/discover.ts';
import { check, type CheckResult } from '../index.ts';
import { rules } from '../rules/index.ts';
import { FIXTURES } from '../../test/rule-tester.ts';
import { buildDeployment, deploymentOptions, judge, splitByStage, textOf } from './analyze.ts';
import { parseFile, type ParsedFile, type ParseOptions } from './parse-file.ts';
import { yamlIgnoreComments } from './suppressions.ts';

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-suppressions-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function tree(files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(scratch, file)), { recursive: true });
    await writeFile(path.join(scratch, file), text);
  }
}

/** `file:line:col rule-id`, and the message of unused-suppression findings (other rules' wording is theirs). */
function described(result: CheckResult): string[] {
  return result.findings.map(
    (finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}${finding.ruleId === 'unused-suppression' ? ` ${finding.message}` : ''}`,
  );
}

async function findings(root = scratch): Promise<string[]> {
  return described(await check({ root }));
}

/** check()'s stages, with every file's text let go once parsed and the parse results passed through JSON (as from the cache or a worker thread). */
async function checkWithoutTexts(root: string): Promise<CheckResult> {
  const { config } = await loadConfig(root);
  const { files, paths, skipped } = await discover(root, config);
  const { deploymentFiles, docFiles } = splitByStage(files);
  const parsed = (stageFiles: typeof files, options: ParseOptions) => stageFiles.map((file) => JSON.parse(JSON.stringify(parseFile(file, options))) as ParsedFile);
  const deployment = buildDeployment(parsed(deploymentFiles, deploymentOptions(config)), config, { paths, text: textOf(deploymentFiles) });
  const docs = parsed(docFiles, deployment.docOptions);
  for (const file of files) file.text = '';
  return judge({ root, files, skipped, config, rules, deployment, docs, paths, timings: undefined });
}

describe('YAML # docdrift-ignore comments', () => {
  const ranges = (text: string) =>
    yamlIgnoreComments('m.yaml', text).map(({ ruleIds, line, comment }) => ({ ruleIds, lines: `${line}-${line}`, at: `${comment.line}:${comment.column}` }));

  it('silence their own line, or the next line with content when alone on a line', () => {
    const text = [
      'kind: Service # docdrift-ignore k8s/dangling-service', // 1
      'metadata:', // 2
      '  # docdrift-ignore a, b -- tracked in #12', // 3
      '', // 4
      '  # an ordinary comment', // 5
      '  name: web', // 6
      '  labels: {}  #docdrift-ignore', // 7
      '# docdrift-ignore trailing', // 8
    ].join('\n');
    expect(ranges(text)).toEqual([
      { ruleIds: ['k8s/dangling-service'], lines: '1-1', at: '1:15' },
      { ruleIds: ['a', 'b'], lines: '6-6', at: '3:3' },
      { ruleIds: ['*'], lines: '7-7', at: '7:15' },
      { ruleIds: ['trailing'], lines: '8-8', at: '8:1' },
    ]);
  });

  it('are not read inside quoted strings or block scalars (an embedded haproxy.cfg keeps its own)', () => {
    const text = [
      'data:', // 1
      '  note: "a # docdrift-ignore x"', // 2
      "  other: 'it''s # docdrift-ignore y'", // 3
      '  haproxy.cfg: |', // 4
      '    # docdrift-ignore haproxy/unused-backend', // 5
      '    backend old', // 6
      '', // 7
      '      server s 127.0.0.1:80 # docdrift-ignore z', // 8
      '  after: 1 # docdrift-ignore after', // 9
      '  list:', // 10
      '    - >-', // 11
      '      # docdrift-ignore folded', // 12
      '    - key: |', // 13
      '        # docdrift-ignore literal', // 14
      '      sibling: x # docdrift-ignore sibling', // 15
      'plain: value#not-a-comment # docdrift-ignore plain', // 16
    ].join('\n');
    expect(ranges(text)).toEqual([
      { ruleIds: ['after'], lines: '9-9', at: '9:12' },
      { ruleIds: ['sibling'], lines: '15-15', at: '15:18' },
      { ruleIds: ['plain'], lines: '16-16', at: '16:28' },
    ]);
  });

  it('handle CRLF line endings and a byte-order mark', () => {
    expect(ranges('\uFEFFkind: Service # docdrift-ignore r\r\n# docdrift-ignore s\r\nname: x\r\n')).toEqual([
      { ruleIds: ['r'], lines: '1-1', at: '1:15' },
      { ruleIds: ['s'], lines: '3-3', at: '2:1' },
    ]);
  });
});

describe('suppressions', () => {
  const fixture = path.join(FIXTURES, 'rules', 'unused-suppression');

  it('of every kind silence their findings (valid fixture) and are reported when unused (invalid fixture)', async () => {
    expect(await findings(path.join(fixture, 'valid'))).toEqual([]);
    expect(await findings(path.join(fixture, 'invalid'))).toEqual([
      'deployment/config/haproxy.cfg:12:1 unused-suppression Unused suppression: # docdrift-ignore names haproxy/unused-backend, but there is no haproxy/unused-backend finding on line 13',
      'deployment/manifests/synapse.yaml:26:3 unused-suppression Unused suppression: # docdrift-ignore names k8s/dangling-service, but there is no k8s/dangling-service finding on line 27',
      "deployment/manifests/synapse.yaml:30:25 unused-suppression Unknown rule id in suppression: annotation docdrift.io/ignore names 'k8s/dangling-servce', which is not a docdrift rule",
      'deployment/manifests/synapse.yaml:30:25 unused-suppression Unused suppression: annotation docdrift.io/ignore names k8s/duplicate-resource, but there is no k8s/duplicate-resource finding on Service matrix/synapse-main',
      'docs/guide.md:5:1 unused-suppression Unused suppression: docdrift-disable-next-line names docs/missing-file, but there is no docs/missing-file finding on line 6',
      'docs/guide.md:8:1 unused-suppression Unused suppression: docdrift-disable silences no finding on lines 8-9',
    ]);
  });

  it('need no file text once parsed: YAML and haproxy.cfg comments still silence, and are reported where they are written', async () => {
    expect(described(await checkWithoutTexts(path.join(fixture, 'valid')))).toEqual([]);
    const invalid = path.join(fixture, 'invalid');
    expect(described(await checkWithoutTexts(invalid))).toEqual(await findings(invalid));
  });

  it('in the valid fixture do silence real findings: without them, the findings come back', async () => {
    await cp(path.join(fixture, 'valid'), scratch, { recursive: true });
    for (const file of ['deployment/config/haproxy.cfg', 'deployment/manifests/synapse.yaml', 'docs/guide.md']) {
      const text = await readFile(path.join(scratch, file), 'utf8');
      const stripped = text
        .split('\n')
        .filter((line) => !/^\s*(# docdrift-ignore|<!-- docdrift-|docdrift\.io\/ignore|annotations:)/.test(line.trim()))
        .map((line) => line.replace(/ # docdrift-ignore.*$/, ''))
        .join('\n');
      await writeFile(path.join(scratch, file), stripped);
    }
    expect((await findings()).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'deployment/config/haproxy.cfg:15:1 haproxy/unused-backend',
      'deployment/manifests/synapse.yaml:40:9 k8s/dangling-service',
      'deployment/manifests/synapse.yaml:51:9 k8s/dangling-service',
      'docs/guide.md:5:5 docs/missing-file',
    ]);
  });

  it('in Markdown: next line, regions and whole files, each tied to its directive', async () => {
    await tree({
      'guide.md': [
        '# Guide', // 1
        '', // 2
        '<!-- docdrift-disable-next-line docs/missing-file -->', // 3
        'See [a](a.md).', // 4
        '', // 5
        '<!-- docdrift-disable docs/missing-file docs/unknown-service -->', // 6
        'See [b](b.md).', // 7
        '<!-- docdrift-enable docs/missing-file -->', // 8
        '', // 9
        'See [c](c.md).', // 10
        '', // 11
        '<!-- docdrift-disable-next-line docs/missing-file -->', // 12
        'Nothing to silence here.', // 13
      ].join('\n'),
      'other.md': '<!-- docdrift-disable-file docs/missing-file -->\n\n# Other\n\nSee [d](d.md).\n',
      'empty.md': '<!-- docdrift-disable-file -->\n\n# Empty\n\nNothing here.\n',
    });
    expect(await findings()).toEqual([
      'empty.md:1:1 unused-suppression Unused suppression: docdrift-disable-file silences no finding on this file',
      'guide.md:6:1 unused-suppression Unused suppression: docdrift-disable names docs/unknown-service, but there is no docs/unknown-service finding on lines 6-13',
      'guide.md:10:5 docs/missing-file',
      'guide.md:12:1 unused-suppression Unused suppression: docdrift-disable-next-line names docs/missing-file, but there is no docs/missing-file finding on line 13',
    ]);
  });

  it('are not reported unused when their rule is turned off, and only silence unused-suppression by name', async () => {
    const guide = '# Guide\n\n<!-- docdrift-disable-next-line docs/missing-file -->\nNothing.\n\n<!-- docdrift-disable-next-line docs/unknown-service -->\nNothing either.\n';
    await tree({ 'guide.md': guide, 'docdrift.config.yaml': 'rules:\n  docs/missing-file: off\n' });
    expect(await findings()).toEqual([
      'guide.md:6:1 unused-suppression Unused suppression: docdrift-disable-next-line names docs/unknown-service, but there is no docs/unknown-service finding on line 7',
    ]);
    // A directive of every rule does not silence the finding about itself; one naming unused-suppression does.
    await writeFile(path.join(scratch, 'guide.md'), `<!-- docdrift-disable-file -->\n${guide}`);
    expect((await findings()).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['guide.md:1:1 unused-suppression', 'guide.md:7:1 unused-suppression']);
    await writeFile(path.join(scratch, 'guide.md'), `<!-- docdrift-disable-file unused-suppression -->\n${guide}`);
    expect(await findings()).toEqual([]);
    await writeFile(path.join(scratch, 'guide.md'), guide);
    await writeFile(path.join(scratch, 'docdrift.config.yaml'), 'rules:\n  unused-suppression: off\n');
    expect(await findings()).toEqual([]);
  });
});
