import { defineRule } from '../define-rule.ts';
import type { ModelLookup } from '../../model/lookup.ts';
import { creatorPlaces, unverifiedText } from '../../runtime/types.ts';
import type { Service, Source } from '../../model/types.ts';
import { clusterLooking, knownNamespaces, resolvedServers, sameNameElsewhere, startsUnresolved } from './servers.ts';

/**
 * Servers pointing at Services that do not exist never resolve: the backend has no servers.
 * IP addresses and outside host names (`matrix.org`, SRV names under another domain) are not checked.
 */
export default defineRule({
  id: 'haproxy/unknown-service',
  severity: 'error',
  impact: 'critical',
  title: 'HAProxy servers point at Services that do not exist',
  consequence:
    'The server address never resolves, so the server stays down (or HAProxy refuses to start when the name must resolve at start-up): the backend has no servers and every route to it answers 503.',
  docs: [
    'Server addresses that are cluster DNS names are resolved against the Services in the manifests: `<service>`, `<service>.<namespace>`, `<service>.<namespace>.svc[.<cluster-domain>]`, pod names under a headless Service, and DNS SRV names `_<port-name>._<proto>.<service>.<namespace>.svc.<cluster-domain>`. Names without a namespace resolve, as through the DNS search path of its pods, in the namespace of the workload that runs the config; when no manifest runs it, in the configured default `namespace`. A Service in another namespace is the usual cause, and the message says where it is.',
    'What counts: a cluster name with no Service behind it; a Service that exists only in another namespace; a malformed SRV name under the cluster domain (a missing `_tcp` label or port name); a pod name (`synapse-persister-3.synapse-persister.matrix.svc…`) whose StatefulSet runs fewer pods (its replicas, or its autoscaler\'s maximum), an error when the server has no `init-addr none` (HAProxy refuses to start), a warning otherwise (the server stays down).',
    'What does not (or only as a warning): Services that an operator, a Helm release of the docs or the cluster creates (a warning when the creator has no table to verify the name against); a name without a namespace whose Service exists in another namespace while no manifest shows where the config runs (HAProxy may run there); IP addresses, `localhost`, outside host names (`matrix.org`) and SRV names under another domain (`_matrix._tcp.example.com`); two-label names whose second label is not a namespace the manifests use; a Service that really is named `svc`.',
  ].join('\n\n'),
  description: 'A server or server-template address (host name or DNS SRV name) matches no Service in the manifests, or is a malformed SRV name.',
  fix: 'Point the address at an existing Service (`_<port-name>._tcp.<service>.<namespace>.svc.<cluster-domain>` for SRV), or deploy the workload and Service it expects, or remove the backend.',
  check(context) {
    const { model, lookup, report } = context;
    const namespaces = knownNamespaces(model, lookup.options.defaultNamespace);
    for (const config of model.haproxy) {
      for (const backend of config.backends) {
        for (const server of backend.servers) {
          if (!server.malformedSrv || !clusterLooking(server.host, lookup.options.clusterDomain, namespaces)) continue;
          report({
            at: server.address.source,
            message: `Malformed DNS SRV name '${server.address.value}' in backend ${backend.name}: ${server.malformedSrv} (the form is _<port-name>._<proto>.<service>.<namespace>.svc.<domain>)`,
          });
        }
      }
    }
    for (const { config, backend, server, target, service } of resolvedServers(context)) {
      if (service) {
        const absent = target.pod !== undefined ? absentPod(lookup, service, target.pod) : undefined;
        if (!absent) continue;
        const starts = startsUnresolved(config, backend, server);
        report({
          at: server.address.source,
          message:
            `Backend ${backend.name} ${server.kind} ${server.name.value} points at pod ${target.pod}, but ${absent.why}: the name does not resolve, ` +
            (starts ? 'so the server stays down' : 'and HAProxy refuses to start (the server has no `init-addr none`)'),
          related: [absent.related],
          ...(starts ? { severity: 'warning' as const } : {}),
        });
        continue;
      }
      // A Service an operator, a Helm release or the cluster creates exists though no manifest defines it.
      if (lookup.runtimeService(target.namespace, target.service)) continue;
      const creator = lookup.unverifiedCreator(target.namespace, target.service);
      if (creator) {
        report({
          at: server.address.source,
          message: `Backend ${backend.name} ${server.kind} ${server.name.value} points at Service ${target.namespace}/${target.service}, which no manifest defines; it may be ${unverifiedText(creator)}`,
          severity: 'warning',
          related: creatorPlaces(creator.createdBy, creator.createdBy.description),
        });
        continue;
      }
      const elsewhere = sameNameElsewhere(lookup, target);
      // What the operator or release the name points at does create, so the reader sees the right name.
      const similar = lookup.runtimeServicesLike(target.namespace, target.service);
      const similarCreator = similar[0]?.createdBy;
      // A name without a namespace resolves where HAProxy runs: when no manifest runs this config, that is a guess.
      const guessed = target.namespaceFrom === 'default' && elsewhere.length > 0;
      report({
        at: server.address.source,
        message:
          elsewhere.length > 0
            ? `Backend ${backend.name} ${server.kind} ${server.name.value} points at Service ${target.namespace}/${target.service}, which is defined in namespace ${elsewhere.map((entry) => entry.namespace).join(', ')} instead` +
              (guessed
                ? `; no manifest shows where this config runs, and a name without a namespace resolves in HAProxy's own namespace: write ${target.service}.${elsewhere[0]!.namespace} unless HAProxy runs there`
                : '')
            : `Backend ${backend.name} ${server.kind} ${server.name.value} points at Service ${target.namespace}/${target.service}, which no manifest defines` +
              (similarCreator ? `; ${similarCreator.description} creates ${similar.map((object) => object.name).join(', ')}${similarCreator.table ? ` (per ${similarCreator.table})` : ''}` : ''),
        related: [
          ...elsewhere.map((entry) => ({ at: entry.source, message: `Service ${entry.namespace}/${entry.name}` })),
          ...(elsewhere.length === 0 ? creatorPlaces(similarCreator, similarCreator?.description ?? '') : []),
        ],
        ...(guessed ? { severity: 'warning' as const } : {}),
      });
    }
  },
});

