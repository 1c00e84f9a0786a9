import type { ModelLookup } from '../../model/lookup.ts';
import { evaluatedWorker, MAIN_NAMES, podNames, resolveInstance } from '../../model/synapse-instances.ts';
import type { SharedView } from '../../model/synapse-instances.ts';
import type { InstanceMapEntry, Located, Source, Workload } from '../../model/types.ts';
import { defineRule, type RuleReport } from '../define-rule.ts';

/**
 * instance_map tells every process where to reach the others over HTTP replication; stream_writers
 * and federation_sender_instances name the processes that do that work. A wrong host or port, a
 * writer missing from the map, or a name with no pod behind it breaks replication at start-up or silently.
 */
export default defineRule({
  id: 'synapse/instance-map',
  severity: 'error',
  impact: 'high',
  title: 'Synapse instance_map and writers disagree with the pods',
  consequence:
    'Synapse refuses to start when a stream writer is missing from instance_map; otherwise workers send replication requests to the wrong host or port and writes fail, or pods that the lists leave out persist or send nothing.',
  docs: [
    'Synapse processes talk to each other over HTTP replication. `instance_map` tells every process where each named instance listens (`host`, `port`); `stream_writers` names the instances that write each stream (events, typing, to_device …); `federation_sender_instances` names the ones that send federation traffic. An instance is named by its `worker_name`, which on Kubernetes is often computed when the pod starts: from the pod name (`fieldRef: metadata.name`, `$HOSTNAME`), with ordinal arithmetic (`sed`, `awk`, `$((…))`, `${POD_NAME##*-}`) in the script that writes the worker file. docdrift evaluates that script for each pod of a StatefulSet (`ev-0`, `ev-1` …) and compares the names the pods really get with the lists. The lists are read as Synapse reads them: every file the container loads (each `--config-path`/`-c`, every `*.yaml` key of a ConfigMap mounted as a directory), merged in order.',
    "What counts: a stream writer missing from instance_map, when every file the process loads is in the manifests (Synapse then refuses to start); `main` as a stream writer (Synapse calls the main process `master` there); a listed name that no pod's evaluated worker_name has, or an ordinal beyond the replicas; event persister or federation sender pods whose worker names the lists leave out (a warning when only the list, naming the other pods of the workload, says what it runs); an instance_map host that names no Service, a pod the StatefulSet does not run (or under another Service than its `serviceName`, where pods get no DNS name) or another workload than the instance; a port the Service does not expose, or that is not the worker's replication listener; a replication listener bound only to loopback (`bind_addresses: ['127.0.0.1']`, as in single-host examples), which other pods cannot reach.",
    "What does not: names docdrift cannot evaluate (a Deployment's pod names are random, a value read from a file, a Secret or the image's environment, a branch of an `if`): it says nothing rather than assume that worker_name is the pod name; a missing instance_map entry when some loaded file (a Secret, a volume) is not in the manifests; UNIX socket entries (`path:`); `main` as the instance_map name of the main process; workers whose own configuration is not in the manifests; ClusterIP Services, whose port is compared after the Service forwards it to the targetPort.",
  ].join('\n\n'),
  description:
    'instance_map entries point at no Service or pod, or at a port that is not the replication listener; stream writers or federation senders disagree with instance_map or with the worker names the pods compute.',
  fix: "Give instance_map an entry for every stream writer (host: the pod's name under its headless Service, port: its replication listener), and list in stream_writers and federation_sender_instances the worker names the pods really get (the finding shows them); keep the names of writers that already work.",
  check({ lookup, report }) {
    // Processes that load the same shared file see the same entries: each cause is reported once.
    const reported = new Set<string>();
    const once = (finding: RuleReport): void => {
      const key = `${finding.at.file}:${finding.at.line}:${finding.at.column}:${finding.message}`;
      if (reported.has(key)) return;
      reported.add(key);
      report(finding);
    };
    for (const view of lookup.sharedViews()) {
      for (const entry of view.instanceMap) checkEntry(lookup, view, entry, once);
      checkWriters(lookup, view, once);
      checkFederationSenders(lookup, view, once);
    }
  },
});

