import { defineRule } from '../define-rule.ts';

/** A backend no frontend routes to is dead configuration, often a leftover of a renamed route. */
export default defineRule({
  id: 'haproxy/unused-backend',
  severity: 'warning',
  impact: 'low',
  description: 'A backend is never selected by any use_backend or default_backend.',
  fix: 'Route to it with use_backend, or delete it.',
  check({ model, report }) {
    for (const config of model.haproxy) {
      const frontends = config.frontends;
      // A backend name computed at run time (use_backend be_%[…]) may select any backend.
      if (frontends.some((frontend) => frontend.useBackends.some((rule) => rule.dynamic))) continue;
      const used = new Set(
        frontends.flatMap((frontend) => [
          ...frontend.useBackends.map((rule) => rule.backend.value),
          ...(frontend.defaultBackend ? [frontend.defaultBackend.value] : []),
        ]),
      );
      for (const backend of config.backends) {
        if (backend.section !== 'backend' || used.has(backend.name)) continue;
        report({ at: backend.source, message: `Backend '${backend.name}' is never used by any use_backend or default_backend` });
      }
    }
  },
});
