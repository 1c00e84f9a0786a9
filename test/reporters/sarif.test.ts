import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/engine/analyze.ts';
import type { Finding } from '../../src/engine/finding.ts';
import { check } from '../../src/index.ts';
import { reporters } from '../../src/reporters/index.ts';
import { formatSarif, pascalCase } from '../../src/reporters/sarif.ts';
import { rules } from '../../src/rules/index.ts';
import { emptyResult, hostileResult } from './edge-results.ts';
import { pinnedRules } from './pinned-rules.ts';
import { sampleResult } from './sample-result.ts';

// The OASIS SARIF 2.1.0 schema (draft-07), vendored: see schemas/README.md.
const schema = JSON.parse(readFileSync(new URL('./schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true });
formats.default(ajv);
const validateSarif = ajv.compile(schema);

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[];
  relatedLocations?: { id: number; message: { text: string } }[];
  partialFingerprints: Record<string, string>;
}
interface SarifLog {
  runs: {
    tool: { driver: { semanticVersion: string; rules: { id: string; name: string; defaultConfiguration: { level: string } }[] } };
    originalUriBaseIds: Record<string, { uri?: string; uriBaseId?: string }>;
    results: SarifResult[];
  }[];
}

function sarif(result: CheckResult, options: Partial<Parameters<typeof formatSarif>[1]> = {}): string {
  return formatSarif(result, { color: false, ...options });
}
function parse(text: string): SarifLog['runs'][number] {
  return (JSON.parse(text) as SarifLog).runs[0]!;
}
function expectValid(text: string): void {
  const valid = validateSarif(JSON.parse(text));
  expect(validateSarif.errors ?? [], ajv.errorsText(validateSarif.errors)).toEqual([]);
  expect(valid).toBe(true);
}

describe('sarif', () => {
  it('prints the sample result exactly as recorded in expected/sample.sarif.json', () => {
    const expected = readFileSync(new URL('./expected/sample.sarif.json', import.meta.url), 'utf8');
    expect(sarif(sampleResult, { rules: pinnedRules, version: '0.1.0' })).toBe(expected);
  });

  it('validates against the official SARIF 2.1.0 schema: sample, clean, hostile and a real run', async () => {
    expectValid(sarif(sampleResult));
    expectValid(sarif(sampleResult, { rules: pinnedRules, version: '0.1.0' }));
    expectValid(sarif(emptyResult));
    expectValid(sarif(hostileResult));
    const real = await check({ root: 'test/fixtures/seed-before' });
    expect(real.findings.length).toBeGreaterThan(0);
    const text = sarif(real);
    expectValid(text);
    expect(parse(text).results).toHaveLength(real.findings.length);
    expect(text).not.toContain(process.cwd());
    expect(sarif(await check({ root: 'test/fixtures/seed-before' }))).toBe(text);
  });

  it('has a validator that rejects what the schema forbids', () => {
    const log = JSON.parse(sarif(sampleResult, { rules: pinnedRules, version: '0.1.0' })) as SarifLog & { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'not a uri';
    log.runs[0]!.results[1]!.level = 'fatal';
    expect(validateSarif(log)).toBe(false);
    expect(ajv.errorsText(validateSarif.errors)).toContain('must match format "uri-reference"');
  });

  it('describes every registered rule, with the package version, and indexes results into them', () => {
    const run = parse(sarif(sampleResult));
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(run.tool.driver.semanticVersion).toBe(manifest.version);
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(rules.map((rule) => rule.id));
    for (const rule of run.tool.driver.rules) expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex!]!.id).toBe(result.ruleId);
    expect(run.results.map((result) => result.level)).toEqual(['error', 'error', 'warning']);
    expect(pascalCase('k8s/service-target-port')).toBe('K8sServiceTargetPort');
    expect(reporters['sarif']).toBe(formatSarif);
  });

  it('fingerprints rule, file and message, not position', () => {
    const fingerprintsOf = (findings: Finding[]) =>
      parse(sarif({ ...sampleResult, findings })).results.map((result) => result.partialFingerprints['docdrift/v1']);
    const [base] = fingerprintsOf([sampleResult.findings[0]!]);
    const moved = { ...sampleResult.findings[0]!, line: 200, column: 3, endLine: 201, endColumn: 9 };
    expect(fingerprintsOf([moved])).toEqual([base]);
    expect(fingerprintsOf([{ ...moved, message: `${moved.message}.` }])[0]).not.toBe(base);
    expect(fingerprintsOf([{ ...moved, file: 'other.cfg' }])[0]).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{32}:1$/);
    // The same fact reported twice in one file stays two alerts.
    expect(fingerprintsOf([sampleResult.findings[0]!, moved])).toEqual([base, base!.replace(/:1$/, ':2')]);
  });

  it('keeps hostile text intact as JSON and percent-encodes paths as URI references', () => {
    const text = sarif(hostileResult, { rules: pinnedRules, version: '0.1.0' });
    expect(text).toContain('"text": "Backend <script>alert(\\"x\\")</script> takes 100% of a:b, c\\nthen & \'more\'\\r\\u0001"');
    const run = parse(text);
    expect(run.results[0]!.message.text).toBe(hostileResult.findings[0]!.message);
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({
      uri: 'docs/run%20book%2C%20v2%3Afinal.md',
      uriBaseId: '%SRCROOT%',
    });
    expect(run.results[0]!.relatedLocations).toEqual([
      expect.objectContaining({ id: 1, message: { text: 'backend <b>, defined here\nline two' } }),
    ]);
    expect(run.originalUriBaseIds['%SRCROOT%']).toMatchObject({ uri: './', uriBaseId: 'PROJECTROOT' });
  });

  it('lists the rules and no results when clean, and omits ruleIndex for a rule outside the list', () => {
    const clean = sarif(emptyResult, { rules: pinnedRules, version: '0.1.0' });
    expect(parse(clean).results).toEqual([]);
    expect(parse(clean).tool.driver.rules).toHaveLength(pinnedRules.length);
    expect(clean.endsWith('}\n')).toBe(true);
    const stray = sarif({ ...sampleResult, findings: [{ ...sampleResult.findings[0]!, ruleId: 'plugin/x' }] }, { rules: pinnedRules });
    expect(parse(stray).results[0]).not.toHaveProperty('ruleIndex');
    expectValid(stray);
  });
});
