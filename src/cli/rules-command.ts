import type { Finding } from '../engine/finding.ts';
import type { Rule } from '../rules/define-rule.ts';
import type { Example, RuleExamples } from '../rules/examples.ts';

const WIDTH = 100;

/** `docdrift rules`: one row per rule, its default severity, impact and description. */
export function rulesTable(rules: readonly Rule[]): string {
  const head = ['RULE', 'SEVERITY', 'IMPACT', 'DESCRIPTION'];
  const rows = rules.map((rule) => [rule.id, rule.severity, rule.impact, rule.description]);
  const widths = [0, 1, 2].map((column) => Math.max(...[head, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ');
  return `${[head, ...rows].map(line).join('\n')}\n\n${rules.length} rules. 'docdrift rules RULE-ID' explains one, with a bad and a good example.\n`;
}

/** `docdrift rules --format markdown`: the table of the README's Rules section. */
export function rulesMarkdownTable(rules: readonly Rule[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| rule | severity | impact | finds |',
    '| --- | --- | --- | --- |',
    ...rules.map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${rule.impact} | ${cell(rule.title)} |`),
    '',
  ].join('\n');
}

/** `docdrift rules RULE-ID`: the full explanation, then the bad and good examples with what docdrift reports on them. */
export function explainRule(rule: Rule, examples: RuleExamples): string {
  const out: string[] = [];
  out.push(`${rule.id}: ${rule.title}`, '');
  out.push(`Default severity: ${rule.severity}. Impact: ${rule.impact}.`, '');
  out.push(...wrap(rule.description), '');
  for (const paragraph of rule.docs.split(/\n\s*\n/).filter((text) => text.trim() !== '')) out.push(...wrap(paragraph), '');
  out.push(...wrap(`What breaks: ${rule.consequence}`), '');
  out.push(...wrap(`Fix: ${rule.fix}`), '');
  out.push(...exampleLines('Bad example', examples.bad, rule), '');
  out.push(...exampleLines('Good example', examples.good, rule), '');
  out.push(
    ...wrap(
      `Configure it in docdrift.config.yaml with rules: { ${rule.id}: off | info | warning | error }. Silence one finding where it is written: ${suppressionHint(rule)}.`,
    ),
  );
  return `${out.join('\n')}\n`;
}

function exampleLines(title: string, example: Example, rule: Rule): string[] {
  const out = [`${title} (${example.folder}):`, ''];
  for (const file of example.files) {
    const whole = file.excerpts.length === 1 && file.excerpts[0]!.from === 1 && file.excerpts[0]!.lines.length === file.lineCount;
    out.push(`  ${file.path}${whole ? '' : ` (excerpts of ${file.lineCount} lines)`}`);
    const digits = String(file.lineCount).length;
    file.excerpts.forEach((excerpt, index) => {
      if (index > 0 || excerpt.from > 1) out.push(`  ${' '.repeat(digits)} ┆`);
      excerpt.lines.forEach((text, offset) => out.push(`  ${String(excerpt.from + offset).padStart(digits)} │ ${text}`.trimEnd()));
    });
    const last = file.excerpts[file.excerpts.length - 1];
    if (last && last.from + last.lines.length - 1 < file.lineCount) out.push(`  ${' '.repeat(digits)} ┆`);
    out.push('');
  }
  if (example.findings.length === 0) {
    out.push(`  docdrift check reports no ${rule.id} finding here.`);
  } else {
    out.push(`  docdrift check reports:`);
    for (const finding of example.findings) out.push(...findingLines(finding));
  }
  return out;
}

function findingLines(finding: Finding): string[] {
  return [
    `    ${finding.file}:${finding.line}:${finding.column}  ${finding.severity}  ${finding.message}`,
    ...finding.related.map((related) => `        ↳ ${related.file}:${related.line}:${related.column}  ${related.message}`),
  ];
}

function suppressionHint(rule: Rule): string {
  const area = rule.id.split('/')[0];
  if (area === 'docs') return `<!-- docdrift-disable-next-line ${rule.id} --> above the Markdown line`;
  if (area === 'haproxy') return `# docdrift-ignore ${rule.id} at the end of the haproxy.cfg line or alone above it`;
  if (area === 'k8s' || area === 'synapse') return `# docdrift-ignore ${rule.id} on the YAML line (or alone above it), or the annotation docdrift.io/ignore: ${rule.id} on the object`;
  return `a docdrift-ignore comment, docdrift.io/ignore annotation or docdrift-disable-next-line directive naming ${rule.id}`;
}

/** Greedy word wrap at WIDTH columns. */
function wrap(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current !== '' && current.length + 1 + word.length > WIDTH) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(current);
  return lines;
}
