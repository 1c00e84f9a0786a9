import { claimsOf, type Claim, type ServiceReference } from '../../model/claims.ts';
import type { ModelLookup } from '../../model/lookup.ts';
import type { Source } from '../../model/types.ts';
import { podNames } from '../../model/synapse-instances.ts';
import { createdByText, creatorPlaces, unverifiedText } from '../../runtime/types.ts';
import { defineRule, type RuleContext } from '../define-rule.ts';

/** DNS names and `svc/NAME` references in docs must name Services that exist, in the right namespace. */
export default defineRule({
  id: 'docs/unknown-service',
  severity: 'error',
  impact: 'medium',
  title: 'Docs name Services that no manifest defines',
  consequence:
    'Commands copied from the docs (`kubectl get svc/…`, `dig _http._tcp.…`, `curl http://….svc.cluster.local`) fail, and clients are configured with names that do not resolve.',
  docs: [
    'Service references in the docs are resolved against the Services in the manifests, with the configured default `namespace` for names without one: cluster DNS names (`synapse-main.matrix.svc.cluster.local`, with or without a port), DNS SRV names (`_http._tcp.synapse-sync-worker.matrix.svc.cluster.local`), pod names under a headless Service, and `svc/NAME` in kubectl commands. A Service in another namespace is the usual cause, and the message says where it is.',
    "What counts: a Service that no manifest defines in that namespace; an SRV port name the Service does not have; a pod name that the Service's StatefulSet does not run (an ordinal beyond its replicas).",
    'Services that no manifest defines but that the cluster will hold count as defined: those an operator creates for a custom resource (CloudNativePG `NAME-rw`, MinIO `minio`, Prometheus `prometheus-operated` …), those of a Helm release the docs install (`helm upgrade --install obs prometheus-community/kube-prometheus-stack -n telemetry` creates `obs-grafana`), and `kubernetes` and `kube-dns`; the tables in `data/operators/` and `data/charts/` say which. When a name is missing, the message lists what its operator or release does create. A name under the release of a chart without a table, or under a custom resource of an operator without one, is only a warning: it may exist.',
    'What does not: a pod that a scale step of the same doc adds before the name is used (`kubectl scale sts relay --replicas=3`, then `relay-2.relay.ns.svc`); names outside the cluster domain (`matrix.example.com`); sections about the future, examples or history; docs in a root without any Service in its manifests (nothing to hold the names to).',
  ].join('\n\n'),
  description: 'The docs name a Service, DNS name, SRV name or pod that no manifest defines (a wrong namespace included).',
  fix: 'Use the Service name and namespace from the manifests (`<service>.<namespace>.svc.<cluster-domain>`).',
  check({ lookup, inputs, report }) {
    if (!lookup.hasServices()) return; // docs without manifests: nothing to hold names to
    const undeployed = undeployedWorkerLines(lookup, inputs.claims);
    for (const reference of claimsOf(inputs.claims, 'service')) {
      if (reference.scope !== 'current') continue;
      const namespace = reference.namespace ?? lookup.options.defaultNamespace;
      const service = lookup.service(namespace, reference.service);
      if (!service) {
        // The Service of a worker that was never deployed: docs/undeployed-worker reports that line, one cause.
        if (!undeployed.has(`${reference.source.file}:${reference.source.line}`)) reportMissing(reference, namespace, lookup, report);
        continue;
      }
      if (reference.srv && !service.ports.some((port) => port.name === reference.srv!.portName)) {
        const names = service.ports.map((port) => port.name).filter(Boolean);
        report({
          at: reference.source,
          message: `Docs look up SRV _${reference.srv.portName}._${reference.srv.protocol} on ${service.name}, which has ${names.length > 0 ? `port names ${names.join(', ')}` : 'no named port'}`,
          related: [{ at: service.ports[0]?.source ?? service.source, message: `Service ${service.name} ports` }],
        });
      }
      if (reference.pod) {
        const pods = lookup.selectedWorkloads(service).flatMap((workload) => (workload.kind === 'StatefulSet' ? [...podNames(lookup, workload), ...scaledPods(inputs.claims, workload.name, reference.source)] : []));
        if (pods.length > 0 && !pods.includes(reference.pod)) {
          report({
            at: reference.source,
            message: `Docs name pod ${reference.pod} behind ${service.name}, which runs ${pods.join(', ')}`,
            related: [{ at: service.source, message: `Service ${service.name}` }],
          });
        }
      }
    }
  },
});

