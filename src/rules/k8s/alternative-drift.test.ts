import rule from './alternative-drift.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The bundle went stale: web's replicas and image tag are older than in parts/, both named in one finding.
    { file: 'deploy/all-in-one.yaml', line: 38, related: ['deploy/parts/web.yaml:7', 'deploy/parts/web.yaml:16'] },
    // The tracing add-on exists for its env; its older image is drift of another field, reported as info.
    { file: 'deploy/tracing/web.yaml', line: 16, related: ['deploy/parts/web.yaml:16'] },
  ],
});
