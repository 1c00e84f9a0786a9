import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../parse/haproxy.ts';
import { evaluateAcl, evaluateCondition, matchWord, pcreToJs, routeRequest, type RouteRequest } from './routing.ts';
import type { HaproxyConfig, HaproxyFrontend } from './types.ts';

const FILE = 'deployment/config/haproxy.cfg';

function load(text: string): { config: HaproxyConfig; frontend: (name?: string) => HaproxyFrontend } {
  const { config, problems } = parseHaproxy(FILE, text);
  expect(problems).toEqual([]);
  return {
    config,
    frontend: (name) => {
      const found = name ? config.frontends.find((f) => f.name === name) : config.frontends[0];
      if (!found) throw new Error(`no frontend ${name ?? ''}`);
      return found;
    },
  };
}

/** A frontend named f with the given lines, plus backends a, b, c, main. */
function frontendWith(lines: string[], extra = ''): { config: HaproxyConfig; frontend: HaproxyFrontend } {
  const text = ['frontend f', ...lines.map((l) => `  ${l}`), 'backend a', 'backend b', 'backend c', 'backend main', extra].join('\n');
  const { config, frontend } = load(text);
  return { config, frontend: frontend('f') };
}

function pick(lines: string[], request: RouteRequest | string, extra = ''): string | undefined {
  const { config, frontend } = frontendWith(lines, extra);
  return routeRequest(config, frontend, typeof request === 'string' ? { path: request } : request).backend;
}

// A Synapse deployment in the style of the reference (sync family by regex, ess-style SRV templates).
const SYNAPSE = `
global
  log stdout format raw local0

resolvers kubedns
  nameserver dns1 127.0.0.1:53
  accepted_payload_size 8192
  hold valid 5s

defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  default_backend synapse-main

frontend matrix
  bind *:8008
  acl is_sync path_reg ^/_matrix/client/(r0|v3)/sync$
  acl is_sync path_reg ^/_matrix/client/(api/v1|r0|v3)/events$
  acl is_sync path_reg ^/_matrix/client/(api/v1|r0|v3)/initialSync$
  acl is_sync path_reg ^/_matrix/client/(api/v1|r0|v3)/rooms/[^/]+/initialSync$
  acl initial_sync urlp(since) -m found
  acl is_federation path_beg /_matrix/federation/ /_matrix/key/
  acl is_media path_beg /_matrix/media/ /_matrix/client/v1/media/
  acl is_typing path_reg ^/_matrix/client/(api/v1|r0|v3|unstable)/rooms/.*/typing
  acl broken_sync path_beg /x path_end /sync
  acl is_admin path_beg -i /_SYNAPSE/ADMIN
  acl sync_dead nbsrv(synapse-sync) lt 1
  use_backend synapse-main if is_sync sync_dead
  use_backend synapse-initial-sync if is_sync !initial_sync
  use_backend synapse-sync if is_sync
  use_backend synapse-federation if is_federation METH_GET || is_federation METH_POST
  use_backend synapse-media if is_media
  use_backend synapse-typing if is_typing
  use_backend synapse-broken if broken_sync
  use_backend synapse-admin if is_admin { hdr(host) -i matrix.example.org }
  use_backend synapse-main unless { path_beg /_matrix/ /_synapse/ /.well-known/ }

backend synapse-main
  server main synapse-main.matrix.svc.cluster.local:8008 check

backend synapse-sync
  balance hdr(Authorization)
  option httpchk
  http-check send meth GET uri /health
  server-template sync 8 _synapse-http._tcp.synapse-sync.matrix.svc.cluster.local resolvers kubedns init-addr none check

backend synapse-initial-sync
  server-template initial 2 _synapse-http._tcp.synapse-initial-sync.matrix.svc.cluster.local resolvers kubedns init-addr none check

backend synapse-federation
  server-template fed 3 _synapse-http._tcp.synapse-federation.matrix.svc.cluster.local resolvers kubedns init-addr none check

backend synapse-media
  server media synapse-media.matrix.svc.cluster.local:8008 check

backend synapse-typing
  server typing synapse-typing.matrix.svc.cluster.local:8008 check

backend synapse-broken
  server broken synapse-main.matrix.svc.cluster.local:8008 check

backend synapse-admin
  server admin synapse-main.matrix.svc.cluster.local:8008 check
`;

