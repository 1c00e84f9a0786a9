import { defineRule } from '../define-rule.ts';

/** HAProxy's predefined ACLs need no declaration. */
const PREDEFINED = new Set([
  'FALSE', 'HTTP', 'HTTP_1.0', 'HTTP_1.1', 'HTTP_2.0', 'HTTP_3.0', 'HTTP_CONTENT', 'HTTP_URL_ABS', 'HTTP_URL_SLASH',
  'HTTP_URL_STAR', 'LOCALHOST', 'METH_CONNECT', 'METH_DELETE', 'METH_GET', 'METH_HEAD', 'METH_OPTIONS', 'METH_POST',
  'METH_PUT', 'METH_TRACE', 'RDP_COOKIE', 'REQ_CONTENT', 'TRUE', 'WAIT_END',
]);

/** A condition naming an undeclared ACL is a fatal configuration error ("no such ACL"). */
export default defineRule({
  id: 'haproxy/undefined-acl',
  severity: 'error',
  impact: 'critical',
  description: 'A use_backend condition names an ACL that is not declared in its frontend.',
  fix: 'Declare the ACL with an `acl NAME FETCH PATTERN…` line in the same frontend, or correct its name.',
  check({ model, report }) {
    for (const config of model.haproxy) {
      for (const frontend of config.frontends) {
        const declared = new Set(frontend.acls.map((acl) => acl.name));
        for (const rule of frontend.useBackends) {
          for (const term of rule.condition?.anyOf.flat() ?? []) {
            if (term.acl.kind !== 'named') continue;
            const name = term.acl.name;
            if (declared.has(name.value) || PREDEFINED.has(name.value)) continue;
            report({
              at: name.source,
              message: `ACL '${name.value}' is not declared in ${frontend.section} ${frontend.name}, expected an 'acl ${name.value} …' line`,
            });
          }
        }
      }
    }
  },
});
