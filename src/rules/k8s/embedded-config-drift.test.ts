import rule from './embedded-config-drift.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The first differing line inside the block scalar (line 9 of the file); the trailing blanks above are not drift.
    { file: 'manifests/haproxy.yaml', line: 48, column: 5, related: ['config/haproxy.cfg:9'] },
    // A placeholder: reported on the value, related to the file it should hold.
    { file: 'manifests/haproxy.yaml', line: 70, related: ['config/haproxy.cfg:1'] },
    // A copy cut short: its last line, not the line after the block scalar.
    { file: 'manifests/haproxy.yaml', line: 97, column: 5, related: ['config/haproxy.cfg:18'] },
  ],
});
