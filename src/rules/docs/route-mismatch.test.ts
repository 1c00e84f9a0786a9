import rule from './route-mismatch.ts';
import { testRule } from '../../../test/rule-tester.ts';

const DEFAULT_BACKEND = ['deployment/config/haproxy.cfg:28'];

testRule(rule, {
  invalid: [
    // `acl is_sync path_beg /_matrix/client/r0 path_end /sync`: path_end is a literal pattern, so v3 /sync
    // falls through to the default backend, whatever the docs (and the ACL's author) meant.
    { file: 'docs/haproxy-routing.md', line: 6, column: 1, related: DEFAULT_BACKEND },
    // No ACL sends /initialSync anywhere: the default backend answers it.
    { file: 'docs/haproxy-routing.md', line: 8, column: 1, related: DEFAULT_BACKEND },
    // A routing-table row naming backend generic-workers; HAProxy picks media-workers (same pods, no backup).
    { file: 'docs/haproxy-routing.md', line: 16, column: 3, related: ['deployment/config/haproxy.cfg:25'] },
    // A routing-table row whose path no ACL matches.
    { file: 'docs/haproxy-routing.md', line: 18, column: 3, related: DEFAULT_BACKEND },
  ],
});
