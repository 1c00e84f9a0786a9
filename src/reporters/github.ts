import path from 'node:path';
import type { CheckResult } from '../engine/analyze.ts';
import type { Finding } from '../engine/finding.ts';
import type { Severity } from '../model/types.ts';
import type { ReporterOptions } from './index.ts';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one annotation per finding:
 * `::error file=F,line=L,col=C,endLine=E,endColumn=EC,title=docdrift(rule-id)::MESSAGE`.
 * Paths are the checked root joined with the finding's file, so they are relative to the
 * working directory (the workspace in a workflow) and the annotation lands on the file.
 * Empty when there are no findings.
 */
export function formatGithub(result: CheckResult, _options?: ReporterOptions): string {
  if (result.findings.length === 0) return '';
  return result.findings.map((finding) => annotation(result.root, finding)).join('\n') + '\n';
}

function annotation(root: string, finding: Finding): string {
  const properties = [
    ['file', displayPath(root, finding.file)],
    ['line', String(finding.line)],
    ['col', String(finding.column)],
    ['endLine', String(finding.endLine)],
    ['endColumn', String(finding.endColumn)],
    ['title', `docdrift(${finding.ruleId})`],
  ]
    .map(([key, value]) => `${key}=${escapeProperty(value!)}`)
    .join(',');
  const related = finding.related.map((entry) => `${displayPath(root, entry.file)}:${entry.line} ${entry.message}`);
  const message = related.length === 0 ? finding.message : `${finding.message} (related: ${related.join('; ')})`;
  return `::${COMMAND[finding.severity]} ${properties}::${escapeData(message)}`;
}

/** A root-relative file as seen from the working directory, POSIX separators. */
export function displayPath(root: string, file: string): string {
  return root === '' || root === '.' ? file : path.posix.join(root, file);
}

/** Workflow-command message escaping. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Workflow-command property escaping: the data rules plus `:` and `,`, which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
