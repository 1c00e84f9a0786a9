import { it } from 'vitest';
import { checkConfigText, findHaproxy, mapLimit, stopAllHaproxy } from './haproxy-oracle.ts';
import { docdriftVerdict } from './docdrift-verdict.ts';
import { parserCorpus } from './corpus-generator.ts';
import { writeFileSync, mkdirSync } from 'node:fs';

it('scratch3', async () => {
  const bin = findHaproxy()!;
  const configs = parserCorpus(Number(process.env.SEED ?? 8), Number(process.env.COUNT ?? 300));
  const out: string[] = [];
  let valid = 0, diff = 0;
  mkdirSync('/tmp/hx/gen', { recursive: true });
  await mapLimit(configs, 4, async (c) => {
    const h = await checkConfigText(bin, c.text);
    const d = docdriftVerdict(c.text);
    if (h.valid) valid++;
    if (h.valid !== d.valid) {
      diff++;
      writeFileSync(`/tmp/hx/gen/${c.name}.cfg`, c.text);
      out.push(`DIFF ${c.name} [${c.features.filter((f) => f.startsWith('mutation')).join(',')}]: haproxy=${h.valid ? 'valid' : 'INVALID'} docdrift=${d.valid ? 'valid' : 'INVALID'}\n   H: ${h.alerts.filter((a) => !/Fatal errors|Error\(s\) found/.test(a)).join(' | ').slice(0, 400)}\n   D: ${d.rejections.map((r) => `${r.ruleId}@${r.line}: ${r.message}`).join(' | ').slice(0, 400)}`);
    }
  });
  await stopAllHaproxy();
  console.log(`configs=${configs.length} haproxyValid=${valid} diffs=${diff}\n` + out.sort().join('\n'));
}, 300000);
