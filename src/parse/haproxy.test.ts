import { describe, expect, it } from 'vitest';
import type { Acl, HaproxyConfig, HaproxyServer, Source } from '../model/types.ts';
import { parseHaproxy } from './haproxy.ts';
import { tokenizeLine } from './haproxy-tokenize.ts';
import { parseSrvName, splitAddress } from './haproxy-server.ts';
import { deriveMatchMethod, parseFetch } from './haproxy-acl.ts';

const FILE = 'deployment/config/haproxy.cfg';

function src(line: number, column: number, endColumn: number): Source {
  return { file: FILE, line, column, endLine: line, endColumn };
}

function parse(text: string): ReturnType<typeof parseHaproxy> {
  return parseHaproxy(FILE, text);
}

function words(text: string): string[] {
  return tokenizeLine(FILE, 1, text).words.map((w) => w.value);
}

function frontendAcls(config: HaproxyConfig, name = 'f'): Acl[] {
  const frontend = config.frontends.find((f) => f.name === name);
  if (!frontend) throw new Error(`no frontend ${name}`);
  return frontend.acls;
}

function server(config: HaproxyConfig, backend: string, index = 0): HaproxyServer {
  const found = config.backends.find((b) => b.name === backend)?.servers[index];
  if (!found) throw new Error(`no server ${index} in ${backend}`);
  return found;
}

describe('tokenizer', () => {
  it('gives every word its exact position, quotes included', () => {
    const t = tokenizeLine(FILE, 7, '  use_backend "a b"  x\'y z\'w # note');
    expect(t.words).toEqual([
      { value: 'use_backend', source: src(7, 3, 14) },
      { value: 'a b', source: src(7, 15, 20) },
      { value: 'xy zw', source: src(7, 22, 29) },
    ]);
    expect(t.comment).toEqual({ text: ' note', source: src(7, 30, 36) });
    expect(t.span).toEqual(src(7, 3, 29));
    expect(t.problems).toEqual([]);
  });

  it('handles backslash escapes like HAProxy (unknown ones keep the backslash)', () => {
    expect(words('a\\ b c\\#d \\\\ \\"q\\\' \\x41\\x7a')).toEqual(['a b', 'c#d', '\\', '"q\'', 'Az']);
    expect(words('path_reg ^/foo\\.bar\\d+$ \\q')).toEqual(['path_reg', '^/foo\\.bar\\d+$', '\\q']);
    expect(words('x\\ty\\nz\\r')).toEqual(['x\ty\nz\r']);
  });

  it('interprets escapes in double quotes but nothing in single quotes; ${VAR} stays literal', () => {
    expect(words('"a\\d\\"\\#\\$\\x41${HOME}$HOME"\'q\\d\'')).toEqual(['a\\d"#$A${HOME}$HOMEq\\d']);
    expect(words("'a # b' \"c # d\"")).toEqual(['a # b', 'c # d']);
    expect(words('""  \'\' x')).toEqual(['', '', 'x']);
  });

  it('starts a comment at an unquoted # even inside a word', () => {
    const t = tokenizeLine(FILE, 1, 'frontend f#comment');
    expect(t.words.map((w) => w.value)).toEqual(['frontend', 'f']);
    expect(t.words[1]?.source).toEqual(src(1, 10, 11));
    expect(t.comment?.text).toBe('comment');
  });

  it('reports an unterminated quote at the quote and keeps what it read', () => {
    const t = tokenizeLine(FILE, 3, '  use_backend "x y');
    expect(t.words.map((w) => w.value)).toEqual(['use_backend', 'x y']);
    expect(t.words[1]?.source).toEqual(src(3, 15, 19));
    expect(t.problems).toEqual([{ kind: 'parse-error', message: 'unmatched double quote', source: src(3, 15, 16) }]);
  });

  it('reports an invalid \\x escape', () => {
    const t = tokenizeLine(FILE, 2, 'a\\xZZ');
    expect(t.words.map((w) => w.value)).toEqual(['a\\xZZ']);
    expect(t.problems[0]?.source).toEqual(src(2, 2, 6));
  });

  it('records a trailing backslash (also before trailing blanks) but not an escaped one or one in a comment', () => {
    expect(tokenizeLine(FILE, 4, '  use_backend x if a \\').continuation).toEqual(src(4, 22, 23));
    const spaced = tokenizeLine(FILE, 4, '  use_backend x if a \\   ');
    expect(spaced.continuation).toEqual(src(4, 22, 23));
    // HAProxy reads '\ ' as an escaped space: the word is a single space.
    expect(spaced.words.map((w) => w.value)).toEqual(['use_backend', 'x', 'if', 'a', ' ']);
    expect(tokenizeLine(FILE, 4, 'use_backend x\\').continuation).toEqual(src(4, 14, 15));
    expect(tokenizeLine(FILE, 4, 'use_backend x \\\\').continuation).toBeUndefined();
    expect(tokenizeLine(FILE, 4, 'use_backend x # see \\').continuation).toBeUndefined();
    expect(tokenizeLine(FILE, 4, "use_backend 'x \\'").continuation).toBeUndefined();
  });
});

