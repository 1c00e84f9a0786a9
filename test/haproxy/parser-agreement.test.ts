/**
 * Parser agreement (issue 8, part 3): for every config of the corpus — the
 * hand-written edge cases in test/fixtures/haproxy-corpus/ plus configs
 * generated from a fixed seed (corpus-generator.ts) — docdrift's verdict
 * agrees with `haproxy -c`:
 *
 * - valid or not: docdrift "rejects" a config when it reports a parse-error,
 *   haproxy/undefined-backend or haproxy/undefined-acl (a line continuation
 *   only counts through the parse-error its second half causes);
 * - when both reject it only for undefined names, the same backends and ACLs
 *   are undefined.
 *
 * Every disagreement is listed with its config. The hand-written cases in
 * expectations.json "knownDivergences" are reported, not failed, and fail
 * once they agree so that the list stays true.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parserCorpus, type GeneratedConfig } from './corpus-generator.ts';
import { docdriftVerdict, type DocdriftVerdict } from './docdrift-verdict.ts';
import { corpusFiles, loadExpectations } from './expectations.ts';
import { checkConfigText, checkIsolation, mapLimit, requireHaproxy, stopAllHaproxy, type CheckResult } from './haproxy-oracle.ts';

/** Fixed so that every run checks the same configs; override to explore (DOCDRIFT_CORPUS_SEED=n DOCDRIFT_CORPUS_CONFIGS=m). */
const SEED = Number(process.env.DOCDRIFT_CORPUS_SEED ?? 20260815);
const GENERATED = Number(process.env.DOCDRIFT_CORPUS_CONFIGS ?? 220);
const CONCURRENCY = 4;

/** HAProxy alerts that only say a name is undefined, or summarise the others. */
const NAME_ALERT = /unable to find required (use_backend|default_backend)|no such ACL|Fatal errors found|Error\(s\) found/;

interface Judged {
  config: GeneratedConfig & { handWritten: boolean };
  haproxy: CheckResult;
  docdrift: DocdriftVerdict;
}

const sorted = (names: string[]): string[] => [...new Set(names)].sort();

/**
 * Both reject the config for undefined names only, so the names can be compared
 * (after a syntax error HAProxy skips the line, and names it defined go missing).
 */
function namesComparable({ haproxy, docdrift }: Judged): boolean {
  return !haproxy.valid && !docdrift.valid && haproxy.alerts.every((a) => NAME_ALERT.test(a)) && docdrift.rejections.every((f) => f.ruleId !== 'parse-error');
}

