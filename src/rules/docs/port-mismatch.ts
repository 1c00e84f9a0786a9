import { claimsOf, type ClaimSubject } from '../../model/claims.ts';
import type { ModelLookup } from '../../model/lookup.ts';
import type { Source } from '../../model/types.ts';
import { nearest } from '../../model/locality.ts';
import { defineRule } from '../define-rule.ts';

interface DeployedPort {
  port: number;
  source: Source;
  what: string;
}

/** A documented port that the manifests do not expose sends health checks and clients to a closed port. */
export default defineRule({
  id: 'docs/port-mismatch',
  severity: 'error',
  impact: 'medium',
  title: 'Docs give ports the Services and pods do not use',
  consequence:
    'Operators point probes, firewall rules, port-forwards and clients at the documented port and get connection refused.',
  docs: [
    'Ports that the docs state for a worker type or a Service, in prose (`the sync workers listen on 8083`), in a table with a port column, or in a DNS name with a port (`synapse-main.matrix.svc.cluster.local:8008`), are compared with what the manifests expose for it: the ports of its Services and the container ports of the pods behind them. Either one agrees, since docs speak of both; the related places show the manifest lines.',
    'What counts: a port, stated in a section about the current deployment, that is neither a Service port nor a container port of the worker type or Service it is given for.',
    'What does not: ports in future, example or historical sections; subjects for which the manifests expose no port at all (nothing to compare with); Services that do not exist, which are `docs/unknown-service`.',
  ].join('\n\n'),
  description: 'A port the docs state for a worker or Service differs from the Service and container ports in the manifests.',
  fix: 'State the port the manifests expose (the manifest line is given as related location).',
  check({ lookup, inputs, report }) {
    const check = (subject: ClaimSubject, port: number, at: Source, text: string) => {
      const ports = portsOf(lookup, subject, at.file);
      if (ports.length === 0 || ports.some((entry) => entry.port === port)) return;
      const unique = [...new Set(ports.map((entry) => entry.port))].sort((a, b) => a - b);
      report({
        at,
        message: `Docs give port ${port} for ${text}, but the manifests expose ${unique.join(', ')}`,
        related: ports.slice(0, 2).map((entry) => ({ at: entry.source, message: entry.what })),
      });
    };
    for (const claim of claimsOf(inputs.claims, 'port')) {
      if (claim.scope === 'current') check(claim.subject, claim.port, claim.source, claim.subject.text);
    }
    for (const reference of claimsOf(inputs.claims, 'service')) {
      if (reference.scope !== 'current' || reference.port === undefined) continue;
      const namespace = reference.namespace ?? lookup.options.defaultNamespace;
      if (!lookup.service(namespace, reference.service)) continue; // docs/unknown-service reports it
      check({ text: reference.service, kind: undefined, service: reference.service }, reference.port, reference.source, reference.text);
    }
  },
});

/** Ports a subject exposes in the deployment nearest the doc: its Services' ports and the container ports behind them. */
function portsOf(lookup: ModelLookup, subject: ClaimSubject, docFile: string): DeployedPort[] {
  const byFile = (entry: { source: Source }) => entry.source.file;
  const named = subject.service ? nearest(docFile, lookup.servicesNamed(subject.service), byFile) : [];
  const workloads = subject.service
    ? named.flatMap((service) => lookup.selectedWorkloads(service))
    : subject.kind
      ? nearest(docFile, lookup.workloadsOfKind(subject.kind), byFile)
      : [];
  const services = subject.service ? named : [...new Set(workloads.flatMap((workload) => lookup.servicesFor(workload)))];
  return [
    ...services.flatMap((service) => service.ports.map((port) => ({ port: port.port, source: port.source, what: `Service ${service.name} port` }))),
    ...workloads.flatMap((workload) =>
      workload.containers.flatMap((container) => container.ports.map((port) => ({ port: port.containerPort, source: port.source, what: `${workload.kind} ${workload.name} container port` }))),
    ),
  ];
}
