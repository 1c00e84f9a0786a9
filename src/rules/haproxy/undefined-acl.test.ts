import rule from './undefined-acl.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Used by http-request above its declaration.
    { file: 'deployment/config/haproxy.cfg', line: 13, column: 26, related: ['deployment/config/haproxy.cfg:14'] },
    // A typo in a use_backend condition.
    { file: 'deployment/config/haproxy.cfg', line: 17, column: 33 },
    // Declared in the frontend, used in a backend: ACLs are per proxy.
    { file: 'deployment/config/haproxy.cfg', line: 22, column: 41, related: ['deployment/config/haproxy.cfg:15'] },
  ],
});
