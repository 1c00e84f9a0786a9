import type { Located } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';

/** HAProxy refuses to start when a static use_backend or default_backend names no backend. */
export default defineRule({
  id: 'haproxy/undefined-backend',
  severity: 'error',
  impact: 'critical',
  title: 'use_backend or default_backend names a missing backend',
  consequence:
    'HAProxy refuses to start or reload because the backend cannot be found, so every route through the proxy is down.',
  docs: [
    '`use_backend NAME` and `default_backend NAME` must name a `backend` or `listen` section of the same configuration. A frontend cannot be the target: it does not take traffic from another proxy. A `default_backend` written in a `defaults` section is inherited by every frontend after it, and is reported once, naming them all.',
    'What counts: a static name that matches no backend or listen section (a rename, or a typo such as `synapse_main` for `synapse-main`), or one that names a frontend.',
    'What does not: names computed at run time from a sample (`use_backend be_%[req.hdr(host),lower]`), which cannot be checked before a request arrives (`haproxy/unused-backend` still works out which backends they can select).',
  ].join('\n\n'),
  description: 'use_backend or default_backend names a backend that is not defined.',
  fix: 'Define the backend (or listen section), or correct the name in the use_backend/default_backend line.',
  check({ model, report }) {
    for (const config of model.haproxy) {
      const defined = new Set(config.backends.map((backend) => backend.name));
      const frontendOnly = new Set(config.frontends.filter((frontend) => frontend.section === 'frontend').map((frontend) => frontend.name));
      // A default_backend written in a defaults section is inherited by several frontends: report it once.
      const reported = new Map<string, string[]>();
      const pending: { name: Located<string>; key: string }[] = [];
      for (const frontend of config.frontends) {
        const references = [
          ...frontend.useBackends.filter((rule) => !rule.dynamic).map((rule) => rule.backend),
          ...(frontend.defaultBackend ? [frontend.defaultBackend] : []),
        ];
        for (const name of references) {
          if (defined.has(name.value)) continue;
          const key = `${name.source.line}:${name.source.column}`;
          const users = reported.get(key);
          if (users) {
            users.push(frontend.name);
            continue;
          }
          reported.set(key, [frontend.name]);
          pending.push({ name, key });
        }
      }
      for (const { name, key } of pending) {
        const users = reported.get(key) ?? [];
        const what = frontendOnly.has(name.value) ? 'is a frontend, not a backend (a frontend cannot take traffic from another proxy)' : 'is not defined';
        report({
          at: name.source,
          message: `Backend '${name.value}' used by ${users.length > 1 ? 'frontends' : 'frontend'} ${users.join(', ')} ${what}, expected one of: ${[...defined].sort().join(', ') || 'none'}`,
        });
      }
    }
  },
});
