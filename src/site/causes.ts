/**
 * The site's grouping of findings into likely root causes: one group per rule and file, biggest and
 * most severe first. A small adapter on purpose: the report's shared root-cause grouping
 * (src/report/root-causes.ts) takes its place once it groups findings itself.
 */
import { compareText, SEVERITY_RANK, type Finding } from '../engine/finding.ts';
import type { Severity } from '../model/types.ts';
import type { SiteContext } from './context.ts';

export interface SiteRootCause {
  /** Stable id, for anchors: `docs-undeployed-worker--docs-a-md`. */
  id: string;
  ruleId: string;
  /** The rule's title, or its id for rules the site does not know. */
  title: string;
  /** The file the findings are in. */
  file: string;
  /** The most severe of its findings. */
  severity: Severity;
  findings: Finding[];
}


/** Every group, most severe first, then the one with the most findings. */
export function rootCauses(ctx: SiteContext): SiteRootCause[] {
  const groups = new Map<string, SiteRootCause>();
  for (const finding of ctx.result.findings) {
    const key = `${finding.ruleId}\n${finding.file}`;
    let group = groups.get(key);
    if (!group) {
      const title = ctx.rules.find((rule) => rule.id === finding.ruleId)?.title ?? finding.ruleId;
      group = { id: `${finding.ruleId}--${finding.file}`.replace(/[^a-zA-Z0-9-]+/g, '-').toLowerCase(), ruleId: finding.ruleId, title, file: finding.file, severity: finding.severity, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(finding);
    if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[group.severity]) group.severity = finding.severity;
  }
  return [...groups.values()].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.findings.length - a.findings.length || compareText(a.ruleId, b.ruleId) || compareText(a.file, b.file),
  );
}