describe('sections and lines', () => {
  it('splits sections, keeps every line, and tolerates CRLF and a BOM', () => {
    const { config, problems } = parse('\uFEFFglobal\r\n  daemon\r\n\r\n# web\r\ndefaults foo\r\n  mode http\r\nfrontend f\r\n  bind :80 # public\r\n');
    expect(problems).toEqual([]);
    expect(config.sections.map((s) => [s.type, s.name, s.source.line])).toEqual([
      ['global', undefined, 1],
      ['defaults', 'foo', 5],
      ['frontend', 'f', 7],
    ]);
    const global = config.sections[0];
    expect(global?.lines.map((l) => [l.keyword, l.comment])).toEqual([
      ['global', undefined],
      ['daemon', undefined],
      ['', ' web'],
    ]);
    const bind = config.sections[2]?.lines[1];
    expect(bind?.keyword).toBe('bind');
    expect(bind?.args).toEqual([{ value: ':80', source: src(8, 8, 11) }]);
    expect(bind?.source).toEqual(src(8, 3, 11));
    expect(bind?.comment).toBe(' public');
    expect(config.sections[0]?.source).toEqual(src(1, 1, 7));
  });

  it('reports keywords before any section', () => {
    const { config, problems } = parse('# header\n  bind :80\nfrontend f\n');
    expect(problems).toEqual([{ kind: 'parse-error', message: "keyword 'bind' outside of any section", source: src(2, 3, 7) }]);
    expect(config.sections).toHaveLength(1);
  });

  it('does not join lines that end with a backslash', () => {
    const { config } = parse('frontend f\n  use_backend x if a \\\n    b\n');
    expect(config.lineContinuations).toEqual([src(2, 22, 23)]);
    const lines = config.sections[0]?.lines ?? [];
    expect(lines.map((l) => l.keyword)).toEqual(['frontend', 'use_backend', 'b']);
    expect(lines[1]?.args.map((a) => a.value)).toEqual(['x', 'if', 'a', '\\']);
  });

  it('flags more than 64 words on a line', () => {
    const patterns = Array.from({ length: 70 }, (_, i) => `/p${i}`).join(' ');
    const { problems } = parse(`frontend f\n  acl a path_beg ${patterns}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('too many words');
  });

  it('records docdrift-ignore suppressions on the line they silence, and where their comment is', () => {
    const text = [
      'frontend f', // 1
      '  # docdrift-ignore haproxy/acl-one-fetch, haproxy/other', // 2
      '', // 3
      '  # unrelated', // 4
      '  acl x path_beg /a path_end /b', // 5
      '  use_backend b if x # docdrift-ignore haproxy/unknown-backend -- tracked in #12', // 6
      '  # docdrift-ignore', // 7
    ].join('\n');
    const { config } = parse(text);
    expect(config.suppressions).toEqual([
      { ruleIds: ['haproxy/acl-one-fetch', 'haproxy/other'], source: src(5, 3, 32), comment: src(2, 3, 57) },
      { ruleIds: ['haproxy/unknown-backend'], source: src(6, 3, 21), comment: src(6, 22, 81) },
      { ruleIds: ['*'], source: src(7, 3, 20), comment: src(7, 3, 20) },
    ]);
  });

  it('places a suppression at its comment, not at a quoted #docdrift-ignore earlier on the line (a quoted # is not a comment)', () => {
    const text = [
      'frontend f', // 1
      '  http-request set-header X-Note "#docdrift-ignore x" # docdrift-ignore haproxy/other', // 2
      "  http-request set-header X-Note '# docdrift-ignore haproxy/other -- ' # docdrift-ignore haproxy/other", // 3
    ].join('\n');
    expect(parse(text).config.suppressions).toEqual([
      { ruleIds: ['haproxy/other'], source: src(2, 3, 54), comment: src(2, 55, 86) },
      { ruleIds: ['haproxy/other'], source: src(3, 3, 71), comment: src(3, 72, 103) },
    ]);
  });

  it('finds a suppression on a last line that ends in a bare CR', () => {
    const { config } = parse('backend b\n  server s 127.0.0.1:80 # docdrift-ignore haproxy/other\r');
    expect(config.suppressions).toEqual([{ ruleIds: ['haproxy/other'], source: src(2, 3, 24), comment: src(2, 25, 56) }]);
  });

  it('never throws and stays fast on junk, binary data and huge lines', () => {
    const junk = Array.from({ length: 20000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    expect(() => parse(junk)).not.toThrow();
    expect(() => parse('frontend "\n\'\n{ } \\x\\\n\u0000\u0001backend\tb\n  server')).not.toThrow();
    const started = Date.now();
    const long = `frontend f\n  acl a path_beg ${'\\'.repeat(1_000_000)}\n  acl b path ${'"'.repeat(500_000)}\n`;
    const { config } = parse(long + 'x '.repeat(500_000));
    expect(config.frontends).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('acl', () => {
  it('keeps extra fetch names as patterns (the one-fetch-per-acl bug)', () => {
    const { config } = parse('frontend f\n  acl is_sync path_beg /a path_end /b\n');
    const [acl] = frontendAcls(config);
    expect(acl?.name).toBe('is_sync');
    expect(acl?.fetch).toBe('path_beg');
    expect(acl?.matchMethod).toBe('beg');
    expect(acl?.patterns).toEqual([
      { value: '/a', source: src(2, 24, 26) },
      { value: 'path_end', source: src(2, 27, 35) },
      { value: '/b', source: src(2, 36, 38) },
    ]);
    expect(acl?.source).toEqual(src(2, 3, 38));
  });

  it('reads flags before the patterns only', () => {
    const { config, problems } = parse(
      [
        'frontend f',
        '  acl a hdr(host) -i -m beg www. -i',
        '  acl b path -f /etc/paths.lst -u 7 -- -x',
        '  acl c path -m reg -m beg /x',
        '  acl d path -z /x',
      ].join('\n'),
    );
    const [a, b, c, d] = frontendAcls(config);
    expect(a?.flags).toEqual(['-i', '-m beg']);
    expect(a?.matchMethod).toBe('beg');
    expect(a?.patterns.map((p) => p.value)).toEqual(['www.', '-i']);
    expect(b?.flags).toEqual(['-f /etc/paths.lst', '-u 7', '--']);
    expect(b?.matchMethod).toBe('str');
    expect(b?.patterns.map((p) => p.value)).toEqual(['-x']);
    expect(c?.matchMethod).toBe('beg');
    expect(d?.flags).toEqual(['-z']);
    expect(problems).toEqual([
      {
        kind: 'parse-error',
        message: "'-z' is not a valid ACL option; use '--' before any pattern beginning with a '-'",
        source: src(5, 14, 16),
      },
    ]);
  });

  it('derives the match method from the fetch', () => {
    expect(
      ['path', 'path_beg', 'path_end', 'path_reg', 'path_dir', 'path_sub', 'path_len', 'path_dom', 'url', 'hdr_beg(host)', 'hdr(host)', 'urlp_reg(x)'].map(
        deriveMatchMethod,
      ),
    ).toEqual(['str', 'beg', 'end', 'reg', 'dir', 'sub', 'len', 'dom', 'str', 'beg', 'str', 'reg']);
    expect(['nbsrv(sync)', 'hdr_cnt(x)', 'always_true', 'src', 'method', 'hdr(host),lower', 'path_beg,lower', 'var(txn.x)'].map(deriveMatchMethod)).toEqual([
      'int', 'int', 'bool', 'ip', 'meth', 'str', 'str', undefined,
    ]);
    expect(parseFetch('req.hdr("X-Foo",1),lower,map_reg(/etc/m,main)')).toEqual({
      fetch: { name: 'req.hdr', args: ['X-Foo', '1'] },
      converters: [
        { name: 'lower', args: [] },
        { name: 'map_reg', args: ['/etc/m', 'main'] },
      ],
    });
  });

  it('keeps repeated ACL names as separate entries', () => {
    const { config } = parse('frontend f\n  acl s path_beg /x\n  acl s path_end /sync\n');
    expect(frontendAcls(config).map((a) => [a.name, a.fetch, a.patterns.map((p) => p.value)])).toEqual([
      ['s', 'path_beg', ['/x']],
      ['s', 'path_end', ['/sync']],
    ]);
  });

  it('stops at the first empty argument like HAProxy', () => {
    const { config } = parse('frontend f\n  acl a path_beg /a "" /b\n');
    expect(frontendAcls(config)[0]?.patterns.map((p) => p.value)).toEqual(['/a']);
    expect(config.sections[0]?.lines[1]?.args.map((a) => a.value)).toEqual(['a', 'path_beg', '/a', '', '/b']);
  });
});

describe('use_backend and default_backend', () => {
  it('parses conditions: AND groups, or/||, negation, anonymous ACLs, unless', () => {
    const text = [
      'frontend f',
      '  use_backend b1 if a !b or c || ! d { path_beg /x -i /Y } !{ nbsrv(w) lt 1 }',
      '  use_backend b2 unless a OR !!b',
      '  use_backend b3',
      '  use_backend be_%[path,map_beg(/m)] if a',
    ].join('\n');
    const { config, problems } = parse(text);
    expect(problems).toEqual([]);
    const [r1, r2, r3, r4] = config.frontends[0]?.useBackends ?? [];
    expect(r1?.backend).toEqual({ value: 'b1', source: src(2, 15, 17) });
    expect(r1?.dynamic).toBe(false);
    expect(r1?.source).toEqual(src(2, 3, 78));
    expect(r1?.condition?.polarity).toBe('if');
    expect(r1?.condition?.source).toEqual(src(2, 18, 78));
    const shape = r1?.condition?.anyOf.map((g) =>
      g.map((t) => (t.acl.kind === 'named' ? `${t.negated ? '!' : ''}${t.acl.name.value}` : `${t.negated ? '!' : ''}{${t.acl.acl.fetch}}`)),
    );
    expect(shape).toEqual([['a', '!b'], ['c'], ['!d', '{path_beg}', '!{nbsrv(w)}']]);
    // The name of a prefixed negation points past the '!'.
    const notB = r1?.condition?.anyOf[0]?.[1];
    expect(notB?.acl.kind === 'named' && notB.acl.name.source).toEqual(src(2, 24, 25));
    const anon = r1?.condition?.anyOf[2]?.[1];
    expect(anon?.acl.kind === 'anonymous' && anon.acl.acl).toEqual({
      name: '',
      fetch: 'path_beg',
      flags: [],
      matchMethod: 'beg',
      patterns: [
        { value: '/x', source: src(2, 49, 51) },
        { value: '-i', source: src(2, 52, 54) },
        { value: '/Y', source: src(2, 55, 57) },
      ],
      source: src(2, 38, 59),
    });
    expect(r2?.condition?.polarity).toBe('unless');
    expect(r2?.condition?.anyOf.map((g) => g.map((t) => t.negated))).toEqual([[false], [false]]);
    expect(r3?.condition).toBeUndefined();
    expect(r4?.dynamic).toBe(true);
    expect(r4?.backend.value).toBe('be_%[path,map_beg(/m)]');
  });

  it('keeps an empty condition (which never matches) and reports bad syntax', () => {
    const { config, problems } = parse('frontend f\n  use_backend a if\n  use_backend b iff x\n  use_backend c if { path /x\n');
    const [a, b, c] = config.frontends[0]?.useBackends ?? [];
    expect(a?.condition).toEqual({ polarity: 'if', anyOf: [], source: src(2, 17, 19) });
    expect(b?.condition).toBeUndefined();
    expect(c?.condition?.anyOf).toEqual([]);
    expect(problems.map((p) => [p.message, p.source.line, p.source.column])).toEqual([
      ["unexpected keyword 'iff' after use_backend: only 'if' and 'unless' are allowed", 3, 17],
      ["missing closing '}' in condition", 4, 20],
    ]);
  });

  it('folds default_backend from the defaults section that applies, keeping its source', () => {
    const text = [
      'defaults', // 1
      '  mode http', // 2
      '  default_backend main', // 3
      'frontend a', // 4
      '  bind :80', // 5
      'frontend b', // 6
      '  default_backend other', // 7
      'listen c', // 8
      '  bind :81', // 9
      'defaults named', // 10
      '  mode http', // 11
      'frontend d', // 12
      'frontend e from named', // 13
      'defaults', // 14
      '  default_backend late', // 15
      'frontend g from named', // 16
    ].join('\n');
    const { config } = parse(text);
    const byName = Object.fromEntries(config.frontends.map((f) => [f.name, f.defaultBackend]));
    expect(byName.a).toEqual({ value: 'main', source: src(3, 19, 23) });
    expect(byName.b).toEqual({ value: 'other', source: src(7, 19, 24) });
    expect(byName.c).toEqual({ value: 'main', source: src(3, 19, 23) });
    // A new defaults section starts from scratch.
    expect(byName.d).toBeUndefined();
    expect(byName.e).toBeUndefined();
    expect(byName.g).toBeUndefined();
    expect(config.frontends.find((f) => f.name === 'c')?.section).toBe('listen');
    expect(config.backends.map((b) => b.name)).toEqual(['c']);
  });
});

describe('proxies', () => {
  it('gives a listen section both halves and reports keywords in the wrong section', () => {
    const text = [
      'defaults', // 1
      '  use_backend x', // 2
      'listen l', // 3
      '  bind :80', // 4
      '  acl a path /a', // 5
      '  use_backend x if a', // 6
      '  server s 10.0.0.1:80', // 7
      'frontend f', // 8
      '  server s 10.0.0.1:80', // 9
      'backend x', // 10
      '  use_backend y', // 11 (HAProxy only warns: ignored)
    ].join('\n');
    const { config, problems } = parse(text);
    const listen = config.frontends[0];
    expect([listen?.name, listen?.section, listen?.binds.map((b) => b.value), listen?.useBackends.length]).toEqual(['l', 'listen', [':80'], 1]);
    expect(config.backends.map((b) => [b.name, b.section, b.servers.length, b.acls.map((a) => a.name)])).toEqual([
      ['l', 'listen', 1, ['a']],
      ['x', 'backend', 0, []],
    ]);
    expect(listen?.acls).toEqual(config.backends[0]?.acls);
    expect(problems.map((p) => [p.message, p.source.line])).toEqual([
      ["'use_backend' is not allowed in a defaults section", 2],
      ["'server' is not allowed in a frontend section", 9],
    ]);
  });
});

describe('servers', () => {
  it('splits addresses like HAProxy', () => {
    expect(
      ['[::1]:80', 'ipv4@127.0.0.1:81', 'unix@/tmp/s', '/run/s.sock', '127.0.0.1', '127.0.0.1:+1', '::1:82', 'host:80-90', 'host:', 'h.example:8443'].map(
        splitAddress,
      ),
    ).toEqual([
      { host: '::1', port: 80 },
      { host: '127.0.0.1', port: 81 },
      { host: '/tmp/s', port: undefined },
      { host: '/run/s.sock', port: undefined },
      { host: '127.0.0.1', port: undefined },
      { host: '127.0.0.1', port: undefined },
      { host: '::1', port: 82 },
      { host: 'host', port: undefined },
      { host: 'host', port: undefined },
      { host: 'h.example', port: 8443 },
    ]);
  });

  it('parses server and server-template lines with options, backup and resolvers', () => {
    const text = [
      'resolvers kubedns', // 1
      '  parse-resolv-conf', // 2
      'defaults', // 3
      '  default-server resolvers kubedns', // 4
      'backend sync', // 5
      '  balance hdr(Authorization)', // 6
      '  server-template sync 2-9 _synapse-http._tcp.synapse-sync.matrix.svc.cluster.local init-addr none check', // 7
      '  server main 10.0.0.1:8008 backup resolvers other', // 8
    ].join('\n');
    const { config, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(config.resolvers).toEqual([{ value: 'kubedns', source: src(1, 11, 18) }]);
    const backend = config.backends[0];
    expect(backend?.balance).toEqual({ value: 'hdr(Authorization)', source: src(6, 11, 29) });
    const t = server(config, 'sync', 0);
    expect(t.kind).toBe('server-template');
    expect(t.name).toEqual({ value: 'sync', source: src(7, 19, 23) });
    expect(t.slots).toEqual({ value: 8, source: src(7, 24, 27) });
    expect(t.address.source).toEqual(src(7, 28, 84));
    expect(t.host).toBe('_synapse-http._tcp.synapse-sync.matrix.svc.cluster.local');
    expect(t.port).toBeUndefined();
    expect(t.srv).toEqual({ portName: 'synapse-http', protocol: 'tcp', service: 'synapse-sync', namespace: 'matrix', domain: 'svc.cluster.local' });
    expect(t.malformedSrv).toBeUndefined();
    expect(t.resolvers).toBe('kubedns');
    expect(t.backup).toBe(false);
    expect(t.options.map((o) => o.value)).toEqual(['init-addr', 'none', 'check']);
    expect(t.source).toEqual(src(7, 3, 105));
    const s = server(config, 'sync', 1);
    expect([s.kind, s.host, s.port, s.backup, s.resolvers, s.srv, s.slots]).toEqual(['server', '10.0.0.1', 8008, true, 'other', undefined, undefined]);
  });

  it('parses short and malformed SRV labels', () => {
    expect(parseSrvName('_http._tcp.svc-name')).toEqual({
      srv: { portName: 'http', protocol: 'tcp', service: 'svc-name', namespace: undefined, domain: undefined },
      malformed: undefined,
    });
    expect(parseSrvName('_http._tcp.svc.ns.')).toEqual({
      srv: { portName: 'http', protocol: 'tcp', service: 'svc', namespace: 'ns', domain: undefined },
      malformed: undefined,
    });
    expect(parseSrvName('synapse.matrix.svc.cluster.local')).toEqual({ srv: undefined, malformed: undefined });
    expect(parseSrvName('_http.synapse').malformed).toBe("the label after the port name must be the protocol (_tcp, _udp or _sctp), found 'synapse'");
    expect(parseSrvName('_http').malformed).toBe("missing the _<protocol> label (e.g. _tcp) after '_http'");
    expect(parseSrvName('http._tcp.synapse.matrix.svc.cluster.local').malformed).toBe(
      "the port name label 'http' must start with '_'",
    );
    expect(parseSrvName('_http._tcp.matrix.svc.cluster.local').malformed).toBe(
      "only one name ('matrix') between the protocol label and 'svc': the service or its namespace is missing",
    );
    expect(parseSrvName('_http._tcp.synapse-0.synapse.matrix.svc').malformed).toBe(
      "3 names (synapse-0.synapse.matrix) between the protocol label and 'svc', where the service and its namespace belong",
    );
    expect(parseSrvName('_http._tcp.synapse.matrix.cluster.local').malformed).toBe("expected 'svc' after the namespace 'matrix', found 'cluster'");
    expect(parseSrvName('_http._tpc.synapse').malformed).toBe("unknown SRV protocol '_tpc' (expected _tcp, _udp or _sctp)");
    expect(parseSrvName('_http._tcp').malformed).toBe('missing the service name after the protocol label');
  });

  it('reports invalid server-template counts and missing addresses', () => {
    const { config, problems } = parse('backend b\n  server-template w 5-2 h:80\n  server-template v 0 h:80\n  server lonely\n');
    expect(config.backends[0]?.servers.map((s) => s.slots)).toEqual([undefined, undefined]);
    expect(problems.map((p) => [p.message, p.source.line, p.source.column])).toEqual([
      ["invalid server-template number or range '5-2'", 2, 21],
      ["invalid server-template number or range '0'", 3, 21],
      ["'server' expects <name> and <address>", 4, 3],
    ]);
  });

  it('reads health checks (http-check send wins, bare httpchk is OPTIONS /)', () => {
    const text = [
      'defaults',
      '  option httpchk GET /inherited',
      'backend a',
      '  option httpchk GET /health HTTP/1.1',
      'backend b',
      '  option httpchk',
      '  http-check send meth GET uri /health',
      'backend c',
      'backend d',
      '  option httpchk',
      'backend e',
      '  no option httpchk',
      'defaults',
      'backend f',
      '  http-check send meth GET uri /ignored',
    ].join('\n');
    const { config } = parse(text);
    expect(config.backends.map((b) => b.healthCheck?.value)).toEqual(['/health', '/health', '/inherited', '/', undefined, undefined]);
    expect(config.backends[1]?.healthCheck?.source).toEqual(src(7, 32, 39));
    expect(config.backends[2]?.healthCheck?.source).toEqual(src(2, 22, 32));
  });
});

describe('what HAProxy refuses (found by the differential tests against haproxy -c 2.6)', () => {
  const messages = (text: string): string[] => parse(text).problems.map((p) => `${p.source.line}: ${p.message}`);

  it('reports unknown and removed keywords in proxy sections, with a hint', () => {
    expect(messages('frontend f\n  use-backend b\n  frobnicate on\nbackend b\n  reqadd X-Foo:\\ bar\n')).toEqual([
      "2: unknown keyword 'use-backend' in 'frontend' section; did you mean 'use_backend'?",
      "3: unknown keyword 'frobnicate' in 'frontend' section",
      "5: 'reqadd' is not supported anymore since HAProxy 2.1; use 'http-request add-header'",
    ]);
    // The second half of a backslash-continued line stands alone and is refused the same way.
    expect(messages('frontend f\n  acl a path_beg /x \\\n      /y\n')).toEqual(["3: unknown keyword '/y' in 'frontend' section"]);
    // Keywords of every proxy kind, .if blocks (whose branches are not evaluated) and directives outside sections are fine.
    expect(messages('.if defined(X)\n.endif\nfrontend f\n  maxconn 10\n  no option http-server-close\n.if defined(Y)\n  anything goes\n.endif\n')).toEqual([]);
  });

  it('reports rules and ACLs in an anonymous defaults section, and keywords no defaults section takes', () => {
    expect(messages('defaults\n  acl a path /x\n  http-request deny\n  filter compression\ndefaults named\n  acl a path /x\n  bind :80\n')).toEqual([
      "2: 'acl' is not allowed in an anonymous 'defaults' section (give the section a name and use it with 'from')",
      "3: 'http-request' is not allowed in an anonymous 'defaults' section (give the section a name and use it with 'from')",
      "4: 'filter' is not allowed in a 'defaults' section",
      "7: 'bind' is not allowed in a 'defaults' section",
    ]);
  });

  it('restricts who inherits a defaults section that defines rules', () => {
    const text = [
      'defaults base',
      '  http-request set-header X-Seen 1',
      'frontend f from base',
      'backend b from base',
      'listen l from base',
      'defaults other from base',
    ].join('\n');
    expect(messages(text)).toEqual([
      '4: frontends and backends cannot inherit from the same defaults section when it defines TCP/HTTP rules: the defaults section on line 1 defines TCP/HTTP rules (http-request …)',
      '5: a listen section cannot inherit from a defaults section that defines TCP/HTTP rules: the defaults section on line 1 defines TCP/HTTP rules (http-request …)',
      '6: a defaults section cannot inherit from a defaults section that defines TCP/HTTP rules: the defaults section on line 1 defines TCP/HTTP rules (http-request …)',
    ]);
    // ACLs alone are no rules; they are checked but not inherited.
    const acls = parse('defaults base\n  acl a path -I /x\nlisten l from base\n');
    expect(acls.problems.map((p) => p.message)).toEqual(["'-I' is not a valid ACL option; use '--' before any pattern beginning with a '-'"]);
  });

  it('checks proxy names and the arguments of default_backend', () => {
    expect(messages('frontend f\n  default_backend b extra\nbackend my\\ b\ndefaults my/defaults\n')).toEqual([
      "2: 'default_backend' takes one backend name, unexpected argument 'extra'",
      "3: character ' ' is not permitted in backend name 'my b': only letters, digits, '-', '_', '.' and ':' are allowed",
    ]);
  });

  it('refuses a $ inside double quotes that starts no variable name', () => {
    expect(words('"a\\$" \'b$\' c$ "${HOME}x" "$HOME.y"')).toEqual(['a$', 'b$', 'c$', '${HOME}x', '$HOME.y']);
    // A default value and the word-splitting form, as HAProxy 2.6 reads them; a default with no closing brace is unmatched.
    expect(tokenizeLine(FILE, 1, 'bind "*:${P-8080}" "*:${Q-}9000" "${X[*]}"').problems).toEqual([]);
    expect(tokenizeLine(FILE, 1, 'bind "*:${P-8080"').problems.map((p) => p.message)).toEqual(["unmatched brace in environment variable name after '${'"]);
    expect(tokenizeLine(FILE, 1, 'acl a path_reg "sync$" "${X" "$1"').problems.map((p) => [p.message, p.source.column])).toEqual([
      ["forbidden first character in environment variable name after '$' (write \\$ for a literal dollar sign)", 21],
      ["unmatched brace in environment variable name after '${'", 25],
      ["forbidden first character in environment variable name after '$' (write \\$ for a literal dollar sign)", 31],
    ]);
  });

  it('checks regexes and integer patterns when the ACL is read, in rules of every kind', () => {
    const text = [
      'frontend f',
      '  acl r path_reg ^/(x [a- ^/(?>atomic)x++ ok$',
      '  acl n hdr_cnt(host) eq 1 1:3 3-4 :9 5: one 10:5 +5 GT',
      '  acl s fe_name f',
      '  http-request deny if { path -m nope /x }',
      '  redirect prefix /new if { path_beg /old',
    ].join('\n');
    expect(messages(text)).toEqual([
      "2: invalid regex '^/(x': Unterminated group",
      "2: invalid regex '[a-': missing terminating ] for character class",
      "3: 'one' is not a number (integer match)",
      "3: '10:5' is not a valid number range (integer match)",
      "3: '+5' is not a number (integer match)",
      "3: 'GT' is not a number (integer match)",
      "5: unknown matching method 'nope' in ACL expression",
      "6: missing closing '}' in condition",
    ]);
  });

  it('derives the match method HAProxy 2.6 uses for fetches named like integers', () => {
    expect(['fe_name', 'be_name', 'srv_name', 'fe_defbe', 'so_name', 'sc0_tracked', 'req_len'].map(deriveMatchMethod)).toEqual([
      'str', 'str', 'str', 'str', 'str', 'bool', 'int',
    ]);
  });
});
