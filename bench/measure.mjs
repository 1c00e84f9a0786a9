#!/usr/bin/env node
// One measured run in a fresh process: `node bench/measure.mjs ROOT check|lower-bound` prints
// {ms, maxRssMB, stages} as JSON. Run by bench/run.mjs; needs `npm run build` first.

import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { loadConfig } from '../dist/config/load.js';
import { discover } from '../dist/discover/discover.js';
import { check } from '../dist/index.js';

const [root, mode] = process.argv.slice(2);
const started = performance.now();
let stages = {};
if (mode === 'check') {
  const result = await check({ root, timings: stages });
  stages = { ...stages, findings: result.findings.length };
} else if (mode === 'lower-bound') {
  // The parse-only floor: remark-parse with no extensions over the docs, yaml over the manifests, one thread.
  const { config } = await loadConfig(root);
  const { files } = await discover(root, config);
  const read = performance.now();
  const markdown = unified().use(remarkParse);
  for (const file of files) {
    if (file.role === 'doc') markdown.parse(file.text);
    else if (file.role === 'manifest') parseAllDocuments(file.text);
  }
  stages = { discover: read - started, parse: performance.now() - read };
} else {
  console.error('usage: node bench/measure.mjs ROOT check|lower-bound');
  process.exit(2);
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, stages }));
