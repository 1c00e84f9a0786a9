import { it } from 'vitest';
import { parseMarkdown } from '../../src/parse/markdown.ts';
import { parseHaproxy } from '../../src/parse/haproxy.ts';
import { analyze } from '../../src/engine/analyze.ts';
import { defaultConfig } from '../../src/config/load.ts';
import { rules } from '../../src/rules/index.ts';

it('scale', () => {
  for (const n of [2500, 5000, 10000]) {
    const text = ['| Worker | Port | Replicas |', '|---|---|---|', ...Array.from({ length: n }, (_, i) => `| synchrotron | ${8000 + (i % 100)} | ${i % 9} |`)].join('\n') + '\n';
    let t = performance.now();
    parseMarkdown('t.md', text);
    const p = performance.now() - t;
    t = performance.now();
    analyze('.', [{ path: 't.md', role: 'doc', size: text.length, text }], [], defaultConfig(), rules);
    console.log(`table ${n}: parse ${p.toFixed(0)} ms, analyze ${(performance.now() - t).toFixed(0)} ms`);
  }
  for (const n of [25000, 50000, 100000]) {
    const text = ['frontend x', '    bind :80', ...Array.from({ length: n }, (_, i) => `    acl a${i} path_beg /p${i}`), '    default_backend b', 'backend b', '    server s 127.0.0.1:80'].join('\n') + '\n';
    let t = performance.now();
    parseHaproxy('haproxy.cfg', text);
    const p = performance.now() - t;
    t = performance.now();
    analyze('.', [{ path: 'haproxy.cfg', role: 'haproxy', size: text.length, text }], [], defaultConfig(), rules);
    console.log(`haproxy ${n}: parse ${p.toFixed(0)} ms, analyze ${(performance.now() - t).toFixed(0)} ms`);
  }
}, 300_000);
