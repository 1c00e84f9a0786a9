import rule from './line-continuation.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The usual multi-line acl: haproxy -c rejects the orphan second line.
    { file: 'deployment/config/haproxy.cfg', line: 13, column: 50 },
    // Silently accepted: the backslash is one more pattern.
    { file: 'deployment/config/haproxy.cfg', line: 16, column: 43 },
    // Followed by trailing blanks (kept on purpose in the fixture): an escaped space, also accepted.
    { file: 'deployment/config/haproxy.cfg', line: 26, column: 32 },
  ],
});
