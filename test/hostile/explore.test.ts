import { mkdtemp, rm, writeFile, mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { check } from '../../src/index.ts';

async function show(name: string, files: Record<string, string | Buffer>) {
  const root = await mkdtemp(path.join(tmpdir(), 'docdrift-x-'));
  for (const [p, c] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, p)), { recursive: true });
    await writeFile(path.join(root, p), c);
  }
  const t = Date.now();
  const r = await check({ root });
  console.log(`== ${name} (${Date.now() - t} ms) files=${r.files.length} findings=${r.findings.length}`);
  for (const f of r.findings.slice(0, 8)) console.log(`  ${f.ruleId} ${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message.slice(0, 160)}`);
  await rm(root, { recursive: true, force: true });
}

const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (let i = 1; i < 10; i++) bomb.push(`  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);

it('explore', async () => {
  await show('alias bomb', { 'bomb.yaml': bomb.join('\n') + '\n' });
  await show('alias bomb synapse', { 'bomb.yaml': ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', '  hs.yaml: |', ...['worker_app: synapse.app.generic_worker', 'server_name: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 9 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(',')}]`), 'redis: *a9'].map((l) => '    ' + l)].join('\n') + '\n' });
  await show('alias bomb frontmatter', { 'doc.md': ['---', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(',')}]`), '---', '# Hi', ''].join('\n') });
  await show('dup keys', { 'dup.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  name: web2\nspec:\n  ports:\n    - port: 80\n' });
  await show('tabs', { 'tabs.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n' });
  await show('invalid utf8 manifest', { 'bad.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: Service\nmetadata:\n  name: w'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('b\nspec:\n  ports:\n    - port: 80\n')]) });
  await show('invalid utf8 doc', { 'bad.md': Buffer.concat([Buffer.from('# Title \xff\n\nThe '), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from(' synchrotron listens on 8083.\n')]) });
  await show('empty', { 'e.md': '', 'e.yaml': '', 'haproxy.cfg': '' });
  await show('deep quote', { 'deep.md': '> '.repeat(5000) + 'deep\n' });
  await show('deep list', { 'deep.md': Array.from({ length: 5000 }, (_, i) => '  '.repeat(i) + '- item').join('\n') + '\n' });
  await show('table', { 't.md': ['| Worker | Port | Replicas |', '|---|---|---|', ...Array.from({ length: 10000 }, (_, i) => `| synchrotron | ${8000 + (i % 100)} | ${i % 9} |`)].join('\n') + '\n' });
  await show('haproxy long line', { 'haproxy.cfg': 'frontend x\n    bind :80\n    acl a path_beg ' + '/x'.repeat(500000) + '\n' });
  await show('haproxy 100k', { 'haproxy.cfg': ['frontend x', '    bind :80', ...Array.from({ length: 100000 }, (_, i) => `    acl a${i} path_beg /p${i}`), '    default_backend b', 'backend b', '    server s 127.0.0.1:80'].join('\n') + '\n' });
}, 300_000);
