import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { formatSarif } from '../../src/reporters/sarif.ts';
import { rules } from '../../src/rules/index.ts';
import { DANGLING, SELECTOR, SKIPPED, UNUSED, writeProject } from './project.ts';
import { runCli } from './run-cli.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const exec = promisify(execFile);

let scratch: string;
/** The project root as the CLI prints it: relative to the working directory. */
let root: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-formats-'));
  await writeProject(scratch);
  root = path.relative(process.cwd(), scratch);
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const stylish = () => `chart.yaml
  chart.yaml:4:9  info  ${SKIPPED}  skipped-file

haproxy.cfg
  haproxy.cfg:14:1  warning  ${UNUSED}  haproxy/unused-backend

service.yaml
  service.yaml:4:9  error  ${DANGLING}  k8s/dangling-service
      ↳ service.yaml:8:10  ${SELECTOR}

✖ 3 problems (1 error, 1 warning, 1 info)
`;

const json = () => `{
  "version": 1,
  "root": "${root}",
  "summary": {
    "errors": 1,
    "warnings": 1,
    "infos": 1,
    "files": 3
  },
  "findings": [
    {
      "ruleId": "skipped-file",
      "severity": "info",
      "impact": "low",
      "message": "${SKIPPED}",
      "file": "chart.yaml",
      "line": 4,
      "column": 9,
      "endLine": 4,
      "endColumn": 28,
      "related": []
    },
    {
      "ruleId": "haproxy/unused-backend",
      "severity": "warning",
      "impact": "low",
      "message": "${UNUSED}",
      "file": "haproxy.cfg",
      "line": 14,
      "column": 1,
      "endLine": 14,
      "endColumn": 12,
      "related": []
    },
    {
      "ruleId": "k8s/dangling-service",
      "severity": "error",
      "impact": "high",
      "message": "${DANGLING}",
      "file": "service.yaml",
      "line": 4,
      "column": 9,
      "endLine": 4,
      "endColumn": 12,
      "related": [
        {
          "file": "service.yaml",
          "line": 8,
          "column": 10,
          "endLine": 8,
          "endColumn": 13,
          "message": "${SELECTOR}"
        }
      ],
      "units": [
        "."
      ]
    }
  ]
}
`;

const github = () =>
  [
    `::notice file=${root}/chart.yaml,line=4,col=9,endLine=4,endColumn=28,title=docdrift(skipped-file)::${SKIPPED}`,
    `::warning file=${root}/haproxy.cfg,line=14,col=1,endLine=14,endColumn=12,title=docdrift(haproxy/unused-backend)::${UNUSED}`,
    `::error file=${root}/service.yaml,line=4,col=9,endLine=4,endColumn=12,title=docdrift(k8s/dangling-service)::${DANGLING} (related: ${root}/service.yaml:8 ${SELECTOR})`,
    '',
  ].join('\n');

