import type { DocdriftConfig } from '../config/schema.ts';
import type { ModelLookup } from '../model/lookup.ts';
import type { Reference } from '../model/reference.ts';
import type { DeployedModel, Impact, Severity, Source } from '../model/types.ts';
import type { AnalysisInputs } from '../engine/analyze.ts';
import type { SuppressionDirective } from '../engine/suppressions.ts';

export interface RuleReport {
  /** Where the finding is anchored: the line a user must change. */
  at: Source;
  message: string;
  /** The other places involved (the other side of the drift). */
  related?: { at: Source; message: string }[];
  /** At most this severity: a finding that rests on a guess (an object that may exist) is not an error; it never raises a configured one. */
  severity?: Severity;
}

/** What the engine knows about suppressions once every other rule has run (see Rule.afterSuppressions). */
export interface SuppressionState {
  /** Every suppression written in the checked files, with the rules each has silenced so far. */
  directives: readonly SuppressionDirective[];
  /** Whether a rule id is a rule of this run (registered, whatever its setting). */
  isKnownRule(ruleId: string): boolean;
  /** Whether a rule ran (it is known and not turned off), so its suppressions could have been used. */
  isEnabled(ruleId: string): boolean;
}

export interface RuleContext {
  model: DeployedModel;
  lookup: ModelLookup;
  reference: Reference;
  config: DocdriftConfig;
  inputs: AnalysisInputs;
  suppressions: SuppressionState;
  report(finding: RuleReport): void;
}

export interface Rule {
  /** kebab-case, namespaced by area: `haproxy/unknown-service`. */
  id: string;
  severity: Severity;
  /** The architecture review's impact level for this kind of drift. */
  impact: Impact;
  /** Heading of the issue in the architecture review, e.g. "HAProxy servers point at Services that do not exist". */
  title: string;
  /** One line: what the rule finds. */
  description: string;
  /** One or two sentences: what breaks at deploy or run time when this drift ships (the review's "Impact"). */
  consequence: string;
  /**
   * The full explanation `docdrift rules RULE-ID` prints: why it matters, what counts, what does not
   * (the near-misses the rule leaves alone), with the HAProxy/Kubernetes/Synapse specifics.
   * Paragraphs separated by blank lines; `code` in backticks.
   */
  docs: string;
  /** One or two sentences: how to fix what it finds. */
  fix: string;
  /**
   * Run after every other rule, when `suppressions` records which suppressions were used; the
   * findings of such a rule are silenced only by suppressions that name it, never by "every rule" ones.
   */
  afterSuppressions?: boolean;
  check(context: RuleContext): void;
}

/** Identity function that gives rule modules a checked shape. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
