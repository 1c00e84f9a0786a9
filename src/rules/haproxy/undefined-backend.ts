import { defineRule } from '../define-rule.ts';

/** HAProxy refuses to start when a static use_backend or default_backend names no backend. */
export default defineRule({
  id: 'haproxy/undefined-backend',
  severity: 'error',
  impact: 'critical',
  description: 'use_backend or default_backend names a backend that is not defined.',
  fix: 'Define the backend (or listen section), or correct the name in the use_backend/default_backend line.',
  check({ model, report }) {
    for (const config of model.haproxy) {
      const defined = new Set(config.backends.map((backend) => backend.name));
      for (const frontend of config.frontends) {
        const references = [
          ...frontend.useBackends.filter((rule) => !rule.dynamic).map((rule) => rule.backend),
          ...(frontend.defaultBackend ? [frontend.defaultBackend] : []),
        ];
        for (const name of references) {
          if (defined.has(name.value)) continue;
          report({
            at: name.source,
            message: `Backend '${name.value}' used by frontend ${frontend.name} is not defined, expected one of: ${[...defined].sort().join(', ') || 'none'}`,
          });
        }
      }
    }
  },
});
