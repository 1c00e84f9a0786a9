/**
 * Config validity (issue 8, part 2): the embedded default and every fixture
 * haproxy.cfg meant to be valid pass `haproxy -c`; every fixture meant to be
 * invalid is rejected by HAProxy and reported by docdrift. Membership is the
 * explicit manifest test/haproxy/expectations.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docdriftVerdict } from './docdrift-verdict.ts';
import { fixtureConfigs, loadExpectations, REPO } from './expectations.ts';
import { checkConfigFile, mapLimit, requireHaproxy, stopAllHaproxy } from './haproxy-oracle.ts';

const expectations = loadExpectations();
const listedValid = new Set(expectations.fixtures.valid);
const listedInvalid = new Map(Object.entries(expectations.fixtures.invalid));

describe('fixture haproxy.cfg files against the real HAProxy', () => {
  afterAll(stopAllHaproxy);

  it('the manifest names existing files, each once', () => {
    const listed = [...listedValid, ...listedInvalid.keys()];
    expect(listed.filter((file) => !existsSync(path.join(REPO, file))), 'listed in expectations.json but missing').toEqual([]);
    expect(listed.filter((file, i) => listed.indexOf(file) !== i), 'listed twice').toEqual([]);
    expect(listedValid.has('deployment/config/haproxy.cfg'), 'the embedded default is checked').toBe(true);
  });

  it('HAProxy accepts every valid one and docdrift finds nothing HAProxy would refuse', async (context) => {
    const binary = requireHaproxy(context, 'the fixture validity test');
    const unlisted = fixtureConfigs().filter((file) => !listedValid.has(file) && !listedInvalid.has(file));
    if (unlisted.length > 0) {
      console.warn(`haproxy.cfg fixtures not in test/haproxy/expectations.json, held to 'valid':\n  ${unlisted.join('\n  ')}`);
    }
    const files = [...listedValid, ...unlisted];
    const results = await mapLimit(files, 4, async (file) => {
      const check = await checkConfigFile(binary, path.join(REPO, file));
      const verdict = docdriftVerdict(readFileSync(path.join(REPO, file), 'utf8'), file);
      return { file, check, verdict };
    });
    const rejectedByHaproxy = results
      .filter((r) => !r.check.valid)
      .map((r) => `${r.file}${unlisted.includes(r.file) ? ' (unlisted: if it is meant to be invalid, add it to "invalid" in expectations.json)' : ''}:\n    ${r.check.alerts.join('\n    ')}`);
    const rejectedByDocdrift = results
      .filter((r) => !r.verdict.valid)
      .map((r) => `${r.file}:\n    ${r.verdict.rejections.map((f) => `${f.line}:${f.column} ${f.ruleId}: ${f.message}`).join('\n    ')}`);
    console.info(`fixture validity: ${results.length} configs HAProxy must accept (${unlisted.length} unlisted), ${results.filter((r) => r.check.valid).length} accepted`);
    expect(rejectedByHaproxy, `HAProxy rejects ${rejectedByHaproxy.length} fixture(s) meant to be valid:\n${rejectedByHaproxy.join('\n')}`).toEqual([]);
    expect(rejectedByDocdrift, `docdrift rejects ${rejectedByDocdrift.length} config(s) HAProxy accepts:\n${rejectedByDocdrift.join('\n')}`).toEqual([]);
  }, 60_000);

  it('HAProxy rejects every invalid one and docdrift reports it with the expected rules', async (context) => {
    const binary = requireHaproxy(context, 'the fixture validity test');
    const results = await mapLimit([...listedInvalid], 4, async ([file, expected]) => {
      const check = await checkConfigFile(binary, path.join(REPO, file));
      const verdict = docdriftVerdict(readFileSync(path.join(REPO, file), 'utf8'), file);
      const reported = new Set(verdict.findings.map((f) => f.ruleId));
      return { file, check, verdict, missing: expected.rules.filter((rule) => !reported.has(rule)) };
    });
    const accepted = results.filter((r) => r.check.valid).map((r) => r.file);
    expect(accepted, 'fixtures meant to be invalid that HAProxy accepts').toEqual([]);
    const unreported = results
      .filter((r) => r.missing.length > 0 || r.verdict.valid)
      .map((r) => `${r.file}: expected ${r.missing.join(', ') || 'a rejecting finding'}; HAProxy says:\n    ${r.check.alerts.join('\n    ')}\n  docdrift says:\n    ${r.verdict.findings.map((f) => `${f.line} ${f.ruleId}: ${f.message}`).join('\n    ') || '(nothing)'}`);
    console.info(`fixture validity: ${results.length} configs HAProxy must reject, ${results.length - accepted.length} rejected, ${results.length - unreported.length} reported by docdrift`);
    expect(unreported, `docdrift misses ${unreported.length} invalid fixture(s):\n${unreported.join('\n')}`).toEqual([]);
  }, 60_000);
});
