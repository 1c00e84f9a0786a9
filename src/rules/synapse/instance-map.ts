import type { ModelLookup } from '../../model/lookup.ts';
import { MAIN_NAMES, podNames, resolveInstance, sharedConfigs } from '../../model/synapse-instances.ts';
import type { InstanceMapEntry, Located, SynapseConfig, Workload } from '../../model/types.ts';
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
    'Synapse processes talk to each other over HTTP replication. `instance_map` tells every process where each named instance listens (`host`, `port`); `stream_writers` names the instances that write each stream (events, typing, to_device …); `federation_sender_instances` names the ones that send federation traffic. On Kubernetes the instance names are usually StatefulSet pod names (`synapse-persister-0`), reached through a headless Service as `<pod>.<service>.<namespace>.svc.<cluster-domain>`, and the port must be a listener of that worker with the `replication` resource.',
    "What counts: an instance_map host that names no Service, a pod the StatefulSet does not run (an ordinal beyond its replicas) or another workload than the instance; a port the Service does not expose, or that is not the worker's replication listener; a stream writer missing from instance_map; `main` as a stream writer (Synapse calls the main process `master` there); event persister or federation sender pods that the lists leave out.",
    'What does not: UNIX socket entries (`path:`); `main` as the instance_map name of the main process; workers whose own configuration is not in the manifests (there is no listener to compare with); ClusterIP Services, whose port is compared after the Service forwards it to the targetPort.',
  ].join('\n\n'),
  description:
    'instance_map entries point at no Service or pod, or at a port that is not the replication listener; stream writers or federation senders disagree with instance_map or with replicas.',
  fix: 'Map each writer to <pod>.<headless-service>.<namespace>.svc.<domain> and its replication port, and list exactly the pods the StatefulSets run.',
  check({ model, lookup, report }) {
    for (const config of sharedConfigs(model)) {
      const namespace = config.origin.namespace;
      for (const entry of config.instanceMap) checkEntry(lookup, namespace, entry, report);
      checkWriters(lookup, config, report);
      checkFederationSenders(lookup, config, report);
    }
  },
});

function checkEntry(lookup: ModelLookup, namespace: string, entry: InstanceMapEntry, report: (finding: RuleReport) => void): void {
  const name = entry.name.value;
  if (!entry.host) return; // a UNIX socket path: nothing in Kubernetes to compare with
  const target = lookup.hostTarget(entry.host.value);
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
  }
  if (!workload || !entry.port) return;
  const resolved = resolveInstance(lookup, namespace, name);
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
  if (replication.some((listener) => listener.port.value === containerPort)) return;
  report({
    at: entry.port.source,
    message:
      replication.length > 0
        ? `instance_map.${name} uses port ${entry.port.value}${forwarded}, but ${workload.name}'s replication listener is on ${replication.map((listener) => listener.port.value).join(', ')}`
        : `instance_map.${name} uses port ${entry.port.value}${forwarded}, but ${workload.name} has no listener with the replication resource`,
    related: (replication.length > 0 ? replication : listeners).slice(0, 1).map((listener) => ({ at: listener.port.source, message: `${workload!.name} listener` })),
  });
}

function checkWriters(lookup: ModelLookup, config: SynapseConfig, report: (finding: RuleReport) => void): void {
  const mapped = new Set(config.instanceMap.map((entry) => entry.name.value));
  const namespace = config.origin.namespace;
  for (const { stream, writers } of config.streamWriters) {
    for (const writer of writers) {
      if (writer.value === 'main') {
        report({ at: writer.source, message: `stream_writers.${stream.value} names 'main', expected 'master': Synapse calls the main process 'master' here` });
        continue;
      }
      if (MAIN_NAMES.has(writer.value)) continue;
      if (!mapped.has(writer.value)) {
        report({
          at: writer.source,
          message: `stream_writers.${stream.value} names ${writer.value}, which instance_map does not list: workers cannot reach it and Synapse refuses to start`,
        });
      }
      reportMissingPod(lookup, namespace, writer, `stream_writers.${stream.value}`, report);
    }
  }
  // Every deployed event persister should be an events writer, or it persists nothing.
  const events = config.streamWriters.find((entry) => entry.stream.value === 'events');
  const persisters = lookup.workloadsOfKindIn(namespace, 'event-persister');
  for (const workload of persisters) {
    if (workload.kind !== 'StatefulSet') continue;
    const listed = new Set(events?.writers.map((writer) => writer.value) ?? []);
    const missing = podNames(lookup, workload).filter((pod) => !listed.has(pod));
    if (missing.length === 0) continue;
    report({
      at: events?.stream.source ?? config.source,
      message: `${workload.name} runs ${lookup.replicas(workload)} replicas but stream_writers.events does not list ${missing.join(', ')}: those pods persist nothing`,
      related: [{ at: workload.replicas?.source ?? workload.source, message: `${workload.name} replicas` }],
    });
  }
}

function checkFederationSenders(lookup: ModelLookup, config: SynapseConfig, report: (finding: RuleReport) => void): void {
  const namespace = config.origin.namespace;
  const listed = config.federationSenderInstances;
  for (const sender of listed) reportMissingPod(lookup, namespace, sender, 'federation_sender_instances', report);
  const senders = lookup.workloadsOfKindIn(namespace, 'federation-sender');
  const names = new Set(listed.map((entry) => entry.value));
  for (const workload of senders) {
    if (workload.kind !== 'StatefulSet') continue;
    const missing = podNames(lookup, workload).filter((pod) => !names.has(pod));
    if (missing.length === 0) continue;
    report({
      at: listed[0]?.source ?? config.source,
      message: `${workload.name} runs ${lookup.replicas(workload)} replicas but federation_sender_instances does not list ${missing.join(', ')}: those pods send nothing`,
      related: [{ at: workload.replicas?.source ?? workload.source, message: `${workload.name} replicas` }],
    });
  }
}

/** A `<statefulset>-<n>` name whose ordinal is beyond the replicas names a pod that never runs. */
function reportMissingPod(lookup: ModelLookup, namespace: string, name: Located<string>, where: string, report: (finding: RuleReport) => void): void {
  const resolved = resolveInstance(lookup, namespace, name.value);
  if (resolved.kind !== 'pod' || resolved.exists) return;
  report({
    at: name.source,
    message: `${where} names ${name.value}, but ${resolved.workload.name} runs only ${lookup.replicas(resolved.workload)} replicas`,
    related: [{ at: resolved.workload.replicas?.source ?? resolved.workload.source, message: `${resolved.workload.name} replicas` }],
  });
}
