/**
 * The requests the routing agreement test sends: every Synapse endpoint
 * family from data/synapse-workers.json (endpointSamples(): client,
 * federation, media, stream writers, main-only examples), the media admin
 * API, well-known and /_synapse paths, version-prefix and method variants,
 * and a few odd paths. Deterministic; Host and auth headers vary by index.
 */
import { endpointSamples, exampleFromRegex } from '../../src/model/endpoint-samples.ts';
import { loadReference } from '../../src/model/reference.ts';

export interface MatrixRequest {
  method: string;
  /** Path with an optional ?query. */
  path: string;
  headers: Record<string, string>;
  /** Where it came from: 'generic', 'stream', 'media', 'main-only', 'admin', 'well-known', 'variant', 'odd'. */
  family: string;
}

const HOSTS = ['matrix.example.org', 'Matrix.Example.org:8448', 'example.org', 'localhost'];

const ODD_PATHS = [
  '/',
  '/_matrix',
  '/_matrix/',
  '/_matrix/client/v3/sync/',
  '/_MATRIX/client/v3/sync',
  '/_matrix/client/V3/sync',
  '//_matrix/client/v3/sync',
  '/_matrix/client/v3/../v3/sync',
  '/_matrix/client/v3/rooms/%21abc%3Aexample.org/messages',
  '/_matrix/client/v3/rooms/!abc:example.org/messages',
  '/_matrix/client/api/v1/rooms/!abc:example.org/messages',
  '/_matrix/client/r0/rooms/!abc:example.org/typing/@u:example.org',
  '/_matrix/client/v3/rooms/x/send/m.room.message/txn1',
  '/_matrix/client/v3/keys/upload/device1',
  '/_matrix/client/unstable/org.matrix.msc2432/rooms/x/aliases',
  '/_synapse/replication/send_event/abc',
  '/_synapse/client/oidc/callback',
  '/_synapse/admin/v1/register',
  '/_synapse/admin/v1/purge_media_cache',
  '/_synapse/admin/v1/purge_media_cache/extra',
  '/metrics',
  '/health',
  '/healthz',
  '/stats',
  '/static/logo.png',
  '/api/v1/items/42',
  '/favicon.ico',
];

/** The request matrix, de-duplicated on method + path + headers. */
export function requestMatrix(): MatrixRequest[] {
  const reference = loadReference();
  const requests: MatrixRequest[] = [];
  const add = (method: string, path: string, family: string, extra: Record<string, string> = {}): void => {
    requests.push({ method, path, family, headers: { host: HOSTS[requests.length % HOSTS.length] as string, ...extra } });
  };
  for (const sample of endpointSamples(reference)) add(sample.method, sample.path, sample.servedBy.kind);
  for (const regex of reference.endpoints.synapse_docs.media_repository.admin_regexes) {
    const path = exampleFromRegex(regex);
    if (path) add('GET', path, 'admin');
  }
  add('GET', '/_synapse/admin/v1/users/@u:example.org/media', 'admin');
  add('DELETE', '/_synapse/admin/v1/media/example.org/abcdef', 'admin');
  add('GET', '/_synapse/admin/v2/users/@u:example.org', 'admin');
  add('GET', '/_synapse/admin/v1/rooms/!r:example.org', 'admin');
  add('GET', '/.well-known/matrix/client', 'well-known');
  add('GET', '/.well-known/matrix/server', 'well-known');
  add('GET', '/.well-known/matrix/support', 'well-known');
  // The sync family with its affinity keys, in the forms clients send them.
  add('GET', '/_matrix/client/v3/sync?since=s72594_4483_1934&timeout=30000', 'variant', { authorization: 'Bearer syt_abc' });
  add('GET', '/_matrix/client/r0/sync?access_token=syt_def', 'variant');
  add('GET', '/_matrix/client/v3/sync?filter=0', 'variant');
  add('GET', '/_matrix/client/api/v1/events?from=x', 'variant');
  add('GET', '/_matrix/client/r0/initialSync', 'variant');
  add('GET', '/_matrix/client/unstable/org.matrix.simplified_msc3575/sync', 'variant');
  add('POST', '/_matrix/client/v3/rooms/!r:example.org/send/m.room.message', 'variant');
  add('PUT', '/_matrix/client/v3/rooms/!r:example.org/send/m.room.message/txn2', 'variant');
  add('PUT', '/_matrix/client/r0/rooms/!r:example.org/typing/@u:example.org', 'variant');
  add('POST', '/_matrix/client/v3/keys/query', 'variant');
  add('PUT', '/_matrix/client/v3/sendToDevice/m.room.encrypted/txn3', 'variant');
  add('PUT', '/_matrix/client/v3/user/@u:example.org/account_data/m.direct', 'variant');
  add('PUT', '/_matrix/client/v3/presence/@u:example.org/status', 'variant');
  add('PUT', '/_matrix/federation/v1/send/1234', 'variant', { 'x-forwarded-for': '203.0.113.7' });
  add('GET', '/_matrix/client/v3/rooms/!r:example.org/messages?dir=b', 'variant');
  add('POST', '/_matrix/media/v3/upload?filename=a.png', 'variant');
  add('HEAD', '/_matrix/client/versions', 'variant');
  add('OPTIONS', '/_matrix/client/v3/login', 'variant');
  add('POST', '/_matrix/client/v3/login', 'variant');
  add('PATCH', '/_matrix/client/v3/devices/ABC', 'variant');
  // r0 and api/v1 spellings of a few v3 samples.
  for (const sample of endpointSamples(reference).filter((_, i) => i % 5 === 0)) {
    if (sample.path.includes('/v3/')) add(sample.method, sample.path.replace('/v3/', '/r0/'), 'variant');
  }
  for (const path of ODD_PATHS) add('GET', path, 'odd');
  const seen = new Set<string>();
  return requests.filter((r) => {
    const key = `${r.method} ${r.path} ${JSON.stringify(r.headers)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
