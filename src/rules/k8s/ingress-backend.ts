import { createdByText, creatorPlaces, unverifiedText } from '../../runtime/types.ts';
import { defineRule } from '../define-rule.ts';

/** An Ingress path whose backend Service or port does not exist answers 503. */
export default defineRule({
  id: 'k8s/ingress-backend',
  severity: 'error',
  impact: 'high',
  title: 'Ingress rules route to Services or ports that do not exist',
  consequence:
    'The ingress controller has no endpoints for the path and answers 503 (some controllers 404): the route is down from outside although everything behind it runs.',
  docs: [
    "An Ingress backend (`service.name` with `service.port.number` or `service.port.name`, for a path or as the default backend) must name a Service in the Ingress's own namespace: an Ingress cannot reach Services in other namespaces. The port is a port of the Service, its `port` number or its `name`, not the container port behind it.",
    'What counts: a Service that no manifest defines in that namespace (the message says when it exists in another one); a port number or name the Service does not have.',
    'Services that operators and Helm releases create (the tables in `data/operators/` and `data/charts/`) count, with their known ports: an Ingress to MinIO\'s `NAME-console` on 9001 is reported (it listens on 9090/9443). A Service under the name of a chart release or custom resource docdrift has no table for is a warning, not an error, and so is a missing Service named after a chart folder docdrift did not render (`web` or `web-…` for `charts/web`, without `helm` on PATH): its templates may define it. Objects of another packaging of the app (a unit that is an alternative of this one, such as a bundle and the folder it was built from) are deployed instead of it, not with it: they do not count.',
    'An Ingress of a kustomize base is judged in the overlays that render it, once for the base\'s line however many overlays render it.',
    'What does not: the Service port number when it forwards to another container port; a Service in another namespace served by an Ingress in that namespace; a port number on an `ExternalName` Service that declares no ports (the controller dials that port on the external host).',
  ].join('\n\n'),
  description: 'An Ingress backend names a Service or a Service port that does not exist.',
  fix: 'Point the backend at an existing Service in the Ingress namespace and at one of its port numbers or names.',
  check({ model, lookup, report: reportEach }) {
    // A base file rendered by several overlays is one cause: reported once, for its first rendering.
    const reported = new Set<string>();
    const report: typeof reportEach = (finding) => {
      const place = `${finding.at.file}:${finding.at.line}:${finding.at.column}`;
      if (reported.has(place)) return;
      reported.add(place);
      reportEach(finding);
    };
    for (const ingress of model.ingresses) {
      if (lookup.inBase(ingress)) continue;
      for (const backend of ingress.backends) {
        const where = backend.path ? ` for ${backend.host ?? '*'}${backend.path}` : '';
        const service = lookup.serviceFor(ingress, ingress.namespace, backend.serviceName.value);
        // A Service of another packaging of the app (an alternative unit) is not deployed with this Ingress.
        const alternative = service || lookup.runtimeService(ingress.namespace, backend.serviceName.value) ? undefined : lookup.service(ingress.namespace, backend.serviceName.value);
        if (alternative) {
          report({
            at: backend.serviceName.source,
            message: `Ingress ${ingress.name}${where} routes to Service ${ingress.namespace}/${backend.serviceName.value}, which only unit ${alternative.unit}, another packaging deployed instead of ${ingress.unit}, defines`,
            related: [{ at: alternative.source, message: `Service ${alternative.name} in unit ${alternative.unit}` }],
          });
          continue;
        }
        if (!service) {
          const created = lookup.runtimeService(ingress.namespace, backend.serviceName.value);
          if (created) {
            // Ports the table does not know are not checked.
            if (created.ports.length === 0 || created.ports.some((port) => portMatches(port, backend.servicePort.value))) continue;
            report({
              at: backend.servicePort.source,
              message: `Ingress ${ingress.name}${where} uses port ${backend.servicePort.value} of Service ${created.name}, expected one of: ${offered(created.ports)} (${createdByText(created.createdBy)})`,
              related: creatorPlaces(created.createdBy, `Service ${created.name}${created.createdBy.table ? `, per ${created.createdBy.table}` : ''}`),
            });
            continue;
          }
          const creator = lookup.unverifiedCreator(ingress.namespace, backend.serviceName.value);
          if (creator) {
            report({
              at: backend.serviceName.source,
              message: `Ingress ${ingress.name}${where} routes to Service ${ingress.namespace}/${backend.serviceName.value}, which no manifest defines; it may be ${unverifiedText(creator)}`,
              severity: 'warning',
              related: creatorPlaces(creator.createdBy, creator.createdBy.description),
            });
            continue;
          }
          // An Ingress reaches only Services of its own namespace; say so when the name exists elsewhere.
          const elsewhere = lookup.servicesNamed(backend.serviceName.value)[0];
          // A chart docdrift could not render may define it.
          const unrendered = elsewhere ? undefined : lookup.unrenderedUnitFor(backend.serviceName.value);
          if (unrendered) {
            report({
              at: backend.serviceName.source,
              severity: 'warning',
              message: `Ingress ${ingress.name}${where} routes to Service ${ingress.namespace}/${backend.serviceName.value}, which no rendered manifest defines; ${unrendered.kind} ${unrendered.id}, which docdrift did not render, may define it`,
              related: [{ at: unrendered.source, message: `${unrendered.kind} ${unrendered.id}, not rendered` }],
            });
            continue;
          }
          // What the operator or release the name points at does create, so the reader sees the right name.
          const similar = elsewhere ? [] : lookup.runtimeServicesLike(ingress.namespace, backend.serviceName.value);
          const maker = similar[0]?.createdBy;
          report({
            at: backend.serviceName.source,
            message: elsewhere
              ? `Ingress ${ingress.name}${where} routes to Service ${ingress.namespace}/${backend.serviceName.value}, which does not exist: the Service is in namespace ${elsewhere.namespace}, and an Ingress reaches only its own namespace`
              : `Ingress ${ingress.name}${where} routes to Service ${ingress.namespace}/${backend.serviceName.value}, which no manifest defines${maker ? `; ${maker.description} creates ${similar.map((object) => object.name).join(', ')}${maker.table ? ` (per ${maker.table})` : ''}` : ''}`,
            related: elsewhere ? [{ at: elsewhere.source, message: `Service ${elsewhere.namespace}/${elsewhere.name}` }] : creatorPlaces(maker, maker?.description ?? ''),
          });
          continue;
        }
        const wanted = backend.servicePort.value;
        if (service.ports.some((port) => portMatches(port, wanted))) continue;
        // An ExternalName Service without ports is a DNS alias: the controller dials the Ingress's port number on the external host.
        if (service.type === 'ExternalName' && service.ports.length === 0 && typeof wanted === 'number') continue;
        report({
          at: backend.servicePort.source,
          message: `Ingress ${ingress.name}${where} uses port ${wanted} of Service ${service.name}, expected one of: ${offered(service.ports)}`,
          related: [{ at: service.ports[0]?.source ?? service.source, message: `Service ${service.name} ports` }],
        });
      }
    }
  },
});

/** A backend port names a Service port by number or by name. */
function portMatches(port: { name: string | undefined; port: number }, wanted: number | string): boolean {
  return typeof wanted === 'number' ? port.port === wanted : port.name === wanted;
}

function offered(ports: readonly { name: string | undefined; port: number }[]): string {
  return ports.map((port) => (port.name ? `${port.port} (${port.name})` : `${port.port}`)).join(', ') || 'none';
}
