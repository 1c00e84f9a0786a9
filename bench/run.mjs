#!/usr/bin/env node
// docdrift benchmark: whole-process time and peak memory of `docdrift check` on synthetic corpora
// of growing size, the share of each stage, and the parse-only lower bound in the same run.
// Usage: npm run bench [-- --sizes 1,10,100,1000 --runs 3]. Writes bench/results.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const sizes = option('sizes', '1,10,100,1000').split(',').map(Number);
const runs = Number(option('runs', '3'));

function measure(root, mode) {
  const child = spawnSync(process.execPath, [path.join(HERE, 'measure.mjs'), root, mode], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`measure ${mode} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

function wholeProcess(root) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(HERE, '..', 'dist', 'bin', 'docdrift.js'), 'check', root, '--format', 'json', '--output', '/dev/null'], { encoding: 'utf8' });
  // 0: clean, 1: drift; anything else means the measured run did not do the work.
  if (child.status !== 0 && child.status !== 1) throw new Error(`docdrift check failed: ${child.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

// check()'s stages: reading files; parsing manifests and haproxy.cfg into the model; parsing docs into claims; rules.
const STAGES = ['discover', 'model', 'docs', 'rules'];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
const scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-bench-'));
try {
  for (const factor of sizes) {
    const root = path.join(scratch, `x${factor}`);
    const { files, bytes } = await generate(root, factor);
    const repeat = factor >= 1000 ? 1 : runs;
    const cli = median(Array.from({ length: repeat }, () => wholeProcess(root)));
    const checks = Array.from({ length: repeat }, () => measure(root, 'check'));
    const floors = Array.from({ length: repeat }, () => measure(root, 'lower-bound'));
    const check = checks.sort((a, b) => a.ms - b.ms)[Math.floor(repeat / 2)];
    const floor = floors.sort((a, b) => a.ms - b.ms)[Math.floor(repeat / 2)];
    const row = {
      factor,
      files,
      megabytes: bytes / 1e6,
      cliMs: cli,
      checkMs: check.ms,
      lowerBoundParseMs: floor.stages.parse,
      // Both sides without reading the files: the check from the end of discovery, the floor's parse alone.
      ratio: (check.ms - check.stages.discover) / floor.stages.parse,
      peakMB: check.maxRssMB,
      stages: check.stages,
    };
    results.push(row);
    const shares = STAGES.map((stage) => `${stage} ${Math.round((100 * (check.stages[stage] ?? 0)) / check.ms)}%`).join(' ');
    console.log(
      `${String(factor).padStart(5)}× ${String(files).padStart(6)} files ${row.megabytes.toFixed(1).padStart(6)} MB | cli ${cli.toFixed(0).padStart(7)} ms | check ${check.ms.toFixed(0).padStart(7)} ms | parse floor ${floor.stages.parse.toFixed(0).padStart(7)} ms | ratio ${row.ratio.toFixed(2)} | peak ${row.peakMB.toFixed(0)} MB | ${shares}`,
    );
    await rm(root, { recursive: true, force: true });
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
const node = process.version;
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
await writeFile(path.join(HERE, 'results.json'), `${JSON.stringify({ node, commit, results }, null, 2)}\n`);
console.log('wrote bench/results.json');
