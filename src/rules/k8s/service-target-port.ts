import type { Workload } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';

/** Names of ports beside a program's main one. */
const SIDE_PORT = /metric|health|admin|debug|prom|monitor|probe|status|pprof/i;

/** A Service port whose targetPort the pods do not expose sends traffic nowhere. */
export default defineRule({
  id: 'k8s/service-target-port',
  severity: 'error',
  impact: 'high',
  title: 'Service targetPorts that the pods do not expose',
  consequence:
    'Traffic the Service forwards lands on a port nothing listens on, or, for a port name no container declares, is not forwarded at all: connections fail although the Service has pods.',
  docs: [
    'A Service forwards each `ports[].port` to its `targetPort` on the selected pods. A number is a port on the pod; a name must be the `name` of a `containerPort` of the pods. An omitted targetPort is the port number itself.',
    'What counts: a named targetPort that no container of any selected workload declares; a numeric targetPort that is not among the container ports, when the pods declare ports (a warning when they declare only side ports such as `metrics` or `health`: the main one may be undeclared).',
    'What does not: a named targetPort that some selected workload declares (endpoints leave out the pods without the name, such as a Job that shares the labels); a numeric targetPort when the pods declare no ports at all (a container may listen on undeclared ports, and Kubernetes forwards to them); ports declared by a sidecar of the same pod; Services without a selector.',
  ].join('\n\n'),
  description: 'A Service targetPort (number or name) is not a container port of the pods it selects.',
  fix: 'Set targetPort to a containerPort (or its name) of the selected pods, or declare that port on the container.',
  check({ model, lookup, report }) {
    for (const service of model.services) {
      const workloads = lookup.selectedWorkloads(service);
      for (const port of service.ports) {
        const target = port.targetPort;
        const serves = (workload: Workload) =>
          workload.containers.some((container) => container.ports.some((containerPort) => (typeof target === 'number' ? containerPort.containerPort === target : containerPort.name === target)));
        // Endpoints of a named port leave out the pods without that name: a Job that shares the labels is not sent traffic.
        if (typeof target === 'string' && workloads.some(serves)) continue;
        for (const workload of workloads) {
          const containerPorts = workload.containers.flatMap((container) => container.ports);
          // A numeric targetPort reaches the pod even when undeclared; only judge pods that declare their ports.
          if ((typeof target === 'number' && containerPorts.length === 0) || serves(workload)) continue;
          const exposed = containerPorts.map((containerPort) => (containerPort.name ? `${containerPort.containerPort} (${containerPort.name})` : `${containerPort.containerPort}`));
          // Pods that declare only side ports (metrics, health …) may well listen on an undeclared main port.
          const sidePortsOnly = typeof target === 'number' && containerPorts.every((containerPort) => SIDE_PORT.test(containerPort.name ?? ''));
          report({
            at: port.targetPortSource,
            message:
              `Service ${service.name} targets ${typeof target === 'number' ? 'port' : 'port name'} ${target}, expected one that ${workload.kind} ${workload.name} exposes: ${exposed.join(', ') || 'none'}` +
              (sidePortsOnly ? ' (a warning: it declares only side ports, and may listen on an undeclared one)' : ''),
            related: [{ at: containerPorts[0]?.source ?? workload.source, message: `${workload.kind} ${workload.name} container ports` }],
            ...(sidePortsOnly ? { severity: 'warning' as const } : {}),
          });
        }
      }
    }
  },
});
