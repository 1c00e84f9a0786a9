import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../src/parse/haproxy.ts';
import { routeRequest } from '../../src/model/routing.ts';

const CONFIG = [
  'frontend f',
  '  acl is_post method POST',
  '  acl is_admin hdr(host) -i admin.example.org',
  '  acl has_debug urlp(debug) 1',
  '  use_backend writes if is_post',
  '  use_backend admin if is_admin',
  '  use_backend debug if has_debug',
  '  default_backend reads',
  'backend writes',
  'backend admin',
  'backend debug',
  'backend reads',
].join('\n');

describe('routeRequest decisions', () => {
  const { config } = parseHaproxy('haproxy.cfg', CONFIG);
  const frontend = config.frontends[0]!;

  it('decides a repeated question once and answers the same decision', () => {
    const first = routeRequest(config, frontend, { path: '/a', method: 'GET' });
    expect(routeRequest(config, frontend, { path: '/a', method: 'GET' })).toBe(first);
    // GET is the default method: the same request.
    expect(routeRequest(config, frontend, { path: '/a' })).toBe(first);
  });

  it('keeps requests apart that differ in method, host, headers or query', () => {
    const backend = (request: Parameters<typeof routeRequest>[2]) => routeRequest(config, frontend, request).backend;
    expect(backend({ path: '/b', method: 'GET' })).toBe('reads');
    expect(backend({ path: '/b', method: 'POST' })).toBe('writes');
    expect(backend({ path: '/b', host: 'admin.example.org' })).toBe('admin');
    expect(backend({ path: '/b', headers: { Host: 'admin.example.org' } })).toBe('admin');
    expect(backend({ path: '/b', query: 'debug=1' })).toBe('debug');
    expect(backend({ path: '/b?debug=1' })).toBe('debug');
    expect(backend({ path: '/b' })).toBe('reads');
  });

  it('keeps a method apart from a path that would spell the same text', () => {
    expect(routeRequest(config, frontend, { path: 'T/c', method: 'POS' }).backend).toBe('reads');
    expect(routeRequest(config, frontend, { path: '/c', method: 'POST' }).backend).toBe('writes');
  });
});
