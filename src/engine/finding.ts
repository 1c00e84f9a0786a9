import type { Impact, Severity, Source } from '../model/types.ts';

export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** One reported problem; the JSON reporter prints exactly these fields. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  impact: Impact;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: RelatedLocation[];
  /** The deployment units that apply the file (several for a kustomize base or a component); absent outside manifests. */
  units?: string[];
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
}

export function relatedAt(at: Source, message: string): RelatedLocation {
  return { file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, message };
}

/** How serious each severity is: a higher number is more serious. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

/** Sort order of findings everywhere: file, line, column, rule id, then message for a total order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

/** Locale-independent comparison, so output is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function summarize(findings: Finding[], files: number): Summary {
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info'), files };
}
