import rule from './undefined-backend.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // default_backend in defaults, inherited by two frontends: one finding at the defaults line.
    { file: 'deployment/config/haproxy.cfg', line: 10, column: 21 },
    // A typo in use_backend.
    { file: 'deployment/config/haproxy.cfg', line: 15, column: 17 },
    // A frontend name is not a backend.
    { file: 'deployment/config/haproxy.cfg', line: 17, column: 17 },
  ],
});
