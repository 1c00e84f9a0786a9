import rule from './mount-hides-files.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The config's own ConfigMap over /usr/local/etc/haproxy: errorfile and map() files are hidden.
    { file: 'deploy/haproxy.yaml', line: 30, column: 26, related: ['deploy/config/haproxy.cfg:9', 'deploy/config/haproxy.cfg:13', 'deploy/haproxy.yaml:40'] },
    // A TLS Secret mounted at the directory the crt option names, without that file.
    { file: 'deploy/haproxy.yaml', line: 33, related: ['deploy/config/haproxy.cfg:12', 'deploy/haproxy.yaml:43'] },
    // A ConfigMap made outside the manifests cannot hold a file in a subdirectory (-f pattern file).
    { file: 'deploy/haproxy.yaml', line: 36, related: ['deploy/config/haproxy.cfg:14', 'deploy/haproxy.yaml:46'] },
  ],
});