const junit = () => {
  const xml = (text: string) => text.replace(/'/g, '&apos;');
  const failures: Record<string, string[]> = {
    'haproxy/unused-backend': [`      <failure type="warning" message="${xml(UNUSED)}">${root}/haproxy.cfg:14:1 ${xml(UNUSED)}</failure>`],
    'k8s/dangling-service': [
      `      <failure type="error" message="${DANGLING}">${root}/service.yaml:4:9 ${DANGLING}`,
      `  related: ${root}/service.yaml:8:10 ${SELECTOR}</failure>`,
    ],
    'skipped-file': [`      <failure type="info" message="${SKIPPED}">${root}/chart.yaml:4:9 ${SKIPPED}</failure>`],
  };
  const counts = `tests="${rules.length}" failures="3" errors="0" skipped="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="docdrift" ${counts}>`,
    `  <testsuite name="docdrift" ${counts}>`,
    ...rules.flatMap((rule) => {
      const failure = failures[rule.id];
      const name = `<testcase classname="docdrift" name="${rule.id}"`;
      return failure ? [`    ${name}>`, ...failure, '    </testcase>'] : [`    ${name}/>`];
    }),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};

describe('docdrift check --format', () => {
  it('stylish (the default) prints findings grouped by file, related places beneath, then a summary', async () => {
    expect(await runCli(['check', scratch])).toEqual({ code: 1, stdout: stylish(), stderr: '' });
    expect(await runCli(['check', scratch, '--format', 'stylish'])).toEqual({ code: 1, stdout: stylish(), stderr: '' });
  });

  it('stylish is coloured on a terminal, unless NO_COLOR or --no-color', async () => {
    const coloured = await runCli(['check', scratch], { isTTY: true });
    expect(coloured.stdout).toContain('\u001b[31merror\u001b[39m');
    expect((await runCli(['check', scratch], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).toBe(stylish());
    expect((await runCli(['check', scratch, '--no-color'], { isTTY: true })).stdout).toBe(stylish());
  });

  it('json', async () => {
    expect(await runCli(['check', scratch, '-f', 'json'])).toEqual({ code: 1, stdout: json(), stderr: '' });
  });

  it('github', async () => {
    expect(await runCli(['check', scratch, '-f', 'github'])).toEqual({ code: 1, stdout: github(), stderr: '' });
  });

  it('junit', async () => {
    expect(await runCli(['check', scratch, '-f', 'junit'])).toEqual({ code: 1, stdout: junit(), stderr: '' });
  });

  it('sarif: the reporter output, valid SARIF 2.1.0 (scripts/validate-sarif.mjs)', async () => {
    const run = await runCli(['check', scratch, '-f', 'sarif']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(formatSarif(await check({ root: scratch }), { color: false }));
    const results = (JSON.parse(run.stdout) as { runs: { results: { ruleId: string; level: string; message: { text: string } }[] }[] }).runs[0]!.results;
    expect(results.map(({ ruleId, level, message }) => `${level} ${ruleId} ${message.text}`)).toEqual([
      `note skipped-file ${SKIPPED}`,
      `warning haproxy/unused-backend ${UNUSED}`,
      `error k8s/dangling-service ${DANGLING}`,
    ]);
    const file = path.join(scratch, 'out.sarif');
    await writeFile(file, run.stdout);
    const validated = await exec(process.execPath, [path.join(REPO, 'scripts', 'validate-sarif.mjs'), file]);
    expect(validated.stdout).toBe(`${file}: valid SARIF 2.1.0 (3 results)\n`);
  });

  it('writes several formats in one run, pairing the Nth --output with the Nth --format', async () => {
    const sarif = path.join(scratch, 'reports', 'docdrift.sarif');
    const run = await runCli(['check', scratch, '--format', 'stylish', '--format', 'sarif', '--output', '-', '--output', sarif]);
    expect(run).toEqual({ code: 1, stdout: stylish(), stderr: '' });
    expect(await readFile(sarif, 'utf8')).toBe((await runCli(['check', scratch, '-f', 'sarif'])).stdout);

    const [a, b, c] = ['a.json', 'b.txt', 'c.xml'].map((name) => path.join(scratch, name));
    const three = await runCli(['check', scratch, '-f', 'json', '-f', 'github', '-f', 'junit', '-o', a!, '-o', b!, '-o', c!], { isTTY: true });
    expect(three).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(await readFile(a!, 'utf8')).toBe(json());
    expect(await readFile(b!, 'utf8')).toBe(github());
    expect(await readFile(c!, 'utf8')).toBe(junit());
  });

  it('writes one report to --output, never coloured', async () => {
    const out = path.join(scratch, 'out.txt');
    expect(await runCli(['check', scratch, '-o', out], { isTTY: true })).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(await readFile(out, 'utf8')).toBe(stylish());
  });

  it('exits 2 when formats and outputs do not pair up', async () => {
    const usage = async (...args: string[]) => {
      const run = await runCli(['check', scratch, ...args]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      return run.stderr;
    };
    expect(await usage('-f', 'stylish', '-f', 'sarif')).toBe(
      'docdrift: 2 formats need 2 outputs: give one --output per --format, in the same order (- for standard output)\n',
    );
    expect(await usage('-f', 'stylish', '-f', 'sarif', '-o', 'x.sarif')).toBe(
      'docdrift: 2 formats but 1 outputs: give one --output per --format, in the same order (- for standard output)\n',
    );
    expect(await usage('-o', 'a', '-o', 'b')).toBe('docdrift: 1 format but 2 outputs: give one --output per --format, in the same order (- for standard output)\n');
    expect(await usage('-f', 'json', '-f', 'sarif', '-o', '-', '-o', '-')).toBe('docdrift: only one format can be written to standard output (-)\n');
    expect(await usage('-f', 'json', '-f', 'sarif', '-o', 'same', '-o', 'same')).toBe('docdrift: --output same is given twice\n');
    expect(await usage('-f', 'xml')).toBe("docdrift: unknown format 'xml', expected one of: github, json, junit, sarif, stylish\n");
  });

  it('exits 2 when an output cannot be written', async () => {
    await writeFile(path.join(scratch, 'file'), '');
    const run = await runCli(['check', scratch, '-o', path.join(scratch, 'file', 'out.txt')]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `docdrift: cannot write ${path.join(scratch, 'file', 'out.txt')}: EEXIST\n` });
  });
});
