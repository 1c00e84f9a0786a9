import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesMarkdownTable, rulesTable } from '../../src/cli/rules-command.ts';
import { check } from '../../src/index.ts';
import { ruleExamples, type RuleExamples } from '../../src/rules/examples.ts';
import { rules } from '../../src/rules/index.ts';
import { FIXTURES, ruleFixtures } from '../rule-tester.ts';
import { runCli } from './run-cli.ts';

const REPO = path.resolve(FIXTURES, '..', '..');

describe('docdrift rules', () => {
  it('lists every rule with its severity, impact and description, in a table', async () => {
    const run = await runCli(['rules']);
    expect(run).toEqual({ code: 0, stdout: rulesTable(rules), stderr: '' });
    const lines = run.stdout.split('\n');
    // The first column is as wide as the longest rule id.
    const width = Math.max(...rules.map((rule) => rule.id.length));
    expect(lines[0]).toBe(`${'RULE'.padEnd(width)}  SEVERITY  IMPACT    DESCRIPTION`);
    expect(lines.slice(1, rules.length + 1)).toEqual(
      rules.map((rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(8)}  ${rule.impact.padEnd(8)}  ${rule.description}`),
    );
    expect(lines.slice(rules.length + 1)).toEqual(['', `${rules.length} rules. 'docdrift rules RULE-ID' explains one, with a bad and a good example.`, '']);
  });

  it('prints the Markdown table that the README carries', async () => {
    const run = await runCli(['rules', '--format', 'markdown']);
    expect(run).toEqual({ code: 0, stdout: rulesMarkdownTable(rules), stderr: '' });
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      '| rule | severity | impact | finds |',
      '| --- | --- | --- | --- |',
      `| \`${rules[0]!.id}\` | ${rules[0]!.severity} | ${rules[0]!.impact} | ${rules[0]!.title} |`,
    ]);
    const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
    expect(readme, 'README.md rules table is stale: paste `docdrift rules --format markdown`').toContain(run.stdout);
  });

  it('explains one rule with its fixtures as the bad and the good example', async () => {
    const run = await runCli(['rules', 'unused-suppression']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    await expect(run.stdout).toMatchFileSnapshot('expected/rules-unused-suppression.txt');
  });

  it('prints the explanation as JSON too', async () => {
    const run = await runCli(['rules', 'haproxy/unknown-service', '--format', 'json']);
    const rule = rules.find((candidate) => candidate.id === 'haproxy/unknown-service')!;
    const parsed = JSON.parse(run.stdout) as { id: string; title: string; examples: RuleExamples };
    expect(parsed.id).toBe(rule.id);
    expect(parsed.title).toBe(rule.title);
    expect(parsed.examples).toEqual(JSON.parse(JSON.stringify(await ruleExamples(rule))));
  });

  it('exits 2 on an unknown rule, suggesting the full id', async () => {
    expect(await runCli(['rules', 'nope'])).toEqual({ code: 2, stdout: '', stderr: "docdrift: unknown rule 'nope'; 'docdrift rules' lists them\n" });
    expect(await runCli(['rules', 'unused-backend'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "docdrift: unknown rule 'unused-backend' (did you mean haproxy/unused-backend?); 'docdrift rules' lists them\n",
    });
    expect((await runCli(['rules', '--format', 'xml'])).stderr).toBe("docdrift: unknown rules format 'xml', expected text, markdown or json\n");
  });
});

describe('rule examples', () => {
  it.each(rules.map((rule) => [rule.id, rule] as const))('%s: are the fixtures its tests run, with the findings docdrift reports on them', async (_id, rule) => {
    const examples = await ruleExamples(rule);
    const folder = path.relative(REPO, ruleFixtures(rule)).split(path.sep).join('/');
    expect(examples.bad.folder).toBe(`${folder}/invalid`);
    expect(examples.good.folder).toBe(`${folder}/valid`);
    const invalid = (await check({ root: path.join(ruleFixtures(rule), 'invalid') })).findings.filter((finding) => finding.ruleId === rule.id);
    expect(examples.bad.findings).toEqual(invalid);
    expect(examples.bad.findings.length).toBeGreaterThan(0);
    expect(examples.good.findings).toEqual([]);
    // Every finding's file is shown, and the good example shows what changed.
    const shown = new Set(examples.bad.files.map((file) => file.path));
    for (const finding of examples.bad.findings) expect(shown).toContain(finding.file);
    expect(examples.good.files.length).toBeGreaterThan(0);
  });
});