function checkEntry(lookup: ModelLookup, view: SharedView, entry: InstanceMapEntry, report: (finding: RuleReport) => void): void {
  const name = entry.name.value;
  if (!entry.host) return; // a UNIX socket path: nothing in Kubernetes to compare with
  // A short host name resolves through the DNS search path of the processes' own namespace.
  const target = lookup.hostTarget(entry.host.value, view.namespace);
  if (!target) return;
  const service = lookup.service(target.namespace, target.service);
  if (!service) {
    report({ at: entry.host.source, message: `instance_map.${name} points at ${entry.host.value}, but no manifest defines Service ${target.namespace}/${target.service}` });
    return;
  }
  const workloads = lookup.selectedWorkloads(service);
  let workload: Workload | undefined = workloads[0];
  if (target.pod) {
    workload = workloads.find((candidate) => candidate.kind === 'StatefulSet' && target.pod!.startsWith(`${candidate.name}-`));
    const pods = workload ? podNames(lookup, workload) : [];
    if (!workload || !pods.includes(target.pod)) {
      report({
        at: entry.host.source,
        message: `instance_map.${name} points at pod ${target.pod}, which ${service.name} does not run (pods: ${pods.join(', ') || 'none'})`,
        related: workload ? [{ at: workload.replicas?.source ?? workload.source, message: `${workload.name} replicas` }] : [],
      });
      return;
    }
    // Pod DNS names exist only under the StatefulSet's serviceName.
    const governing = workload.serviceName;
    if (governing && governing.value !== service.name) {
      report({
        at: entry.host.source,
        message: `instance_map.${name} points at ${entry.host.value}, but StatefulSet ${workload.name} names its pods under its serviceName ${governing.value}, not under Service ${service.name}: the name does not resolve (write ${target.pod}.${governing.value}.${service.namespace}.svc.${lookup.options.clusterDomain})`,
        related: [{ at: governing.source, message: `${workload.name} serviceName` }],
      });
      return;
    }
  }
  if (!workload || !entry.port) return;
  const resolved = resolveInstance(lookup, view.namespace, name, view.unit);
  if ((resolved.kind === 'pod' || resolved.kind === 'named') && resolved.workload !== workload) {
    report({
      at: entry.host.source,
      message: `instance_map.${name} points at ${entry.host.value}, which is ${workload.kind} ${workload.name}, not ${resolved.workload.name}`,
      related: [{ at: resolved.workload.source, message: `${resolved.workload.kind} ${resolved.workload.name}` }],
    });
    return;
  }
  // A pod name or a headless Service is dialed on the container port itself; a ClusterIP Service
  // forwards its port to the targetPort.
  let containerPort = entry.port.value;
  let forwarded = '';
  if (!target.pod && !service.headless) {
    const servicePort = service.ports.find((port) => port.port === entry.port!.value);
    if (!servicePort) {
      report({
        at: entry.port.source,
        message: `instance_map.${name} uses port ${entry.port.value}, which Service ${service.name} does not expose (ports: ${service.ports.map((port) => port.port).join(', ') || 'none'})`,
        related: [{ at: service.ports[0]?.source ?? service.source, message: `Service ${service.name} ports` }],
      });
      return;
    }
    const targetPort = servicePort.targetPort;
    const resolvedPort =
      typeof targetPort === 'number'
        ? targetPort
        : workload.containers.flatMap((container) => container.ports).find((port) => port.name === targetPort)?.containerPort;
    if (resolvedPort === undefined) return; // an unknown target port name is k8s/service-target-port's finding
    containerPort = resolvedPort;
    if (containerPort !== entry.port.value) forwarded = ` (Service ${service.name} forwards it to ${containerPort})`;
  }
  const listeners = lookup.synapseListenersFor(workload);
  const replication = listeners.filter((listener) => listener.resources.some((resource) => resource.value === 'replication'));
  if (listeners.length === 0) return; // the process's own config is not in the manifests: nothing to compare
  const serving = replication.find((listener) => listener.port.value === containerPort);
  if (serving) {
    // The docs' single-host example binds replication to 127.0.0.1: from another pod that address is not reachable.
    if (serving.bindAddresses.length > 0 && serving.bindAddresses.every(isLoopback)) {
      report({
        at: entry.host.source,
        message: `instance_map.${name} points at ${entry.host.value}, but ${workload.name}'s replication listener on ${containerPort} binds only ${serving.bindAddresses.join(', ')}: other pods cannot connect to it (bind it to '0.0.0.0' or '::')`,
        related: [{ at: serving.source, message: `${workload.name} replication listener` }],
      });
    }
    return;
  }
  report({
    at: entry.port.source,
    message:
      replication.length > 0
        ? `instance_map.${name} uses port ${entry.port.value}${forwarded}, but ${workload.name}'s replication listener is on ${replication.map((listener) => listener.port.value).join(', ')}`
        : `instance_map.${name} uses port ${entry.port.value}${forwarded}, but ${workload.name} has no listener with the replication resource`,
    related: (replication.length > 0 ? replication : listeners).slice(0, 1).map((listener) => ({ at: listener.port.source, message: `${workload!.name} listener` })),
  });
}