describe('routeRequest on a Synapse config', () => {
  const { config, frontend } = load(SYNAPSE);
  const matrix = frontend('matrix');

  // Expected backends recorded from HAProxy 2.6.12 serving this config (servers on loopback, every server up).
  const cases: [string, string, Record<string, string> | undefined, string][] = [
    ['GET', '/_matrix/client/v3/sync?since=s123', undefined, 'synapse-sync'],
    ['GET', '/_matrix/client/v3/sync', undefined, 'synapse-initial-sync'],
    ['GET', '/_matrix/client/r0/sync?timeout=0&since=x', undefined, 'synapse-sync'],
    ['GET', '/_matrix/client/v3/sync/extra?since=1', undefined, 'synapse-main'],
    ['GET', '/_matrix/client/v3/events?from=1&since=2', undefined, 'synapse-sync'],
    ['GET', '/_matrix/client/v3/rooms/!a:b/initialSync?since=1', undefined, 'synapse-sync'],
    ['GET', '/_matrix/client/v3/rooms/!a:b/messages', undefined, 'synapse-main'],
    ['GET', '/_matrix/client/v3/rooms/!a:b/typing/@u:b', undefined, 'synapse-typing'],
    ['PUT', '/_matrix/client/v3/rooms/!a:b/typing/@u:b', undefined, 'synapse-typing'],
    ['GET', '/_matrix/federation/v1/version', undefined, 'synapse-federation'],
    ['POST', '/_matrix/federation/v1/send/1', undefined, 'synapse-federation'],
    ['PUT', '/_matrix/federation/v1/send/1', undefined, 'synapse-main'],
    ['GET', '/_matrix/key/v2/server', undefined, 'synapse-federation'],
    ['GET', '/_matrix/media/v3/download/a/b', undefined, 'synapse-media'],
    ['GET', '/_matrix/client/v1/media/thumbnail/a/b', undefined, 'synapse-media'],
    ['GET', '/x/foo', undefined, 'synapse-broken'],
    ['GET', '/sync', undefined, 'synapse-broken'],
    ['GET', '/path_end', undefined, 'synapse-main'],
    ['GET', '/_matrix/client/v3/x/sync', undefined, 'synapse-main'],
    ['GET', '/_synapse/admin/v1/users', { Host: 'matrix.example.org' }, 'synapse-admin'],
    ['GET', '/_SYNAPSE/admin/v1/users', { Host: 'MATRIX.example.org' }, 'synapse-admin'],
    ['GET', '/_synapse/admin/v1/users', { Host: 'other.example.org' }, 'synapse-main'],
    ['GET', '/.well-known/matrix/client', undefined, 'synapse-main'],
    ['GET', '/index.html', undefined, 'synapse-main'],
    ['GET', '/_matrix/client/versions', undefined, 'synapse-main'],
  ];
  it.each(cases)('%s %s %o → %s', (method, path, headers, expected) => {
    const decision = routeRequest(config, matrix, { method, path, headers });
    expect(decision.backend).toBe(expected);
    expect(decision.certain).toBe(true);
  });

  it('reports the rule and line that decided', () => {
    const sync = routeRequest(config, matrix, { path: '/_matrix/client/v3/sync', query: 'since=1' });
    expect(sync.via).toBe('use_backend');
    expect(sync.rule?.backend.value).toBe('synapse-sync');
    expect(sync.source).toEqual({ file: FILE, line: 32, column: 3, endLine: 32, endColumn: 38 });

    const unless = routeRequest(config, matrix, { path: '/index.html' });
    expect(unless.via).toBe('use_backend');
    expect(unless.rule?.condition?.polarity).toBe('unless');
    expect(unless.source?.line).toBe(38);

    const fallback = routeRequest(config, matrix, { path: '/_matrix/client/v3/rooms/!a:b/messages' });
    expect(fallback).toEqual({
      backend: 'synapse-main',
      rule: undefined,
      via: 'default_backend',
      certain: true,
      // The default_backend line of the defaults section.
      source: { file: FILE, line: 15, column: 3, endLine: 15, endColumn: 31 },
    });
  });

  it('falls back to main when the sync backend has no usable server', () => {
    const dead = SYNAPSE.replace(
      'server-template sync 8 _synapse-http._tcp.synapse-sync.matrix.svc.cluster.local resolvers kubedns init-addr none check',
      'server sync1 10.0.0.1:8008 disabled',
    );
    const { config: c, frontend: f } = load(dead);
    const decision = routeRequest(c, f('matrix'), { path: '/_matrix/client/v3/sync', query: 'since=1' });
    expect(decision.backend).toBe('synapse-main');
    expect(decision.rule?.source.line).toBe(30);
  });
});

