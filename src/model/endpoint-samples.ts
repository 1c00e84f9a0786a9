import type { Reference } from './reference.ts';

/** Which listener resource a request needs on the process that receives it. */
export type ResourceFamily = 'client' | 'federation' | 'media';

/** A concrete request standing for one endpoint family of Synapse, used to probe HAProxy routing. */
export interface EndpointSample {
  path: string;
  method: string;
  family: ResourceFamily;
  /** generic: any generic worker serves it; main-only: only the main process; stream: only that stream's writers. */
  servedBy: { kind: 'generic' } | { kind: 'main-only' } | { kind: 'media' } | { kind: 'stream'; stream: string };
  /** The reference regex or path it was made from. */
  origin: string;
}

/** Streams whose endpoints fail (HTTP 500) on a process that is not their writer (reference: SYN-WRITER-ROUTING). */
export const STRICT_WRITER_STREAMS: Record<string, string> = { typing: 'PUT', to_device: 'PUT', receipts: 'POST', push_rules: 'PUT' };

const MEDIA_SUFFIX = 'download/example.org/abcdef';

/** Sample requests for every endpoint family the reference lists, deterministic and de-duplicated. */
export function endpointSamples(reference: Reference): EndpointSample[] {
  const docs = reference.endpoints.synapse_docs;
  const samples: EndpointSample[] = [];
  const add = (regex: string, method: string, servedBy: EndpointSample['servedBy']) => {
    const path = exampleFromRegex(regex);
    if (path) samples.push({ path, method, family: familyOf(path), servedBy, origin: regex });
  };
  for (const regexes of Object.values(docs.generic_worker_any_method)) for (const regex of regexes) add(regex, 'GET', { kind: 'generic' });
  for (const regexes of Object.values(docs.generic_worker_get_only)) for (const regex of regexes) add(regex, 'GET', { kind: 'generic' });
  for (const [stream, method] of Object.entries(STRICT_WRITER_STREAMS)) {
    for (const regex of docs.stream_writer_endpoints[stream] ?? []) add(regex, method, { kind: 'stream', stream });
  }
  for (const prefix of docs.media_repository.path_prefixes) {
    const path = `${prefix}${prefix.startsWith('/_matrix/media/') ? 'v3/' : ''}${MEDIA_SUFFIX}`;
    samples.push({ path, method: 'GET', family: 'media', servedBy: { kind: 'media' }, origin: prefix });
  }
  for (const path of reference.main_process_only.example_paths_main_only) {
    samples.push({ path, method: 'GET', family: familyOf(path), servedBy: { kind: 'main-only' }, origin: path });
  }
  const seen = new Set<string>();
  return samples.filter((sample) => {
    const key = `${sample.method} ${sample.path} ${sample.servedBy.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function familyOf(path: string): ResourceFamily {
  if (/^\/_matrix\/(media\/|client\/v1\/media\/|federation\/v1\/media\/)/.test(path)) return 'media';
  if (/^\/_matrix\/(federation|key)\//.test(path)) return 'federation';
  return 'client';
}

/**
 * A concrete path that the endpoint regex matches: the v3 (or shortest) alternative of each group,
 * a placeholder for wildcards. Undefined when the result would not match the regex.
 */
export function exampleFromRegex(regex: string): string | undefined {
  let body = regex.replace(/^\^/, '').replace(/\$$/, '');
  // Innermost groups first, so nested alternatives resolve.
  for (let guard = 0; guard < 20 && /\([^()]*\)/.test(body); guard++) {
    body = body.replace(/\(([^()]*)\)/g, (_, inner: string) => {
      const alternatives = inner.split('|');
      return alternatives.includes('v3') ? 'v3' : alternatives.includes('$') ? '' : alternatives[0]!;
    });
  }
  let path = body.replace(/\.\*|\[\^\/\]\+|\.\+/g, 'x').replace(/\\(.)/g, '$1');
  if (path.endsWith('/')) path += 'x';
  try {
    return new RegExp(regex).test(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
