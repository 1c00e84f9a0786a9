import type { CheckResult } from '../engine/analyze.ts';
import type { Finding } from '../engine/finding.ts';
import type { Severity } from '../model/types.ts';

export interface StylishOptions {
  color: boolean;
}

const SEVERITY_COLOR: Record<Severity, number> = { error: 31, warning: 33, info: 36 };

/** Human output grouped by file, `file:line:col  severity  message  rule-id`, related places beneath. Empty when clean. */
export function formatStylish(result: CheckResult, options: StylishOptions): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[39m` : text);
  const dim = (text: string) => (options.color ? `\u001b[2m${text}\u001b[22m` : text);
  const bold = (text: string) => (options.color ? `\u001b[1m${text}\u001b[22m` : text);
  if (result.findings.length === 0) return '';

  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  const lines: string[] = [];
  for (const [file, findings] of byFile) {
    lines.push(bold(file));
    for (const finding of findings) {
      const where = `${finding.file}:${finding.line}:${finding.column}`;
      lines.push(`  ${where}  ${paint(SEVERITY_COLOR[finding.severity], finding.severity)}  ${finding.message}  ${dim(finding.ruleId)}`);
      for (const related of finding.related) {
        lines.push(dim(`      ↳ ${related.file}:${related.line}:${related.column}  ${related.message}`));
      }
    }
    lines.push('');
  }
  const { errors, warnings, infos } = result.summary;
  const total = errors + warnings + infos;
  const summary = `✖ ${total} ${plural(total, 'problem')} (${severityCounts(result.summary)})`;
  lines.push(bold(paint(errors > 0 ? 31 : warnings > 0 ? 33 : 36, summary)));
  return `${lines.join('\n')}\n`;
}

/** "2 errors, 1 warning, 0 infos". */
export function severityCounts({ errors, warnings, infos }: { errors: number; warnings: number; infos: number }): string {
  return `${errors} ${plural(errors, 'error')}, ${warnings} ${plural(warnings, 'warning')}, ${infos} ${plural(infos, 'info')}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
