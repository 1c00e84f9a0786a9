import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { checkConfigText, findHaproxy, mapLimit, stopAllHaproxy } from './haproxy-oracle.ts';
import { docdriftVerdict } from './docdrift-verdict.ts';

it('scratch', async () => {
  const dir = process.env.SCRATCH_DIR ?? '/tmp/hx/cases';
  const bin = findHaproxy()!;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cfg')).sort();
  const out: string[] = [];
  await mapLimit(files, 4, async (f) => {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const h = await checkConfigText(bin, text);
    const d = docdriftVerdict(text);
    const agree = h.valid === d.valid;
    out.push(`${agree ? 'ok  ' : 'DIFF'} ${f}: haproxy=${h.valid ? 'valid' : 'INVALID'} docdrift=${d.valid ? 'valid' : 'INVALID'}\n   H: ${h.alerts.filter((a) => !/Fatal errors|Error\(s\) found/.test(a)).join(' | ')}\n   D: ${d.rejections.map((r) => `${r.ruleId}@${r.line}: ${r.message}`).join(' | ')}`);
  });
  await stopAllHaproxy();
  console.log(out.sort().join('\n'));
}, 120000);