describe('routeRequest semantics', () => {
  it('takes the first matching use_backend', () => {
    expect(pick(['use_backend a if { path_beg /x }', 'use_backend b if { path_beg /x/y }'], '/x/y/z')).toBe('a');
    expect(pick(['use_backend b if { path_beg /x/y }', 'use_backend a if { path_beg /x }'], '/x/y/z')).toBe('b');
    expect(pick(['use_backend a', 'use_backend b'], '/')).toBe('a');
  });

  it('uses default_backend, else answers 503', () => {
    const withDefault = frontendWith(['use_backend a if { path /a }', 'default_backend main']);
    expect(routeRequest(withDefault.config, withDefault.frontend, { path: '/z' })).toMatchObject({
      backend: 'main',
      via: 'default_backend',
      rule: undefined,
      certain: true,
      source: { line: 3, column: 3, endColumn: 23 },
    });
    const none = frontendWith(['use_backend a if { path /a }']);
    expect(routeRequest(none.config, none.frontend, { path: '/z' })).toEqual({
      backend: undefined,
      rule: undefined,
      via: 'none',
      certain: true,
      source: undefined,
    });
  });

  it('lets a listen section serve itself when nothing else matches', () => {
    const { config, frontend } = load('listen l\n  bind :80\n  use_backend a if { path /a }\n  server s 10.0.0.1:80\nbackend a\n');
    expect(routeRequest(config, frontend('l'), { path: '/z' })).toMatchObject({ backend: 'l', via: 'default_backend', certain: true });
    expect(routeRequest(config, frontend('l'), { path: '/a' }).backend).toBe('a');
  });

  it('negates with unless and !', () => {
    expect(pick(['acl x path /x', 'use_backend a unless x', 'use_backend b'], '/x')).toBe('b');
    expect(pick(['acl x path /x', 'use_backend a unless x', 'use_backend b'], '/y')).toBe('a');
    expect(pick(['acl x path /x', 'use_backend a if !x', 'use_backend b'], '/x')).toBe('b');
    expect(pick(['acl x path /x', 'use_backend a if ! x', 'use_backend b'], '/y')).toBe('a');
    expect(pick(['acl x path /x', 'use_backend a if ! !x', 'use_backend b'], '/x')).toBe('a');
    // unless applies to the whole condition: not (x or y)
    expect(pick(['acl x path /x', 'acl y path /y', 'use_backend a unless x || y', 'use_backend b'], '/y')).toBe('b');
  });

  it('binds AND tighter than or/||', () => {
    const lines = ['acl x path_beg /x', 'acl y hdr(h) 1', 'use_backend a if x y or METH_POST', 'use_backend b'];
    expect(pick(lines, '/x')).toBe('b');
    expect(pick(lines, { path: '/x', headers: { H: '1' } })).toBe('a');
    expect(pick(lines, { path: '/z', method: 'POST' })).toBe('a');
  });

  it('never matches an empty condition (and unless-empty always does)', () => {
    expect(pick(['use_backend a if', 'use_backend b if ||', 'use_backend c'], '/')).toBe('c');
    expect(pick(['use_backend a unless', 'use_backend c'], '/')).toBe('a');
  });

  it('evaluates anonymous ACLs, -i and repeated names', () => {
    expect(pick(['use_backend a if { path_beg -i /API }', 'use_backend b'], '/api/v1')).toBe('a');
    expect(pick(['use_backend a if { path_beg /API }', 'use_backend b'], '/api/v1')).toBe('b');
    const repeated = ['acl s path_beg /x', 'acl s path_end /sync', 'use_backend a if s', 'use_backend b'];
    expect(pick(repeated, '/_matrix/client/v3/sync')).toBe('a');
    expect(pick(repeated, '/x/1')).toBe('a');
    expect(pick(repeated, '/y')).toBe('b');
  });

  it('treats extra fetch names in one acl as patterns', () => {
    const lines = ['acl is_sync path_beg /a path_end /b', 'use_backend a if is_sync', 'use_backend b'];
    expect(pick(lines, '/a/x')).toBe('a');
    expect(pick(lines, '/b/x')).toBe('a');
    expect(pick(lines, 'path_end/x')).toBe('a');
    expect(pick(lines, '/x/b')).toBe('b');
    expect(pick(lines, '/path_end')).toBe('b');
  });

  it('is false when workers have servers: use_backend main if { nbsrv(workers) lt 1 }', () => {
    const lines = ['use_backend main if { nbsrv(workers) lt 1 }', 'use_backend a'];
    expect(pick(lines, '/', 'backend workers\n  server w1 10.0.0.1:80\n  server w2 10.0.0.2:80')).toBe('a');
    expect(pick(lines, '/', 'backend workers\n  server-template w 1-3 _http._tcp.w.ns.svc.cluster.local resolvers dns')).toBe('a');
    expect(pick(lines, '/', 'backend workers')).toBe('main');
    expect(pick(lines, '/', 'backend workers\n  server w1 10.0.0.1:80 disabled')).toBe('main');
    expect(pick(lines, '/', 'backend workers\n  disabled\n  server w1 10.0.0.1:80')).toBe('main');
  });

  it('counts servers like be_usable_srv (verified against haproxy 2.6: 1, 2 and 5)', () => {
    const extra = [
      'backend w1',
      '  server s1 127.0.0.1:1 backup',
      'backend w2',
      '  server s1 127.0.0.1:1',
      '  server s2 127.0.0.1:1',
      '  server s3 127.0.0.1:1 backup',
      '  server s4 127.0.0.1:1 disabled',
      'backend w3',
      '  server-template t 3-7 127.0.0.1:1',
      'backend w4',
      '  option allbackups',
      '  server b1 127.0.0.1:1 backup',
      '  server b2 127.0.0.1:1 backup',
    ].join('\n');
    const lines = ['use_backend a if { nbsrv(w1) eq 1 } { nbsrv(w2) eq 2 } { nbsrv(w3) eq 5 } { nbsrv(w4) eq 2 }', 'use_backend b'];
    expect(pick(lines, '/', extra)).toBe('a');
  });

  it('follows a dynamic use_backend name but marks the decision uncertain', () => {
    const { config, frontend } = frontendWith(['use_backend be_%[path,map_beg(/etc/m,a)] if { path_beg /x }', 'default_backend main']);
    expect(routeRequest(config, frontend, { path: '/x' })).toMatchObject({ backend: 'be_%[path,map_beg(/etc/m,a)]', via: 'use_backend', certain: false });
    expect(routeRequest(config, frontend, { path: '/y' })).toMatchObject({ backend: 'main', certain: true });
  });

  it('marks decisions uncertain only when an undecidable ACL could change them', () => {
    const { config, frontend } = frontendWith([
      'acl internal src 10.0.0.0/8',
      'use_backend a if internal { path_beg /admin }',
      'use_backend b if { path_beg /b }',
      'default_backend main',
    ]);
    // /admin: `internal` cannot be told, so the guess (false) is uncertain.
    expect(routeRequest(config, frontend, { path: '/admin' })).toMatchObject({ backend: 'main', certain: false });
    // /b: the first rule is surely false whatever src is.
    expect(routeRequest(config, frontend, { path: '/b' })).toMatchObject({ backend: 'b', certain: true });
    // Undeclared ACL names (haproxy -c rejects them) are undecidable too.
    const undeclared = frontendWith(['use_backend a if nosuch', 'use_backend b']);
    expect(routeRequest(undeclared.config, undeclared.frontend, { path: '/' })).toMatchObject({ backend: 'b', certain: false });
  });

  it('marks decisions uncertain when http-request rules may rewrite or answer the request', () => {
    const rewrite = frontendWith(['http-request set-path /x%[path] if { path_beg /old }', 'use_backend a if { path_beg /x }', 'use_backend b']);
    expect(routeRequest(rewrite.config, rewrite.frontend, { path: '/old/1' }).certain).toBe(false);
    expect(routeRequest(rewrite.config, rewrite.frontend, { path: '/new/1' }).certain).toBe(true);
    const options = frontendWith(['http-request return status 204 if METH_OPTIONS', 'http-request set-header X-Forwarded-Proto https', 'use_backend a']);
    expect(routeRequest(options.config, options.frontend, { path: '/', method: 'OPTIONS' }).certain).toBe(false);
    expect(routeRequest(options.config, options.frontend, { path: '/', method: 'GET' }).certain).toBe(true);
    const redirect = frontendWith(['http-request redirect scheme https unless { ssl_fc }', 'use_backend a']);
    expect(routeRequest(redirect.config, redirect.frontend, { path: '/' }).certain).toBe(true);
  });

  it('lets a proxy ACL shadow a predefined one', () => {
    expect(pick(['acl TRUE path /never', 'use_backend a if TRUE', 'use_backend b'], '/x')).toBe('b');
    expect(pick(['use_backend a if TRUE', 'use_backend b'], '/x')).toBe('a');
    expect(pick(['use_backend a if FALSE', 'use_backend b'], '/x')).toBe('b');
  });
});

