import { defineRule } from '../define-rule.ts';
import { resolvedServers } from './servers.ts';

/**
 * A server-template has a fixed number of slots: pods beyond them are never sent traffic.
 * Only a headless Service returns one DNS record per pod; a ClusterIP Service returns its
 * single virtual IP (kube-proxy balances behind it), so one slot is enough there.
 */
export default defineRule({
  id: 'haproxy/server-template-slots',
  severity: 'warning',
  impact: 'medium',
  title: 'server-template has fewer slots than the pods behind it',
  consequence:
    'Pods beyond the number of slots never get traffic from HAProxy: the autoscaler adds capacity that stays idle while the other pods are overloaded.',
  docs: [
    "`server-template sync 4 _http._tcp.synapse-sync.matrix.svc.cluster.local …` creates a fixed number of server slots (4 here; a range `2-4` is 3) that HAProxy fills from DNS answers at run time. A headless Service answers one record per ready pod, so every pod needs a slot; records beyond the slots are ignored. The number of pods is the workload's `spec.replicas`, or the `maxReplicas` of a HorizontalPodAutoscaler that targets it when that is higher, summed over every workload the Service selects.",
    'What counts: a server-template on a headless Service with fewer slots than that maximum.',
    'What does not: more slots than pods (empty slots wait in maintenance: that is headroom); ClusterIP Services, which resolve to one virtual IP, so a single slot reaches every pod through kube-proxy; a template that addresses one pod by name (`synapse-persister-0.synapse-persister…`).',
  ].join('\n\n'),
  description: 'A server-template on a headless Service has fewer slots than the replicas (or autoscaler maximum) of the workloads behind it.',
  fix: 'Raise the server-template count to at least the maximum number of pods (HPA maxReplicas when autoscaled).',
  check(context) {
    const { lookup, report } = context;
    for (const { backend, server, target, service } of resolvedServers(context)) {
      if (server.kind !== 'server-template' || !server.slots || !service?.headless || target.pod) continue;
      const selected = lookup.selectedWorkloads(service);
      // A DaemonSet runs a pod per matching node: how many is not in the manifests.
      if (selected.some((workload) => lookup.replicas(workload) === undefined)) continue;
      const workloads = selected.map((workload) => {
        const autoscaler = lookup.autoscalerFor(workload);
        const replicas = lookup.replicas(workload)!;
        const autoscaled = autoscaler !== undefined && autoscaler.maxReplicas.value >= replicas;
        return {
          workload,
          pods: autoscaled ? autoscaler.maxReplicas.value : replicas,
          why: autoscaled
            ? `HorizontalPodAutoscaler ${autoscaler.name} scales ${workload.kind} ${workload.name} up to ${autoscaler.maxReplicas.value}`
            : `${workload.kind} ${workload.name} runs ${replicas} replicas`,
          at: autoscaled ? autoscaler.maxReplicas.source : (workload.replicas?.source ?? workload.source),
        };
      });
      const pods = workloads.reduce((sum, entry) => sum + entry.pods, 0);
      if (workloads.length === 0 || server.slots.value >= pods) continue;
      const missing = pods - server.slots.value;
      const why = workloads.map((entry) => entry.why).join(' and ');
      report({
        at: server.slots.source,
        message: `server-template ${server.name.value} in backend ${backend.name} has ${server.slots.value} slots but ${why}${workloads.length > 1 ? ` (${pods} pods behind Service ${service.name})` : ''}: ${missing} ${missing === 1 ? 'pod never gets' : 'pods never get'} traffic`,
        related: workloads.map((entry) => ({ at: entry.at, message: `${entry.workload.name} replicas` })),
      });
    }
  },
});
