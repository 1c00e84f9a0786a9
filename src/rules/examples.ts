/**
 * A rule's bad and good example: its test fixtures, test/fixtures/rules/<rule-id>/{invalid,valid}/,
 * the very folders its RuleTester test runs (the package ships them, see `files`). The findings
 * are computed when asked, by checking the fixture, so an example can never disagree with the rule.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../engine/finding.ts';
import { check } from '../index.ts';
import type { Rule } from './define-rule.ts';

/** The folder of every rule's fixtures, in the repository and in the installed package alike. */
export const RULE_FIXTURES = fileURLToPath(new URL('../../test/fixtures/rules/', import.meta.url));

/** Files up to this many lines are shown whole; longer ones as excerpts around what matters. */
const WHOLE_FILE_LINES = 40;
/** Lines of context around a finding or a change. */
const CONTEXT = 3;

/** Consecutive lines of a file, first line number `from` (1-based). */
export interface Excerpt {
  from: number;
  lines: string[];
}

export interface ExampleFile {
  /** Relative to the example folder, POSIX separators. */
  path: string;
  /** Number of lines in the file. */
  lineCount: number;
  /** The whole file (one excerpt from line 1), or the parts around findings and changes. */
  excerpts: Excerpt[];
}

export interface Example {
  /** The fixture folder, relative to the package root: `test/fixtures/rules/<id>/invalid`. */
  folder: string;
  files: ExampleFile[];
  /** The findings of the rule on this folder (paths relative to it). */
  findings: Finding[];
}

export interface RuleExamples {
  bad: Example;
  good: Example;
}

/** The folder of a rule's `valid/` and `invalid/` fixtures. */
export function ruleFixtureFolder(rule: Pick<Rule, 'id'>): string {
  return path.join(RULE_FIXTURES, ...rule.id.split('/'));
}

/**
 * The bad example shows the files with findings or related places, and those the good example
 * changes; the good example shows the files it changes, adds or removes. Long files are cut
 * to excerpts around finding lines and changed lines.
 */
export async function ruleExamples(rule: Rule): Promise<RuleExamples> {
  const folder = ruleFixtureFolder(rule);
  const invalidRoot = path.join(folder, 'invalid');
  const validRoot = path.join(folder, 'valid');
  const [invalidFiles, validFiles] = await Promise.all([readTree(invalidRoot), readTree(validRoot)]);
  const [invalidResult, validResult] = await Promise.all([check({ root: invalidRoot }), check({ root: validRoot })]);
  const badFindings = invalidResult.findings.filter((finding) => finding.ruleId === rule.id);
  const goodFindings = validResult.findings.filter((finding) => finding.ruleId === rule.id);

  const badLines = new Map<string, Set<number>>();
  const goodLines = new Map<string, Set<number>>();
  const mark = (lines: Map<string, Set<number>>, file: string, line: number) => lines.set(file, (lines.get(file) ?? new Set()).add(line));
  for (const finding of badFindings) {
    mark(badLines, finding.file, finding.line);
    for (const related of finding.related) mark(badLines, related.file, related.line);
  }
  for (const finding of goodFindings) mark(goodLines, finding.file, finding.line);
  for (const file of new Set([...invalidFiles.keys(), ...validFiles.keys()])) {
    const before = invalidFiles.get(file);
    const after = validFiles.get(file);
    if (before === after) continue;
    const { removed, added } = changedLines(before === undefined ? [] : splitLines(before), after === undefined ? [] : splitLines(after));
    if (before !== undefined) for (const line of removed.size > 0 ? removed : [1]) mark(badLines, file, line);
    if (after !== undefined) for (const line of added.size > 0 ? added : [1]) mark(goodLines, file, line);
  }
  const example = (root: string, texts: Map<string, string>, lines: Map<string, Set<number>>, findings: Finding[]): Example => ({
    folder: path.relative(path.join(RULE_FIXTURES, '..', '..', '..'), root).split(path.sep).join('/'),
    files: [...lines.keys()]
      .filter((file) => texts.has(file))
      .sort()
      .map((file) => exampleFile(file, texts.get(file)!, lines.get(file)!)),
    findings,
  });
  return {
    bad: example(invalidRoot, invalidFiles, badLines, badFindings),
    good: example(validRoot, validFiles, goodLines, goodFindings),
  };
}

function exampleFile(file: string, text: string, marked: Set<number>): ExampleFile {
  const lines = splitLines(text);
  if (lines.length <= WHOLE_FILE_LINES) return { path: file, lineCount: lines.length, excerpts: [{ from: 1, lines }] };
  const ranges: [number, number][] = [];
  for (const line of [...marked].sort((a, b) => a - b)) {
    const from = Math.max(1, line - CONTEXT);
    const to = Math.min(lines.length, line + CONTEXT);
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1] + 2) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  return { path: file, lineCount: lines.length, excerpts: ranges.map(([from, to]) => ({ from, lines: lines.slice(from - 1, to) })) };
}

/** Every file below a folder, by POSIX relative path. */
async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(path.join(root, dir), { withFileTypes: true });
    for (const entry of entries) {
      const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) await walk(relative);
      else if (entry.isFile()) {
        const bytes = await readFile(path.join(root, relative));
        files.set(relative, bytes.includes(0) ? `(binary file, ${bytes.length} bytes)` : bytes.toString('utf8'));
      }
    }
  };
  await walk('');
  return files;
}

/** Lines of a text, without the empty string after a final newline. */
function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Line numbers (1-based) outside a longest common subsequence: removed from `before`, added in `after`. */
export function changedLines(before: string[], after: string[]): { removed: Set<number>; added: Set<number> } {
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: LCS length of before[i..] and after[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const removed = new Set<number>();
  const added = new Set<number>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) removed.add(++i);
    else added.add(++j);
  }
  while (i < n) removed.add(++i);
  while (j < m) added.add(++j);
  return { removed, added };
}