describe('fetches and match methods', () => {
  const { config, frontend } = frontendWith([]);
  function acl(line: string, request: RouteRequest | string): { value: boolean; certain: boolean } {
    const parsed = load(`frontend t\n  acl x ${line}\n`);
    const found = parsed.frontend('t').acls[0];
    if (!found) throw new Error('no acl');
    return evaluateAcl(found, typeof request === 'string' ? { path: request } : request, config, frontend);
  }
  const yes = { value: true, certain: true };
  const no = { value: false, certain: true };
  const unknown = { value: false, certain: false };

  it('matches path/url/base/query', () => {
    expect(acl('path /a', '/a?x=1')).toEqual(yes);
    // Absolute-form targets: path is the part after the authority, url is the whole target.
    expect(acl('path /blah', 'http://www1.example.com:80/blah?x')).toEqual(yes);
    expect(acl('url_dom dc-eu.example', 'http://www1.dc-eu.example.com:80/blah')).toEqual(yes);
    expect(acl('url /a?x=1', '/a?x=1')).toEqual(yes);
    expect(acl('url /a?x=1', { path: '/a', query: 'x=1' })).toEqual(yes);
    expect(acl('base_beg example.org/p', { path: '/p', host: 'example.org' })).toEqual(yes);
    expect(acl('base_beg example.org/p', { path: '/p', headers: { host: 'Example.org:80' } })).toEqual(no);
    expect(acl('query -m found', '/q?')).toEqual(yes);
    expect(acl('query -m found', '/q')).toEqual(no);
    expect(acl('path_len 5', '/abcd')).toEqual(yes);
    expect(acl('path -m len gt 10', '/_matrix/v3')).toEqual(yes);
    expect(acl('path_end -i .PNG', '/a.png')).toEqual(yes);
    expect(acl('path_sub -i /V3/', '/_matrix/client/v3/sync')).toEqual(yes);
  });

  it('matches dir and dom on delimited words (pattern.c match_word)', () => {
    expect(acl('path_dir api/v1', '/a/api/v1?x')).toEqual(yes);
    expect(acl('path_dir api/v1', '/a/api/v1x')).toEqual(no);
    expect(acl('path_dir api/v1', '/a/xapi/v1/b')).toEqual(no);
    expect(acl('path_dir /v3/', '/x/v3')).toEqual(yes);
    expect(acl('path -m dom api', '/foo/api.x')).toEqual(yes);
    expect(acl('path -m dom api', '/foo/apix')).toEqual(no);
    expect(acl('hdr_dom(host) example.com', { path: '/', host: 'www.example.com:80' })).toEqual(yes);
    expect(acl('hdr_dom(host) example.com', { path: '/', host: 'wwwexample.com' })).toEqual(no);
    expect(matchWord('/images/png/logo/32x32.png', 'images/png', '/?', false)).toBe(true);
    // configuration.txt says 'png' does not match here, but it is a whole component and HAProxy 2.6 does match it.
    expect(matchWord('/images/png/logo/32x32.png', 'png', '/?', false)).toBe(true);
    expect(matchWord('/images/png/logo/32x32.png', '32x32', '/?', false)).toBe(false);
    // Also listed as a match in configuration.txt, yet HAProxy 2.6 does not match it (nor should it: '.com' intervenes).
    expect(matchWord('http://www1.dc-eu.example.com:80/blah', 'dc-eu.example:80', '/?.:', false)).toBe(false);
    expect(matchWord('http://www1.dc-eu.example.com:80/blah', '.www1.', '/?.:', false)).toBe(true);
    expect(matchWord('http://www1.dc-eu.example.com:80/blah', 'eu', '/?.:', false)).toBe(false);
  });

  it('reads headers value by value, case-insensitively by name', () => {
    expect(acl('hdr(x-a) b', { path: '/', headers: { 'X-A': 'a, b' } })).toEqual(yes);
    expect(acl('hdr(x-a) B', { path: '/', headers: { 'X-A': 'a, b' } })).toEqual(no);
    expect(acl('hdr(x-a) -m str "a b"', { path: '/', headers: { 'x-a': '  a b  ' } })).toEqual(yes);
    expect(acl('hdr_cnt(x-a) eq 3', { path: '/', headers: { 'x-a': 'a,b,c' } })).toEqual(yes);
    expect(acl('hdr(host) -m beg foo.org', { path: '/', host: 'foo.org:80' })).toEqual(yes);
    expect(acl('req.hdr(x-missing) -m found', '/')).toEqual(no);
    expect(acl('hdr(host),lower -m beg foo', { path: '/', host: 'FOO.org' })).toEqual(yes);
    expect(acl('hdr_val(content-length) gt 0', { path: '/', headers: { 'Content-Length': '12' } })).toEqual(yes);
  });

  it('reads url parameters like urlp()', () => {
    expect(acl('urlp(since) -m found', '/s?since=1')).toEqual(yes);
    expect(acl('urlp(since) -m found', '/s?since')).toEqual(no);
    expect(acl('urlp(since) -m found', '/s?a=1;since=2')).toEqual(yes);
    expect(acl('url_param(full_state) true', '/s?full_state=false&full_state=true')).toEqual(yes);
    expect(acl('urlp(full_state) true', { path: '/s', query: 'full_state=false' })).toEqual(no);
  });

  it('matches methods like pat_match_meth (known names by identity, others by string)', () => {
    expect(acl('method GET', { path: '/', method: 'GET' })).toEqual(yes);
    expect(acl('method GET', { path: '/', method: 'HEAD' })).toEqual(no);
    expect(acl('method get', { path: '/', method: 'GET' })).toEqual(no);
    expect(acl('method -i get', { path: '/', method: 'GET' })).toEqual(no);
    expect(acl('method -i patch', { path: '/', method: 'PATCH' })).toEqual(yes);
    expect(acl('method PATCH', { path: '/', method: 'patch' })).toEqual(no);
    expect(acl('method PATCH', '/')).toEqual(no);
  });

  it('matches regexes unanchored, with -i, and gives up on PCRE-only syntax', () => {
    expect(acl('path_reg sync$', '/_matrix/client/v3/sync')).toEqual(yes);
    expect(acl('path_reg ^/ABC$', '/abc')).toEqual(no);
    expect(acl('path_reg -i ^/ABC$', '/abc')).toEqual(yes);
    expect(acl('path_reg ^/a\\d+$', '/a12')).toEqual(yes);
    expect(acl('path_reg ^/a++$', '/aa')).toEqual(unknown);
    // HAProxy refuses an invalid regex, and so does the parser; evaluated anyway it is undecidable.
    const unclosed = parseHaproxy(FILE, 'frontend t\n  acl x path_reg ^/(unclosed\n');
    expect(unclosed.problems.map((p) => p.message)).toEqual(["invalid regex '^/(unclosed': Unterminated group"]);
    const unclosedAcl = unclosed.config.frontends[0]?.acls[0];
    if (!unclosedAcl) throw new Error('no acl');
    expect(evaluateAcl(unclosedAcl, { path: '/aa' }, config, frontend)).toEqual(unknown);
    expect(pcreToJs('[]a]')).toEqual({ source: '[\\]a]', flags: '' });
    expect(pcreToJs('^[[:digit:]]+\\z')).toEqual({ source: '^[0-9]+$', flags: '' });
    expect(pcreToJs('(?i)^/x(?P<n>y)')).toEqual({ source: '^/x(?<n>y)', flags: 'i' });
    expect(pcreToJs('(?>a)')).toBeUndefined();
    expect(pcreToJs('\\p{L}')).toBeUndefined();
  });

  it('is undecidable for fetches it does not model, and for -f files unless an inline pattern matches', () => {
    expect(acl('src 10.0.0.0/8', '/')).toEqual(unknown);
    expect(acl('ssl_fc', '/')).toEqual(unknown);
    expect(acl('path_beg -f /etc/haproxy/paths.lst', '/x')).toEqual(unknown);
    expect(acl('path_beg -f /etc/haproxy/paths.lst /x', '/x/y')).toEqual(yes);
  });

  it('evaluates conditions with predefined ACLs', () => {
    const { config: c, frontend: f } = frontendWith(['use_backend a if METH_GET HTTP_URL_SLASH !HTTP_URL_ABS !HTTP_CONTENT HTTP']);
    const condition = f.useBackends[0]?.condition;
    expect(evaluateCondition(condition, { path: '/', method: 'HEAD' }, c, f)).toEqual(yes);
    expect(evaluateCondition(condition, { path: '/', method: 'POST' }, c, f)).toEqual(no);
    expect(evaluateCondition(condition, { path: '/', headers: { 'content-length': '3' } }, c, f)).toEqual(no);
    expect(evaluateCondition(condition, { path: 'http://x/' }, c, f)).toEqual(no);
  });
});

