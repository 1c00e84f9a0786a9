import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from './generate.mjs';
const dist = process.argv[2];
const { check } = await import(path.join(dist, 'index.js'));
const root = await mkdtemp(path.join(tmpdir(), 'rt-cmp-'));
await generate(root, 10);
const cpu = [];
for (let i = 0; i < 6; i++) {
  const start = process.cpuUsage();
  const timings = {};
  await check({ root, timings, workers: 1 });
  const used = process.cpuUsage(start);
  cpu.push(Math.round((used.user + used.system) / 1000));
}
console.log(dist, 'cpu ms per check', cpu.join(' '), 'min', Math.min(...cpu.slice(1)));
