import { backendProcesses, type BackendProcess } from '../../model/backend-processes.ts';
import { endpointSamples, type EndpointSample } from '../../model/endpoint-samples.ts';
import { routeRequest, routesToBackends } from '../../model/routing.ts';
import type { ModelLookup } from '../../model/lookup.ts';
import { isWorkerConfig } from '../../model/synapse-instances.ts';
import type { Source } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';

/**
 * Synapse workers answer only the endpoints they register, on listeners that carry the right
 * resource; stream-writer endpoints work only on the stream's writer. Probe HAProxy's routing with
 * one request per endpoint family and check the processes that would receive it.
 */
export default defineRule({
  id: 'synapse/route-capability',
  severity: 'error',
  impact: 'high',
  title: 'HAProxy routes requests to workers that cannot serve them',
  consequence:
    "Clients get 404 or 405 from a worker that does not register the endpoint, or writes fail because only the stream's writer may handle them: features break for every user although all pods are healthy.",
  docs: [
    'A Synapse worker answers only the endpoints it registers, on listeners that carry the right resource (`client`, `federation`, `media` …); some endpoints (typing, to-device, receipts, account data, presence …) work only on the worker that writes that stream. docdrift sends one sample request per endpoint family of its bundled Synapse reference through the HAProxy routing (ACLs, `use_backend`, `default_backend`), and checks every process behind the Services of the backend it reaches.',
    "What counts: a path family routed to a process whose listener lacks the resource, to a worker type that does not register the endpoint (main-only endpoints such as `/logout` or `/account/password` sent to generic workers), or to processes that are not the writer of the endpoint's stream.",
    "What does not: media requests to the main process on a `client` or `federation` listener (it serves the media repository there unless `enable_media_repo: false`); routing that depends on run-time data (headers, dynamic backend names); stream requests sent to workers whose worker_name docdrift cannot evaluate (it does not assume the pod name); `backup` servers, which take over only when every worker is down; the main process, which serves everything; the writer's own pod receiving its stream's requests.",
  ].join('\n\n'),
  description:
    'HAProxy sends a path family to workers that cannot serve it: the listener lacks the resource, the worker does not register the endpoint, or the endpoint belongs to another stream writer.',
  fix: "Route the path to processes that serve it (the stream's writer, the main process, a listener with the resource), or give the workers the resource or writer role.",
  check(context) {
    const { model, lookup, reference } = context;
    const samples = endpointSamples(reference);
    const writers = streamWriters(lookup);
    const problems = new Map<string, Problem>();
    for (const config of model.haproxy) {
      const backends = new Map(config.backends.map((backend) => [backend.name, backend]));
      for (const frontend of config.frontends) {
        if (!routesToBackends(frontend)) continue;
        for (const sample of samples) {
          const decision = routeRequest(config, frontend, { path: sample.path, method: sample.method });
          const backend = decision.backend ? backends.get(decision.backend) : undefined;
          if (!backend || !decision.certain || !decision.source) continue;
          // Many samples land on one backend: backendProcesses follows it once.
          for (const process of backendProcesses(lookup, backend)) {
            const reason = incapability(lookup, writers, process, sample);
            if (!reason) continue;
            const key = `${decision.source.file}:${decision.source.line}:${backend.name}:${process.workload.name}:${reason.key}`;
            const problem = problems.get(key) ?? { at: decision.source, backend: backend.name, process, reason, paths: [] };
            // Two servers of the backend on one workload see the same sample: its path is listed once.
            if (!problem.paths.includes(sample.path)) problem.paths.push(sample.path);
            problems.set(key, problem);
          }
        }
      }
    }
    for (const { at, backend, process, reason, paths } of problems.values()) {
      const examples = paths.slice(0, 3).join(', ') + (paths.length > 3 ? ` and ${paths.length - 3} more` : '');
      context.report({
        at,
        message: `HAProxy sends ${reason.what} (${examples}) to backend ${backend}, but ${process.workload.name} ${reason.why}`,
        related: [{ at: reason.related ?? process.workload.source, message: `${process.workload.kind} ${process.workload.name}` }],
      });
    }
  },
});

interface Incapability {
  key: string;
  what: string;
  why: string;
  related: Source | undefined;
}

interface Problem {
  at: Source;
  backend: string;
  process: BackendProcess;
  reason: Incapability;
  paths: string[];
}

/** The writers of a stream: as the shared configs list them, in order (for messages), and as a set. */
interface Writers {
  listed: string[];
  names: Set<string>;
}

function streamWriters(lookup: ModelLookup): Map<string, Writers> {
  const writers = new Map<string, Writers>();
  for (const entry of lookup.sharedViews().flatMap((view) => view.streamWriters)) {
    let stream = writers.get(entry.stream.value);
    if (!stream) writers.set(entry.stream.value, (stream = { listed: [], names: new Set() }));
    for (const writer of entry.writers) {
      stream.listed.push(writer.value);
      stream.names.add(writer.value);
    }
  }
  return writers;
}

/** Why this process cannot serve the sample, or undefined when it can (or when it cannot be told). */
function incapability(lookup: ModelLookup, streamWriters: ReadonlyMap<string, Writers>, process: BackendProcess, sample: EndpointSample): Incapability | undefined {
  const kind = lookup.workerKind(process.workload);
  const configs = lookup.synapseConfigsFor(process.workload);
  if (kind === undefined && configs.length === 0) return undefined;
  // The process's own files say whether it is a worker; its name or labels only when they are not in the manifests.
  const worker = configs.length > 0 ? configs.some(isWorkerConfig) : kind !== 'main';
  const listener = process.listeners[0];
  const resources = new Set(listener?.resources.map((resource) => resource.value));
  // The main process serves the media repository on its client and federation listeners too (unless enable_media_repo: false).
  const mainServesMedia = !worker && sample.family === 'media' && (resources.has('client') || resources.has('federation')) && !configs.some((config) => config.settings['enable_media_repo']?.value === false);
  if (listener && !resources.has(sample.family) && !mainServesMedia) {
    return {
      key: `resource:${sample.family}`,
      what: `${sample.family} requests`,
      why: `listens on ${listener.port.value} without the '${sample.family}' resource (has: ${listener.resources.map((resource) => resource.value).join(', ') || 'none'})`,
      related: listener.source,
    };
  }
  if (!worker) return undefined;
  if (sample.servedBy.kind === 'main-only') {
    return { key: 'main-only', what: 'requests only the main process serves', why: 'is a worker: workers answer them 404 M_UNRECOGNIZED', related: undefined };
  }
  if (sample.servedBy.kind === 'stream') {
    const stream = sample.servedBy.stream;
    const writers = streamWriters.get(stream);
    // The names the pods really run with; when they cannot be evaluated, whether they write the stream is unknown.
    const names = lookup.workerNames(process.workload)?.pods.slice(0, lookup.replicas(process.workload)).filter(({ pod }) => !process.pod || pod === process.pod);
    if (!names || names.length === 0 || names.every(({ name }) => writers?.names.has(name))) return undefined;
    const listed = writers?.listed ?? [];
    return {
      key: `stream:${stream}`,
      what: `${stream} stream requests`,
      why: `is not the ${stream} stream writer (${listed.length > 0 ? listed.join(', ') : 'the main process, as stream_writers does not name one'}): non-writers fail them with HTTP 500`,
      related: undefined,
    };
  }
  return undefined;
}