describe('requests HAProxy answers or changes before use_backend (found by the routing agreement test)', () => {
  it('marks monitor-uri and the stats page uncertain: HAProxy answers them itself', () => {
    const { config, frontend } = frontendWith(['monitor-uri /healthz', 'stats uri /stats', 'default_backend a']);
    const route = (path: string) => routeRequest(config, frontend, { path });
    expect(route('/healthz').certain).toBe(false);
    expect(route('/healthz?x').certain).toBe(true);
    expect(route('/statsx/y').certain).toBe(false);
    expect(route('/x')).toMatchObject({ backend: 'a', certain: true });
    const enabled = frontendWith(['stats enable', 'default_backend a']);
    expect(routeRequest(enabled.config, enabled.frontend, { path: '/haproxy?stats' }).certain).toBe(false);
    expect(routeRequest(enabled.config, enabled.frontend, { path: '/haproxy' }).certain).toBe(true);
  });

  it('marks a decision uncertain when an http-request rule changes a header the switching rules read', () => {
    const { config, frontend } = frontendWith([
      'http-request del-header X-Forwarded-For if { hdr(host) -i localhost }',
      'http-request set-header X-Other 1',
      'use_backend a if { hdr_cnt(x-forwarded-for) ge 1 }',
      'default_backend b',
    ]);
    const route = (host: string) => routeRequest(config, frontend, { path: '/', host, headers: { 'x-forwarded-for': '1.2.3.4' } });
    expect(route('localhost').certain).toBe(false);
    expect(route('example.org')).toMatchObject({ backend: 'a', certain: true });
  });

  it('reads N-M as an integer range like pat_parse_int', () => {
    expect(pick(['use_backend a if { hdr_cnt(x) 2-3 }', 'default_backend b'], { path: '/', headers: { x: '1,2' } })).toBe('a');
    expect(pick(['use_backend a if { hdr_cnt(x) 2-3 }', 'default_backend b'], { path: '/', headers: { x: '1' } })).toBe('b');
  });
});