function checkWriters(lookup: ModelLookup, view: SharedView, report: (finding: RuleReport) => void): void {
  const mapped = new Set(view.instanceMap.map((entry) => entry.name.value));
  for (const { stream, writers } of view.streamWriters) {
    for (const writer of writers) {
      if (writer.value === 'main') {
        report({ at: writer.source, message: `stream_writers.${stream.value} names 'main', expected 'master': Synapse calls the main process 'master' here` });
        continue;
      }
      if (MAIN_NAMES.has(writer.value)) continue;
      // Only certain when every file the process loads is known: another file could bring its own instance_map.
      const unmapped = view.complete && !mapped.has(writer.value);
      // A name that is wrong twice (no pod, no instance_map entry) is one finding.
      if (reportNameWithoutPod(lookup, view, writer, `stream_writers.${stream.value}`, report, unmapped) || !unmapped) continue;
      const { note, related } = evaluatedAs(lookup, view, writer.value);
      report({
        at: writer.source,
        message: `stream_writers.${stream.value} names ${writer.value}${note}, which instance_map does not list: Synapse refuses to start`,
        related,
      });
    }
  }
  // Every deployed event persister should be an events writer, or it persists nothing.
  const events = view.streamWriters.find((entry) => entry.stream.value === 'events');
  const listed = new Set(events?.writers.map((writer) => writer.value) ?? []);
  for (const { workload, inferred } of workloadsOf(lookup, view, 'event-persister', listed)) {
    reportLeftOut(lookup, view, workload, listed, 'stream_writers.events', 'persist nothing', events?.stream.source ?? view.source, report, inferred ? 'an event persister' : undefined);
  }
}

/**
 * The workloads that do a list's work: those of the worker kind (by label or name), and those whose
 * pods' evaluated worker names the list names in part (`persister` running persister-0 … -2, which
 * no label calls an event persister). The latter are inferred: its other pods may do other work.
 */
function workloadsOf(lookup: ModelLookup, view: SharedView, kind: string, listed: Set<string>): Array<{ workload: Workload; inferred: boolean }> {
  const ofKind = lookup.workloadsOfKindIn(view.namespace, kind);
  const named = lookup
    .synapseWorkersIn(view.namespace)
    .evaluated.filter((names) => !ofKind.includes(names.workload) && names.pods.some(({ name }) => listed.has(name)))
    .map((names) => ({ workload: names.workload, inferred: true }));
  return [...ofKind.map((workload) => ({ workload, inferred: false })), ...named];
}

function checkFederationSenders(lookup: ModelLookup, view: SharedView, report: (finding: RuleReport) => void): void {
  const listed = view.federationSenderInstances;
  for (const sender of listed) reportNameWithoutPod(lookup, view, sender, 'federation_sender_instances', report, false);
  const names = new Set(listed.map((entry) => entry.value));
  for (const { workload, inferred } of workloadsOf(lookup, view, 'federation-sender', names)) {
    reportLeftOut(lookup, view, workload, names, 'federation_sender_instances', 'send nothing', listed[0]?.source ?? view.source, report, inferred ? 'a federation sender' : undefined);
  }
}

/** Running pods of a workload whose evaluated worker_name a list leaves out. */
function reportLeftOut(
  lookup: ModelLookup,
  view: SharedView,
  workload: Workload,
  listed: Set<string>,
  where: string,
  consequence: string,
  at: Source,
  report: (finding: RuleReport) => void,
  /** Set when the workload's role is inferred from the list naming its other pods: what it is taken for. */
  inferredAs: string | undefined,
): void {
  const evaluated = lookup.workerNames(workload);
  if (workload.kind !== 'StatefulSet' || !evaluated) return;
  // Pods an autoscaler may add are not running now: only the replicas count.
  // A pod of an inferred workload that another list names does that other work instead.
  const missing = evaluated.pods.slice(0, lookup.replicas(workload)).filter(({ name }) => !listed.has(name) && !(inferredAs && listedAnywhere(view).has(name)));
  if (missing.length === 0) return;
  report({
    at,
    message:
      `${workload.name} runs ${lookup.replicas(workload)} replicas but ${where} does not list ${missing.map(describePod).join(', ')}: those pods ${consequence}` +
      (inferredAs ? ` (counted as ${inferredAs} because ${where} names its other pods)` : ''),
    related: [
      { at: workload.replicas?.source ?? workload.source, message: `${workload.name} replicas` },
      ...(evaluated.pods.some(({ pod, name }) => pod !== name) ? [{ at: evaluated.source, message: `${workload.name} worker_name` }] : []),
    ],
    ...(inferredAs ? { severity: 'warning' as const } : {}),
  });
}

