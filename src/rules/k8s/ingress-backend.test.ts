import rule from './ingress-backend.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The bundle's Ingress names a Service that only the folder it was built from (an alternative unit, deployed instead) defines.
    { file: 'app/all-in-one.yaml', line: 78, related: ['app/blog.yaml:53'] },
    // A port name the Service lacks, in a kustomize base that two overlays render: one finding at the base's line.
    { file: 'blog/base/ingress.yaml', line: 23, related: ['blog/base/service.yaml:8'] },
    // The Service exists, but in another namespace than the Ingress.
    { file: 'manifests/ingress.yaml', line: 17, related: ['manifests/mas.yaml:27'] },
    // The container port (targetPort) instead of the Service port.
    { file: 'manifests/ingress.yaml', line: 27, related: ['manifests/haproxy.yaml:33'] },
    // A port name the Service does not have.
    { file: 'manifests/ingress.yaml', line: 35, related: ['manifests/haproxy.yaml:33'] },
  ],
});
