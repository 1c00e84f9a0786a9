import rule from './mount-hides-files.ts';
import { testRule } from '../../../test/rule-tester.ts';

const CONFIG = 'deploy/config/haproxy-edge.cfg';

testRule(rule, {
  invalid: [
    // The config's own ConfigMap over /usr/local/etc/haproxy: errorfile and map() files are hidden.
    { file: 'deploy/haproxy.yaml', line: 31, column: 26, related: [`${CONFIG}:11`, `${CONFIG}:15`, 'deploy/haproxy.yaml:41'] },
    // A TLS Secret mounted at the directory the crt option names, without that file.
    { file: 'deploy/haproxy.yaml', line: 34, related: [`${CONFIG}:14`, 'deploy/haproxy.yaml:44'] },
    // A ConfigMap made outside the manifests cannot hold a file in a subdirectory (-f pattern file).
    { file: 'deploy/haproxy.yaml', line: 37, related: [`${CONFIG}:16`, 'deploy/haproxy.yaml:47'] },
  ],
});