/** A listed name no pod runs with: an ordinal beyond a StatefulSet's pods, or a name none of the evaluated worker names has. */
function reportNameWithoutPod(
  lookup: ModelLookup,
  view: SharedView,
  name: Located<string>,
  where: string,
  report: (finding: RuleReport) => void,
  unmapped: boolean,
): boolean {
  const { namespace } = view;
  const unmappedToo = unmapped ? '; instance_map does not list it either: Synapse refuses to start' : '';
  const resolved = resolveInstance(lookup, namespace, name.value, view.unit);
  if (resolved.kind === 'pod' && !resolved.exists) {
    report({
      at: name.source,
      message: `${where} names ${name.value}, but ${resolved.workload.name} runs only ${podNames(lookup, resolved.workload).length} pods (${describeRange(podNames(lookup, resolved.workload))})${unmappedToo}`,
      related: [{ at: resolved.workload.replicas?.source ?? resolved.workload.source, message: `${resolved.workload.name} replicas` }],
    });
    return true;
  }
  const workers = lookup.synapseWorkersIn(namespace);
  if (resolved.kind !== 'unknown' || !workers.complete || workers.evaluated.length === 0) return false;
  const known = workers.evaluated.flatMap((names) =>
    names.pods.map(({ pod = names.workload.name, name: workerName }) => (pod === workerName ? workerName : `${workerName} (${pod})`)),
  );
  const shown = known.length > MAX_LISTED ? [...known.slice(0, MAX_LISTED), `${known.length - MAX_LISTED} more`] : known;
  report({
    at: name.source,
    message: `${where} names ${name.value}, but no pod runs with that worker_name; the pods' worker names are ${shown.join(', ')}${unmappedToo}`,
    // Workloads that share one worker template point at the same line: it is listed once.
    related: workers.evaluated
      .filter((names, index, all) => all.findIndex((other) => other.source.file === names.source.file && other.source.line === names.source.line) === index)
      .map((names) => ({ at: names.source, message: `${names.workload.name} worker_name` })),
  });
  return true;
}

/** Every name the writer lists and federation_sender_instances give work to. */
function listedAnywhere(view: SharedView): Set<string> {
  return new Set([...view.streamWriters.flatMap((entry) => entry.writers), ...view.federationSenderInstances].map((name) => name.value));
}

/** A bind address only the pod itself reaches. */
function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || address === 'localhost';
}

/** `ev-0 … ev-3`, or the one pod name. */
function describeRange(pods: string[]): string {
  return pods.length > 1 ? `${pods[0]} … ${pods[pods.length - 1]}` : (pods[0] ?? 'none');
}

/** Worker names listed in one message at most. */
const MAX_LISTED = 8;

/** `writer_2 (pod ev-1)`, or just the name when it is the pod name. */
function describePod({ pod, name }: { pod: string | undefined; name: string }): string {
  return pod === undefined || pod === name ? name : `${name} (pod ${pod})`;
}

/** Where a listed name is evaluated as some pod's worker_name, and ` (the worker_name of pod ev-1)` when that pod is named otherwise. */
function evaluatedAs(lookup: ModelLookup, view: SharedView, name: string): { note: string; related: { at: Source; message: string }[] } {
  const evaluated = evaluatedWorker(lookup, view.namespace, name, view.unit);
  if (!evaluated) return { note: '', related: [] };
  const names = lookup.workerNames(evaluated.workload)!;
  return {
    note: evaluated.pod !== undefined && evaluated.pod !== name ? ` (the worker_name of pod ${evaluated.pod})` : '',
    related: [{ at: names.source, message: `${evaluated.workload.name} worker_name` }],
  };
}
