import { it } from 'vitest';
import { checkConfigText, findHaproxy, mapLimit, stopAllHaproxy } from './haproxy-oracle.ts';
import { parserCorpus } from './corpus-generator.ts';

it('scratch4', async () => {
  const bin = findHaproxy()!;
  const configs = parserCorpus(Number(process.env.SEED ?? 8), Number(process.env.COUNT ?? 300));
  const hist = new Map<string, number>();
  await mapLimit(configs, 4, async (c) => {
    const h = await checkConfigText(bin, c.text);
    const mut = c.features.filter((f) => f.startsWith('mutation')).join(',') || 'none';
    const first = h.valid ? 'VALID' : (h.alerts[0] ?? '').replace(/\[[^\]]*\]/g, '').replace(/'[^']*'/g, "'X'").slice(0, 90);
    const key = `${mut} :: ${first}`;
    hist.set(key, (hist.get(key) ?? 0) + 1);
  });
  await stopAllHaproxy();
  console.log([...hist].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v}\t${k}`).join('\n'));
}, 300000);
