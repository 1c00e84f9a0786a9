import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.ts';
import { FIXTURES, ruleFixtures } from '../rule-tester.ts';

const REPO = path.resolve(FIXTURES, '..', '..');

/** Every rule is documented, tested and has the fixtures `docdrift rules RULE-ID` prints. */
describe.each(rules.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  it('has a title, a consequence and docs', () => {
    // The review prints it as `#### 12. TITLE (CRITICAL)`, which markdownlint keeps within 80 columns.
    expect(rule.title, 'title: a short heading, at most 60 characters').toMatch(/^\S.{10,59}$/);
    expect(rule.title, 'a title is a heading, without a final period').not.toMatch(/\.$/);
    expect(rule.consequence ?? '', 'consequence').toMatch(/^\S.{30,}[.!]$/);
    expect((rule.consequence ?? '').split(/[.!?](?:\s|$)/).filter(Boolean).length, 'consequence: one or two sentences').toBeLessThanOrEqual(2);
    const paragraphs = (rule.docs ?? '').split(/\n\s*\n/);
    expect(paragraphs.length, 'docs: a few paragraphs').toBeGreaterThanOrEqual(2);
    for (const paragraph of paragraphs) expect(paragraph.trim().length, 'docs paragraph').toBeGreaterThan(40);
    expect(rule.docs, 'docs say what does not count (the near-misses)').toMatch(/what does not/i);
  });

  it('has a valid/ and an invalid/ fixture folder', () => {
    for (const side of ['valid', 'invalid']) {
      const folder = path.join(ruleFixtures(rule), side);
      expect(existsSync(folder) && statSync(folder).isDirectory(), `${path.relative(REPO, folder)} exists`).toBe(true);
      expect(readdirSync(folder, { recursive: true }).length, `${path.relative(REPO, folder)} is not empty`).toBeGreaterThan(0);
    }
  });

  it('has a RuleTester test beside it', () => {
    const test = path.join(REPO, 'src', 'rules', `${rule.id}.test.ts`);
    expect(existsSync(test), `${path.relative(REPO, test)} exists`).toBe(true);
    const text = readFileSync(test, 'utf8');
    expect(text).toContain('testRule(');
    expect(text).toContain(`from './${rule.id.split('/').pop()}.ts'`);
  });
});

describe('rule fixtures', () => {
  it('belong to registered rules', () => {
    const ids = new Set(rules.map((rule) => rule.id));
    const folders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(FIXTURES, 'rules', dir), { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
        if (existsSync(path.join(FIXTURES, 'rules', relative, 'invalid')) || existsSync(path.join(FIXTURES, 'rules', relative, 'valid'))) folders.push(relative);
        else walk(relative);
      }
    };
    walk('');
    expect(folders.filter((folder) => !ids.has(folder))).toEqual([]);
  });
});
