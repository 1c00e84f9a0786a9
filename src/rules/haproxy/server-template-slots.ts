import { defineRule } from '../define-rule.ts';
import { resolvedServers } from './servers.ts';

/** A server-template has a fixed number of slots: pods beyond them are never sent traffic. */
export default defineRule({
  id: 'haproxy/server-template-slots',
  severity: 'warning',
  impact: 'medium',
  description: 'A server-template has fewer slots than the replicas (or autoscaler maximum) of the workload behind its Service.',
  fix: 'Raise the server-template count to at least the maximum number of pods (HPA maxReplicas when autoscaled).',
  check(context) {
    const { model, lookup, report } = context;
    for (const { backend, server, service } of resolvedServers(context)) {
      if (server.kind !== 'server-template' || !server.slots || !service) continue;
      for (const workload of lookup.selectedWorkloads(service)) {
        const autoscaler = model.autoscalers.find(
          (entry) => entry.namespace === workload.namespace && entry.target.kind === workload.kind && entry.target.name === workload.name,
        );
        const pods = Math.max(lookup.replicas(workload), autoscaler?.maxReplicas.value ?? 0);
        if (server.slots.value >= pods) continue;
        const why = autoscaler && autoscaler.maxReplicas.value >= lookup.replicas(workload)
          ? `HorizontalPodAutoscaler ${autoscaler.name} scales ${workload.name} up to ${pods}`
          : `${workload.kind} ${workload.name} runs ${pods} replicas`;
        report({
          at: server.slots.source,
          message: `server-template ${server.name.value} in backend ${backend.name} has ${server.slots.value} slots but ${why}: ${pods - server.slots.value} pods never get traffic`,
          related: [{ at: autoscaler?.maxReplicas.source ?? workload.replicas?.source ?? workload.source, message: `${workload.name} replicas` }],
        });
      }
    }
  },
});
