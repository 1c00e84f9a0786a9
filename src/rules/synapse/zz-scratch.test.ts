import path from 'node:path';
import { it } from 'vitest';
import { check } from '../../index.ts';
import { FIXTURES } from '../../../test/rule-tester.ts';

it('prints', async () => {
  for (const dir of (process.env.DIRS ?? '').split(',')) {
    const result = await check({ root: path.resolve(FIXTURES, dir) });
    console.log('==', dir);
    for (const f of result.findings) if (!process.env.RULE || f.ruleId.startsWith(process.env.RULE)) console.log(f.ruleId, f.severity, `${f.file}:${f.line}:${f.column}`, f.message, JSON.stringify(f.related.map((r) => `${r.file}:${r.line}`)));
  }
});
