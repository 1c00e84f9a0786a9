/**
 * Facts the architecture, workload and expansion pages share, derived once from the deployed model:
 * which endpoint groups HAProxy sends to which workload, each workload's ports, services,
 * backends and streams.
 */
import { backendProcesses } from '../model/backend-processes.ts';
import { exampleFromRegex } from '../model/endpoint-samples.ts';
import type { Reference } from '../model/reference.ts';
import { routeRequest, type RouteDecision } from '../model/routing.ts';
import { namespaceOf, resolveInstance, sharedConfigs } from '../model/synapse-instances.ts';
import type { Autoscaler, Container, HaproxyBackend, HaproxyConfig, HaproxyFrontend, HaproxyServer, Service, Workload } from '../model/types.ts';
import type { SiteContext } from './context.ts';

/** One concrete request standing for one endpoint regex (or prefix) of the reference. */
export interface Probe {
  /** The reference's group: "Sync requests", "Media repository" … */
  group: string;
  /** The regex or path prefix as the reference writes it. */
  pattern: string;
  path: string;
  method: string;
}

/** The frontends that route requests (use_backend or default_backend): the stats page is not one. */
export function entryFrontends(ctx: SiteContext): { config: HaproxyConfig; frontend: HaproxyFrontend }[] {
  return ctx.result.model.haproxy.flatMap((config) =>
    config.frontends.filter((frontend) => frontend.useBackends.length > 0 || frontend.defaultBackend !== undefined).map((frontend) => ({ config, frontend })),
  );
}

const probeCache = new WeakMap<Reference, Probe[]>();

/** Requests for every endpoint group the Synapse worker docs list, in the reference's order. */
export function probes(reference: Reference): Probe[] {
  let cached = probeCache.get(reference);
  if (!cached) probeCache.set(reference, (cached = computeProbes(reference)));
  return cached;
}

function computeProbes(reference: Reference): Probe[] {
  const docs = reference.endpoints.synapse_docs;
  const out: Probe[] = [];
  const seen = new Set<string>();
  const add = (group: string, pattern: string, path: string | undefined, method: string) => {
    if (!path || seen.has(`${method} ${path}`)) return;
    seen.add(`${method} ${path}`);
    out.push({ group, pattern, path, method });
  };
  for (const [group, regexes] of Object.entries(docs.generic_worker_any_method)) for (const regex of regexes) add(group, regex, exampleFromRegex(regex), 'GET');
  for (const [group, regexes] of Object.entries(docs.generic_worker_get_only)) for (const regex of regexes) add(group, regex, exampleFromRegex(regex), 'GET');
  for (const [stream, regexes] of Object.entries(docs.stream_writer_endpoints)) for (const regex of regexes) add(`Stream ${stream}`, regex, exampleFromRegex(regex), 'PUT');
  for (const prefix of docs.media_repository.path_prefixes) add('Media repository', prefix, `${prefix}${prefix.startsWith('/_matrix/media/') ? 'v3/' : ''}download/example.org/abcdef`, 'GET');
  for (const regex of docs.media_repository.admin_regexes) add('Media repository', regex, exampleFromRegex(regex), 'GET');
  for (const path of reference.main_process_only.example_paths_main_only) add('Main process only', path, path, 'GET');
  return out;
}

export interface Routed {
  probe: Probe;
  config: HaproxyConfig;
  frontend: HaproxyFrontend;
  decision: RouteDecision;
  backend: HaproxyBackend | undefined;
  workloads: Workload[];
}

const routeCache = new WeakMap<SiteContext, Map<Probe, Routed[]>>();

/** Where HAProxy sends one request, from every entry frontend (computed once per probe). */
export function route(ctx: SiteContext, probe: Probe): Routed[] {
  let cache = routeCache.get(ctx);
  if (!cache) routeCache.set(ctx, (cache = new Map()));
  let routed = cache.get(probe);
  if (!routed) cache.set(probe, (routed = computeRoute(ctx, probe)));
  return routed;
}

function computeRoute(ctx: SiteContext, probe: Probe): Routed[] {
  return entryFrontends(ctx).map(({ config, frontend }) => {
    const decision = routeRequest(config, frontend, { path: probe.path, method: probe.method });
    const backend = config.backends.find((candidate) => candidate.name === decision.backend);
    const workloads = backend ? unique(backendProcesses(ctx.lookup, backend).map((process) => process.workload)) : [];
    return { probe, config, frontend, decision, backend, workloads };
  });
}

export interface WorkloadFacts {
  workload: Workload;
  /** Worker kind id from the reference, when the workload is a Synapse process. */
  kind: string | undefined;
  /** "Sync worker", "Deployment redis" … */
  label: string;
  replicas: number;
  autoscaler: Autoscaler | undefined;
  services: Service[];
  /** Backends whose servers reach this workload, and whether only as a backup. */
  backends: { config: HaproxyConfig; backend: HaproxyBackend; backup: boolean; servers: HaproxyServer[] }[];
  /** Endpoint group → number of the reference's endpoints in it that HAProxy routes here. */
  groups: Map<string, number>;
  /** Streams this workload's pods write (stream_writers), and whether they send federation. */
  streams: string[];
  federationSender: boolean;
  role: string | undefined;
}