/** Why docdrift and HAProxy disagree about a config, or undefined when they agree. */
function disagreement(judged: Judged): string | undefined {
  const { haproxy, docdrift } = judged;
  if (haproxy.valid !== docdrift.valid) {
    return `HAProxy ${haproxy.valid ? 'accepts' : 'rejects'} it, docdrift ${docdrift.valid ? 'accepts' : 'rejects'} it`;
  }
  if (!namesComparable(judged)) return undefined;
  const problems: string[] = [];
  const [hb, db] = [sorted(haproxy.undefinedBackends), sorted(docdrift.undefinedBackends)];
  if (hb.join() !== db.join()) problems.push(`undefined backends: HAProxy [${hb.join(', ')}], docdrift [${db.join(', ')}]`);
  // HAProxy stops at the first unknown ACL of a condition; docdrift names them all. Same lines, and HAProxy's among docdrift's.
  const key = (u: { line: number; name: string }): string => `${u.line}:${u.name}`;
  const hLines = sorted(haproxy.undefinedAclLines.map((u) => String(u.line)));
  const dLines = sorted(docdrift.undefinedAclLines.map((u) => String(u.line)));
  const dKeys = new Set(docdrift.undefinedAclLines.map(key));
  if (hLines.join() !== dLines.join() || haproxy.undefinedAclLines.some((u) => !dKeys.has(key(u)))) {
    problems.push(`undefined ACLs: HAProxy [${haproxy.undefinedAclLines.map(key).join(', ')}], docdrift [${docdrift.undefinedAclLines.map(key).join(', ')}]`);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

function describeCase(j: Judged, why: string): string {
  const numbered = j.config.text.split('\n').map((line, i) => `    ${String(i + 1).padStart(3)}| ${line}`);
  return [
    `--- ${j.config.name}${j.config.handWritten ? ' (test/fixtures/haproxy-corpus)' : ` (generated, seed ${SEED})`}: ${why}`,
    `  features: ${j.config.features.join(' ') || '-'}`,
    `  HAProxy: ${j.haproxy.alerts.filter((a) => !/Fatal errors found|Error\(s\) found/.test(a)).join('\n           ') || 'valid'}`,
    `  docdrift: ${j.docdrift.rejections.map((f) => `${f.line}:${f.column} ${f.ruleId}: ${f.message}`).join('\n            ') || 'valid'}`,
    ...numbered,
  ].join('\n');
}

describe('docdrift parses haproxy.cfg the way HAProxy does', () => {
  afterAll(stopAllHaproxy);

  it('agrees with haproxy -c on every corpus config', async (context) => {
    const binary = requireHaproxy(context, 'the parser agreement test');
    const known = loadExpectations().corpus.knownDivergences;
    const handWritten = corpusFiles().map((f) => ({ name: f.name, text: f.text, features: ['hand-written'], handWritten: true }));
    const generated = parserCorpus(SEED, GENERATED).map((g) => ({ ...g, handWritten: false }));
    const corpus = [...handWritten, ...generated];
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(Object.keys(known).filter((name) => !handWritten.some((c) => c.name === name)), 'knownDivergences naming no corpus file').toEqual([]);

    const started = performance.now();
    const judged: Judged[] = await mapLimit(corpus, CONCURRENCY, async (config) => ({
      config,
      haproxy: await checkConfigText(binary, config.text),
      docdrift: docdriftVerdict(config.text),
    }));
    const seconds = (performance.now() - started) / 1000;

    const unexpected: string[] = [];
    const expectedDivergences: string[] = [];
    const staleDivergences: string[] = [];
    for (const j of judged) {
      const why = disagreement(j);
      const knownReason = j.config.handWritten ? known[j.config.name] : undefined;
      if (why && knownReason) expectedDivergences.push(`${j.config.name}: ${why} — ${knownReason}`);
      else if (why) unexpected.push(describeCase(j, why));
      else if (knownReason) staleDivergences.push(`${j.config.name} now agrees with HAProxy: remove it from knownDivergences in test/haproxy/expectations.json`);
    }

    const valid = judged.filter((j) => j.haproxy.valid).length;
    const continuations = judged.filter((j) => j.docdrift.findings.some((f) => f.ruleId === 'haproxy/line-continuation'));
    const agreeing = judged.length - unexpected.length - expectedDivergences.length;
    console.info(
      [
        `parser agreement: ${judged.length} configs (${handWritten.length} hand-written, ${generated.length} generated with seed ${SEED}); HAProxy accepts ${valid}, rejects ${judged.length - valid}`,
        `  agree: ${agreeing}/${judged.length}; unexpected disagreements: ${unexpected.length}; known divergences: ${expectedDivergences.length}`,
        `  undefined backend/ACL names compared in ${judged.filter(namesComparable).length} configs rejected only for them`,
        `  line continuations (trailing backslash): ${continuations.length} configs; HAProxy rejects ${continuations.filter((j) => !j.haproxy.valid).length}, docdrift rejects ${continuations.filter((j) => !j.docdrift.valid).length}, both ${continuations.filter((j) => !j.haproxy.valid && !j.docdrift.valid).length}`,
        `  haproxy ${binary.version} -c: ${judged.length} runs, ${CONCURRENCY} at a time${checkIsolation().length > 0 ? `, each in a private network namespace (${checkIsolation().join(' ')})` : ', NOT network-isolated (unshare unavailable)'}, ${seconds.toFixed(1)} s (mean ${(judged.reduce((s, j) => s + j.haproxy.durationMs, 0) / judged.length).toFixed(0)} ms per run)`,
        ...expectedDivergences.map((d) => `  known divergence: ${d}`),
      ].join('\n'),
    );
    expect(unexpected, `${unexpected.length} configs where docdrift and HAProxy disagree:\n${unexpected.join('\n')}`).toEqual([]);
    expect(staleDivergences).toEqual([]);
  }, 120_000);
});
