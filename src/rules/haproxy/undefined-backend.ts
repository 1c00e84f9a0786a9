import type { Located } from '../../model/types.ts';
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
