import type { DeployedModel, Source } from '../model/types.ts';
import type { MarkdownDocument } from '../parse/markdown.ts';

/** A range of lines in one file where the named rules (or all, with '*') are silenced. */
export interface Suppression {
  ruleIds: string[];
  file: string;
  fromLine: number;
  toLine: number;
}

export const IGNORE_ANNOTATION = 'docdrift.io/ignore';

/** Suppressions written where the facts live: Markdown comments, haproxy.cfg comments and Kubernetes annotations. */
export function collectSuppressions(model: DeployedModel, docs: MarkdownDocument[]): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const doc of docs) {
    for (const { ruleIds, fromLine, toLine } of doc.suppressions) {
      suppressions.push({ ruleIds: ruleIds.length > 0 ? ruleIds : ['*'], file: doc.file, fromLine, toLine });
    }
  }
  for (const config of model.haproxy) {
    for (const { ruleIds, source } of config.suppressions) {
      suppressions.push({ ruleIds, file: source.file, fromLine: source.line, toLine: source.endLine });
    }
  }
  for (const resource of model.resources) {
    const annotation = resource.annotations[IGNORE_ANNOTATION];
    if (!annotation) continue;
    const ruleIds = annotation.value.split(/[\s,]+/).filter(Boolean);
    const { file, line, endLine } = resource.documentSource;
    suppressions.push({ ruleIds, file, fromLine: line, toLine: endLine });
  }
  return suppressions;
}

export function isSuppressed(suppressions: Suppression[], ruleId: string, at: Source): boolean {
  return suppressions.some(
    (suppression) =>
      suppression.file === at.file &&
      at.line >= suppression.fromLine &&
      at.line <= suppression.toLine &&
      (suppression.ruleIds.includes(ruleId) || suppression.ruleIds.includes('*')),
  );
}