/**
 * Why a pod name under a Service does not resolve: the StatefulSet behind the Service that names its
 * pods so runs no pod of that ordinal (its replicas, or its autoscaler's maximum when higher), or
 * names them under another Service (pod records exist only under its `serviceName`, a headless
 * Service). Undefined when no StatefulSet owns the name (a pod may set its own hostname and
 * subdomain) or its pod count is unknown.
 */
function absentPod(lookup: ModelLookup, service: Service, pod: string): { why: string; related: { at: Source; message: string } } | undefined {
  for (const workload of lookup.selectedWorkloads(service)) {
    const ordinal = workload.kind === 'StatefulSet' && pod.startsWith(`${workload.name}-`) ? pod.slice(workload.name.length + 1) : undefined;
    if (ordinal === undefined || !/^\d+$/.test(ordinal)) continue;
    const governing = workload.serviceName;
    if (governing && governing.value !== service.name) {
      return {
        why: `StatefulSet ${workload.name} names its pods under its serviceName ${governing.value}, not under Service ${service.name} (write ${pod}.${governing.value}.${service.namespace}.svc…)`,
        related: { at: governing.source, message: `${workload.name} serviceName` },
      };
    }
    if (governing && !service.headless) {
      return {
        why: `Service ${service.name} has a cluster IP, and pods get DNS names only under a headless Service (clusterIP: None)`,
        related: { at: service.source, message: `Service ${service.name}` },
      };
    }
    const replicas = lookup.replicas(workload);
    if (replicas === undefined) return undefined;
    const pods = Math.max(replicas, lookup.autoscalerFor(workload)?.maxReplicas.value ?? 0);
    if (Number(ordinal) < pods) return undefined;
    return {
      why: `StatefulSet ${workload.name} runs ${pods} ${pods === 1 ? 'pod' : 'pods'} (${describePods(workload.name, pods)})`,
      related: { at: workload.replicas?.source ?? workload.source, message: `${workload.name} replicas` },
    };
  }
  return undefined;
}

/** `web-0 … web-2`, or the one pod name. */
function describePods(statefulSet: string, pods: number): string {
  if (pods === 0) return 'none';
  return pods === 1 ? `${statefulSet}-0` : `${statefulSet}-0 … ${statefulSet}-${pods - 1}`;
}
