import type { CheckResult } from '../engine/analyze.ts';
import { compareText, SEVERITY_RANK, type Finding } from '../engine/finding.ts';
import { rules as registry } from '../rules/index.ts';
import { displayPath } from './github.ts';
import type { ReporterOptions } from './index.ts';


/**
 * JUnit XML for GitLab and Azure DevOps test reports. One test case per rule (every
 * registered rule, plus any rule id that only appears in the findings), passing when the
 * rule found nothing, skipped when the config turns it off, and otherwise failing with a
 * single <failure> whose body lists every finding: GitLab and Azure keep only one
 * failure per test case, so several <failure> children would lose findings.
 * Counts: tests = rules, failures = rules with at least one finding.
 */
export function formatJunit(result: CheckResult, options: ReporterOptions): string {
  const rules = options.rules ?? registry;
  const byRule = new Map<string, Finding[]>();
  for (const finding of result.findings) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
  const known = new Set(rules.map((rule) => rule.id));
  const extra = [...byRule.keys()].filter((id) => !known.has(id)).sort(compareText);
  const ids = [...rules.map((rule) => rule.id), ...extra];

  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const id of ids) {
    const findings = byRule.get(id) ?? [];
    const name = `<testcase classname="docdrift" name="${escapeXmlAttribute(id)}"`;
    if (findings.length > 0) {
      failures += 1;
      const severity = findings.map((finding) => finding.severity).reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a));
      const first = findings[0]!;
      const message = findings.length === 1 ? first.message : `${first.message} (and ${findings.length - 1} more)`;
      const body = findings.map((finding) => describe(result.root, finding)).join('\n');
      cases.push(
        `    ${name}>`,
        `      <failure type="${severity}" message="${escapeXmlAttribute(message)}">${escapeXml(body)}</failure>`,
        '    </testcase>',
      );
    } else if (result.config.rules[id] === 'off') {
      skipped += 1;
      cases.push(`    ${name}>`, '      <skipped message="turned off in the docdrift config"/>', '    </testcase>');
    } else {
      cases.push(`    ${name}/>`);
    }
  }
  const counts = `tests="${ids.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="docdrift" ${counts}>`,
    `  <testsuite name="docdrift" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** `file:line:col message`, then one indented line per related place. */
function describe(root: string, finding: Finding): string {
  const where = `${displayPath(root, finding.file)}:${finding.line}:${finding.column}`;
  return [
    `${where} ${finding.message}`,
    ...finding.related.map((related) => `  related: ${displayPath(root, related.file)}:${related.line}:${related.column} ${related.message}`),
  ].join('\n');
}

/** Characters XML 1.0 cannot carry at all, even as references (controls, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes element content: the five predefined entities, and \r as a reference (a parser would turn it into \n). */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/[&<>"'\r]/g, (char) => ENTITY[char]!);
}

/** Escapes a quoted attribute value; tab and newline become references too, as attribute-value normalisation turns them into spaces. */
export function escapeXmlAttribute(text: string): string {
  return text.replace(INVALID_XML, '').replace(/[&<>"'\t\n\r]/g, (char) => ENTITY[char]!);
}

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
