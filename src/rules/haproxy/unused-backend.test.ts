import rule from './unused-backend.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Routed to by nothing.
    { file: 'deployment/config/haproxy.cfg', line: 19, column: 1 },
    // Outside the be_* names the dynamic use_backend can produce.
    { file: 'deployment/config/haproxy.cfg', line: 23, column: 1 },
  ],
});
