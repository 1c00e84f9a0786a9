/**
 * docdrift's side of the differential tests: what the real engine says about
 * one haproxy.cfg on its own (no manifests, no docs), reduced to the verdict
 * `haproxy -c` gives.
 */
import { validateConfig } from '../../src/config/load.ts';
import { analyze } from '../../src/engine/analyze.ts';
import type { Finding } from '../../src/engine/finding.ts';
import { rules } from '../../src/rules/index.ts';

/**
 * Findings that mean "HAProxy refuses this config". haproxy/line-continuation
 * is not one of them: HAProxy accepts a trailing backslash (a literal
 * character); it only fails when the next line does not stand on its own,
 * which docdrift reports as a parse-error (unknown keyword) on that line.
 */
export const REJECTING_RULES: ReadonlySet<string> = new Set(['parse-error', 'haproxy/undefined-backend', 'haproxy/undefined-acl', 'haproxy/missing-final-newline']);

export interface DocdriftVerdict {
  valid: boolean;
  /** The rejecting findings. */
  rejections: Finding[];
  /** Every finding of the haproxy rules and parse-error. */
  findings: Finding[];
  undefinedBackends: string[];
  undefinedAcls: string[];
  undefinedAclLines: { line: number; name: string }[];
}

const config = validateConfig({}, '<defaults>');

export function docdriftVerdict(text: string, file = 'haproxy.cfg'): DocdriftVerdict {
  const result = analyze('.', [{ path: file, role: 'haproxy', size: Buffer.byteLength(text), text }], [], config, rules);
  const findings = result.findings.filter((f) => f.ruleId === 'parse-error' || f.ruleId.startsWith('haproxy/'));
  const rejections = findings.filter((f) => REJECTING_RULES.has(f.ruleId));
  const names = (ruleId: string, re: RegExp): string[] =>
    rejections.filter((f) => f.ruleId === ruleId).flatMap((f) => {
      const m = re.exec(f.message);
      return m ? [m[1] as string] : [];
    });
  return {
    valid: rejections.length === 0,
    rejections,
    findings,
    undefinedBackends: names('haproxy/undefined-backend', /^Backend '(.*?)' used by/),
    undefinedAcls: names('haproxy/undefined-acl', /^ACL '(.*?)' is/),
    undefinedAclLines: rejections.flatMap((f) => {
      const m = f.ruleId === 'haproxy/undefined-acl' ? /^ACL '(.*?)' is/.exec(f.message) : null;
      return m ? [{ line: f.line, name: m[1] as string }] : [];
    }),
  };
}
