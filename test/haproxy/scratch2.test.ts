import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { deriveMatchMethod } from '../../src/parse/haproxy-acl.ts';
it('types', () => {
  const map: Record<string, string> = { bool: 'bool', sint: 'int', ipv4: 'ip', ipv6: 'ip', addr: 'ip', str: 'str', bin: 'bin', meth: 'meth', any: '?' };
  const out: string[] = [];
  let ok = 0, undef = 0;
  for (const line of readFileSync('/tmp/hx/smp.txt', 'utf8').trim().split('\n')) {
    const m = /^([^(:]+)(\(.*\))?: (\S+)$/.exec(line)!;
    const name = m[1]!; const want = map[m[3]!]!;
    const got = deriveMatchMethod(name);
    if (got === undefined) { undef++; continue; }
    if (got !== want) out.push(`smp ${name}: docdrift=${got} haproxy=${want}`); else ok++;
  }
  for (const line of readFileSync('/tmp/hx/acl.txt', 'utf8').trim().split('\n')) {
    const m = /^(\S+) = (\S+) -m (\S+)$/.exec(line)!;
    const got = deriveMatchMethod(m[1]!);
    if (got === undefined) { undef++; continue; }
    if (got !== m[3] && !(m[1] === 'method')) out.push(`acl ${m[1]}: docdrift=${got} haproxy=${m[3]}`); else ok++;
  }
  console.log(`ok=${ok} undefined=${undef}\n${out.join('\n')}`);
});
