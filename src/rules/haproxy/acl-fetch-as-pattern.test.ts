import rule from './acl-fetch-as-pattern.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // acl is_sync path_beg /x path_end /sync: path_end is a pattern.
    { file: 'deployment/config/haproxy.cfg', line: 13, column: 29 },
    // || inside an acl line: one finding for the line, at the first suspect word.
    { file: 'deployment/config/haproxy.cfg', line: 15, column: 43 },
    // In an anonymous { } ACL of an http-request condition.
    { file: 'deployment/config/haproxy.cfg', line: 17, column: 54 },
  ],
});
