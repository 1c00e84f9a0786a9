import { createHash } from 'node:crypto';
import type { CheckResult } from '../engine/analyze.ts';
import type { Finding, RelatedLocation } from '../engine/finding.ts';
import { packageVersion } from '../engine/tool-version.ts';
import type { Severity } from '../model/types.ts';
import type { Rule } from '../rules/define-rule.ts';
import { rules as registry } from '../rules/index.ts';
import type { ReporterOptions } from './index.ts';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/docdrift';
/** Every artifact URI is relative to the checked folder, which this base id names. */
const SRCROOT = '%SRCROOT%';
/** The working directory docdrift ran in; left to the consumer to resolve (SARIF §3.14.14). */
const PROJECTROOT = 'PROJECTROOT';
/** partialFingerprints key; bump the version if the hashed inputs ever change. */
const FINGERPRINT_KEY = 'docdrift/v1';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 for code scanning: one run; the driver lists every registered rule (so
 * consumers can show rule help and close alerts for rules that no longer fire), and
 * each finding is a result anchored at its root-relative file under %SRCROOT%.
 * Deterministic: no timestamps, no absolute paths, registry and finding order.
 */
export function formatSarif(result: CheckResult, options: ReporterOptions): string {
  const rules = options.rules ?? registry;
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const occurrences = new Map<string, number>();
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'docdrift',
            informationUri: INFORMATION_URI,
            semanticVersion: options.version ?? packageVersion(),
            rules: rules.map(describeRule),
          },
        },
        originalUriBaseIds: {
          [PROJECTROOT]: { description: { text: 'The working directory docdrift ran in.' } },
          [SRCROOT]: {
            uri: result.root === '.' || result.root === '' ? './' : `${encodePath(result.root.replace(/\/+$/, ''))}/`,
            uriBaseId: PROJECTROOT,
            description: { text: 'The folder docdrift checked; every result path is relative to it.' },
          },
        },
        results: result.findings.map((finding) => toResult(finding, ruleIndex.get(finding.ruleId), occurrences)),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function describeRule(rule: Rule) {
  const full = [rule.description, rule.consequence].filter(Boolean).join(' ');
  const markdown = [
    rule.title ? `**${markdownText(rule.title)}**` : undefined,
    markdownText(rule.description),
    rule.consequence ? `**Consequence** (impact ${rule.impact}): ${markdownText(rule.consequence)}` : `**Impact:** ${rule.impact}`,
    `**Fix:** ${markdownText(rule.fix)}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: full },
    help: { text: rule.fix, markdown },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { impact: rule.impact, tags: ['docdrift', area(rule.id)] },
  };
}

function toResult(finding: Finding, index: number | undefined, occurrences: Map<string, number>) {
  const hash = fingerprint(finding);
  // Findings of one rule in one file with the same message (the same fact at two places) stay distinct alerts.
  const occurrence = (occurrences.get(hash) ?? 0) + 1;
  occurrences.set(hash, occurrence);
  return {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding) }],
    ...(finding.related.length === 0
      ? {}
      : {
          relatedLocations: finding.related.map((related: RelatedLocation, i) => ({
            id: i + 1,
            physicalLocation: physicalLocation(related),
            message: { text: related.message },
          })),
        }),
    partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${occurrence}` },
    properties: { impact: finding.impact },
  };
}

function physicalLocation(at: { file: string; line: number; column: number; endLine: number; endColumn: number }) {
  return {
    artifactLocation: { uri: encodePath(at.file), uriBaseId: SRCROOT },
    region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn },
  };
}

/** Stable across edits that move text: rule, file and message, never line or column. */
function fingerprint(finding: Finding): string {
  return createHash('sha256').update(`${finding.ruleId}\0${finding.file}\0${finding.message}`).digest('hex').slice(0, 32);
}

/**
 * Rule texts are plain prose with `code spans`: keep the spans, and outside them escape what
 * Markdown would swallow or restyle (`<!-- … -->` would vanish as an HTML comment, `**` would
 * turn into emphasis).
 */
function markdownText(text: string): string {
  return text
    .split(/(`+[^`]*?`+)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/[\\*[\]<>&]/g, (char) => `\\${char}`)))
    .join('');
}

/** A POSIX path as a relative URI reference: each segment percent-encoded, `/` kept. */
function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** `haproxy/unknown-service` → `HaproxyUnknownService`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** The rule's area (`docs`, `haproxy`, `k8s`, `synapse`), or `general` for unscoped rules. */
function area(id: string): string {
  const slash = id.indexOf('/');
  return slash === -1 ? 'general' : id.slice(0, slash);
}

