import { ALL_RULES } from '../engine/suppressions.ts';
import { defineRule } from './define-rule.ts';

/** The id of this rule: its own findings are never "unused" suppressions of themselves. */
const ID = 'unused-suppression';

/** A suppression that silences nothing hides the next real drift at that place, or names a rule that no longer exists. */
export default defineRule({
  id: ID,
  severity: 'info',
  impact: 'low',
  title: 'Suppressions that silence nothing',
  description: 'A docdrift suppression (Markdown directive, `# docdrift-ignore` comment or `docdrift.io/ignore` annotation) silences no finding, or names a rule that does not exist.',
  consequence:
    'Nothing breaks today, but a stale suppression silently swallows the next real drift at that place, and a mistyped rule id never silenced anything.',
  docs: `Suppressions are written where the facts live, so they travel with the text they excuse: \`<!-- docdrift-disable-next-line RULE -->\` (and \`docdrift-disable\`/\`docdrift-enable\` regions, \`docdrift-disable-file\`) in Markdown, \`# docdrift-ignore RULE\` at the end of a line or alone on the line before it in Kubernetes YAML and haproxy.cfg, and the \`docdrift.io/ignore: "RULE, OTHER"\` annotation on a Kubernetes object. Each one is checked after every other rule has run: one that silenced no finding is reported here, at the comment or annotation.

What counts: a suppression naming a rule that ran and reported nothing in the lines it covers; a suppression naming no rule (every rule) that silenced nothing; a rule id that is not a docdrift rule at all (a typo, or a rule that was renamed), which never silenced anything.

What does not: a suppression of a rule that is turned \`off\` in the config (it could not have been used, and it will be needed again when the rule is turned back on); a suppression that names this rule itself. The findings of this rule are silenced only by a suppression that names \`unused-suppression\`, never by one that silences every rule, so a \`docdrift-disable-file\` of every rule cannot hide the fact that it is unused.`,
  fix: 'Delete the suppression (the drift it excused is gone), or correct the rule id it names (`docdrift rules` lists them).',
  afterSuppressions: true,
  check({ suppressions, report }) {
    for (const directive of suppressions.directives) {
      const { label, covers, used } = directive;
      for (const ruleId of directive.ruleIds) {
        if (ruleId === ID) continue;
        if (ruleId === ALL_RULES) {
          if (used.size === 0) report({ at: directive.at, message: `Unused suppression: ${label} silences no finding on ${covers}` });
        } else if (!suppressions.isKnownRule(ruleId)) {
          report({ at: directive.at, message: `Unknown rule id in suppression: ${label} names '${ruleId}', which is not a docdrift rule` });
        } else if (suppressions.isEnabled(ruleId) && !used.has(ruleId)) {
          const where = directive.coversByRule?.[ruleId] ?? covers;
          report({ at: directive.at, message: `Unused suppression: ${label} names ${ruleId}, but there is no ${ruleId} finding on ${where}` });
        }
      }
    }
  },
});
