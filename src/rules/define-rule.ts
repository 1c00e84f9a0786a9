import type { DocdriftConfig } from '../config/schema.ts';
import type { ModelLookup } from '../model/lookup.ts';
import type { Reference } from '../model/reference.ts';
import type { DeployedModel, Impact, Severity, Source } from '../model/types.ts';
import type { AnalysisInputs } from '../engine/analyze.ts';

export interface RuleReport {
  /** Where the finding is anchored: the line a user must change. */
  at: Source;
  message: string;
  /** The other places involved (the other side of the drift). */
  related?: { at: Source; message: string }[];
}

export interface RuleContext {
  model: DeployedModel;
  lookup: ModelLookup;
  reference: Reference;
  config: DocdriftConfig;
  inputs: AnalysisInputs;
  report(finding: RuleReport): void;
}

export interface Rule {
  /** kebab-case, namespaced by area: `haproxy/unknown-service`. */
  id: string;
  severity: Severity;
  /** The architecture review's impact level for this kind of drift. */
  impact: Impact;
  /** One line: what the rule finds. */
  description: string;
  /** Heading of the issue in the architecture review, e.g. "HAProxy servers point at Services that do not exist". */
  title?: string;
  /** What breaks at deploy or run time when this drift ships (the review's "Impact"). */
  consequence?: string;
  /** One or two sentences: how to fix what it finds. */
  fix: string;
  check(context: RuleContext): void;
}

/** Identity function that gives rule modules a checked shape. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