/** Lines (file:line) that describe a worker kind none of which is deployed, as docs/undeployed-worker reads them. */
function undeployedWorkerLines(lookup: ModelLookup, claims: readonly Claim[]): Set<string> {
  const deployed = lookup.deployedKinds();
  if (deployed.size === 0) return new Set();
  return new Set(claimsOf(claims, 'worker').flatMap((mention) => (mention.scope === 'current' && !deployed.has(mention.kind) ? [`${mention.source.file}:${mention.source.line}`] : [])));
}

/** Pods that a `kubectl scale` step earlier in the same doc adds: ordinal 2 exists after `--replicas=3`. */
function scaledPods(claims: readonly Claim[], name: string, at: Source): string[] {
  let replicas = 0;
  for (const step of claimsOf(claims, 'scales')) {
    if (step.name === name && step.source.file === at.file && step.source.line <= at.line && step.scope !== 'example') replicas = Math.max(replicas, step.replicas);
  }
  return Array.from({ length: replicas }, (_, ordinal) => `${name}-${ordinal}`);
}

/** A Service no manifest defines: created at runtime (then only its SRV port names are checked), maybe created, elsewhere, or nowhere. */
function reportMissing(reference: ServiceReference, namespace: string, lookup: ModelLookup, report: RuleContext['report']): void {
  const created = lookup.runtimeService(namespace, reference.service);
  if (created) {
    const names = created.ports.map((port) => port.name).filter(Boolean);
    if (reference.srv && names.length > 0 && !names.includes(reference.srv.portName)) {
      report({
        at: reference.source,
        message: `Docs look up SRV _${reference.srv.portName}._${reference.srv.protocol} on ${created.name}, which has port names ${names.join(', ')} (${createdByText(created.createdBy)})`,
        related: creatorPlaces(created.createdBy, `Service ${created.name}`),
      });
    }
    return;
  }
  const unverified = lookup.unverifiedCreator(namespace, reference.service);
  if (unverified) {
    report({
      at: reference.source,
      message: `Docs name Service ${namespace}/${reference.service}, which no manifest defines; it may be ${unverifiedText(unverified)}`,
      severity: 'warning',
      related: creatorPlaces(unverified.createdBy, unverified.createdBy.description),
    });
    return;
  }
  const elsewhere = [
    ...lookup.servicesNamed(reference.service).map((entry) => ({ namespace: entry.namespace, related: [{ at: entry.source, message: `Service ${entry.namespace}/${entry.name}` }] })),
    ...lookup.runtimeServicesNamed(reference.service).map((entry) => ({ namespace: entry.namespace, related: creatorPlaces(entry.createdBy, `Service ${entry.namespace}/${entry.name}, ${createdByText(entry.createdBy)}`) })),
  ];
  if (elsewhere.length > 0) {
    report({
      at: reference.source,
      message: `Docs name Service ${reference.service} in namespace ${namespace}, but it is defined in ${elsewhere.map((entry) => entry.namespace).join(', ')}`,
      related: elsewhere.flatMap((entry) => entry.related),
    });
    return;
  }
  // What the operator or release the name points at does create, so the reader sees the right name.
  const similar = lookup.runtimeServicesLike(namespace, reference.service);
  const creator = similar[0]?.createdBy;
  report({
    at: reference.source,
    message: creator
      ? `Docs name Service ${namespace}/${reference.service} (${reference.text}), which nothing creates: ${creator.description} creates ${similar.map((object) => object.name).join(', ')}${creator.table ? ` (per ${creator.table})` : ''}`
      : `Docs name Service ${namespace}/${reference.service} (${reference.text}), which no manifest defines`,
    related: creatorPlaces(creator, creator?.description ?? ''),
  });
}