/** Facts for every workload, in model order. */
export function workloadFacts(ctx: SiteContext): WorkloadFacts[] {
  const { lookup, reference } = ctx;
  const model = ctx.result.model;
  const facts = new Map<Workload, WorkloadFacts>();
  for (const workload of model.workloads) {
    const kind = lookup.workerKind(workload);
    facts.set(workload, {
      workload,
      kind,
      label: kind ? capitalize(lookup.vocabulary.label(kind)) : `${workload.kind} ${workload.name}`,
      replicas: lookup.replicas(workload) ?? 1,
      autoscaler: model.autoscalers.find((entry) => entry.target.name === workload.name && entry.namespace === workload.namespace && entry.target.kind === workload.kind),
      services: lookup.servicesFor(workload),
      backends: [],
      groups: new Map(),
      streams: [],
      federationSender: false,
      role: reference.worker_kinds.find((entry) => entry.id === kind)?.role,
    });
  }
  for (const config of model.haproxy) {
    for (const backend of config.backends) {
      for (const server of backend.servers) {
        const service = lookup.serverService(backend, server);
        if (!service) continue;
        for (const workload of lookup.selectedWorkloads(service)) {
          const entry = facts.get(workload)!;
          let link = entry.backends.find((candidate) => candidate.backend === backend);
          if (!link) {
            link = { config, backend, backup: true, servers: [] };
            entry.backends.push(link);
          }
          link.servers.push(server);
          if (!server.backup) link.backup = false;
        }
      }
    }
  }
  for (const probe of probes(reference)) {
    for (const routed of route(ctx, probe)) {
      for (const workload of routed.workloads) {
        const groups = facts.get(workload)!.groups;
        groups.set(probe.group, (groups.get(probe.group) ?? 0) + 1);
      }
    }
  }
  for (const config of sharedConfigs(model)) {
    const namespace = namespaceOf(config);
    for (const writers of config.streamWriters) {
      for (const writer of writers.writers) {
        const workload = resolvedWorkload(ctx, namespace, writer.value);
        const entry = workload ? facts.get(workload) : undefined;
        if (entry && !entry.streams.includes(writers.stream.value)) entry.streams.push(writers.stream.value);
      }
    }
    for (const sender of config.federationSenderInstances) {
      const workload = resolvedWorkload(ctx, namespace, sender.value);
      if (workload) facts.get(workload)!.federationSender = true;
    }
  }
  return [...facts.values()];
}

function resolvedWorkload(ctx: SiteContext, namespace: string, name: string): Workload | undefined {
  const resolution = resolveInstance(ctx.lookup, namespace, name);
  return resolution.kind === 'unknown' ? undefined : resolution.workload;
}

/**
 * The container of a Synapse workload that runs Synapse: never an init container, and not a sidecar
 * (an exporter, a log shipper, a proxy) when one names Synapse in its image or command line or is
 * called `synapse`. undefined for a pod with no container that runs all the time.
 */
export function synapseContainer(workload: Workload): Container | undefined {
  const running = workload.containers.filter((container) => !container.init);
  const commandLine = (container: Container) => [...container.command, ...container.args].map((entry) => entry.value).join(' ');
  return (
    running.find((container) => /(^|\/)synapse([:@]|$)/i.test(container.image ?? '')) ??
    running.find((container) => /synapse\.app\.|synapse/i.test(commandLine(container))) ??
    running.find((container) => /synapse/i.test(container.name)) ??
    running[0]
  );
}

/** Container ports of a workload: `8083 (http)`. */
export function portsText(workload: Workload): string[] {
  return workload.containers.flatMap((container) => container.ports).map((port) => `${port.containerPort}${port.name ? ` (${port.name})` : ''}`);
}

/** How many pods of each kind run, for kinds that are not scaled by `replicas`. */
const NOT_REPLICATED: Partial<Record<Workload['kind'], string>> = {
  DaemonSet: 'one pod per node',
  Job: 'runs to completion',
  CronJob: 'runs on a schedule',
  Pod: 'a single pod',
};

/** "3 replicas, HPA 2–8"; for a DaemonSet, Job, CronJob or bare Pod what runs instead, never a replica count. */
export function scalingText(facts: WorkloadFacts): string {
  const other = NOT_REPLICATED[facts.workload.kind];
  if (other) return other;
  const autoscaler = facts.autoscaler;
  return `${facts.replicas} ${facts.replicas === 1 ? 'replica' : 'replicas'}${autoscaler ? `, HPA ${autoscaler.minReplicas?.value ?? 1}–${autoscaler.maxReplicas.value}` : ''}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
