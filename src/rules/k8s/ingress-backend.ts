import { defineRule } from '../define-rule.ts';

/** An Ingress path whose backend Service or port does not exist answers 503. */
export default defineRule({
  id: 'k8s/ingress-backend',
  severity: 'error',
  impact: 'high',
  description: 'An Ingress backend names a Service or a Service port that does not exist.',
  fix: 'Point the backend at an existing Service in the Ingress namespace and at one of its port numbers or names.',
  check({ model, lookup, report }) {
    for (const ingress of model.ingresses) {
      for (const backend of ingress.backends) {
        const where = backend.path ? ` for ${backend.host ?? '*'}${backend.path}` : '';
        const service = lookup.service(ingress.namespace, backend.serviceName.value);
        if (!service) {
          // An Ingress reaches only Services of its own namespace; say so when the name exists elsewhere.
          const elsewhere = model.services.find((candidate) => candidate.name === backend.serviceName.value);
          report({
            at: backend.serviceName.source,
            message: elsewhere
              ? `Ingress ${ingress.name}${where} routes to Service ${ingress.namespace}/${backend.serviceName.value}, which does not exist: the Service is in namespace ${elsewhere.namespace}, and an Ingress reaches only its own namespace`
              : `Ingress ${ingress.name}${where} routes to Service ${ingress.namespace}/${backend.serviceName.value}, which no manifest defines`,
            ...(elsewhere ? { related: [{ at: elsewhere.source, message: `Service ${elsewhere.namespace}/${elsewhere.name}` }] } : {}),
          });
          continue;
        }
        const wanted = backend.servicePort.value;
        const found = service.ports.some((port) => (typeof wanted === 'number' ? port.port === wanted : port.name === wanted));
        if (found) continue;
        const offered = service.ports.map((port) => (port.name ? `${port.port} (${port.name})` : `${port.port}`)).join(', ');
        report({
          at: backend.servicePort.source,
          message: `Ingress ${ingress.name}${where} uses port ${wanted} of Service ${service.name}, expected one of: ${offered || 'none'}`,
          related: [{ at: service.ports[0]?.source ?? service.source, message: `Service ${service.name} ports` }],
        });
      }
    }
  },
});
