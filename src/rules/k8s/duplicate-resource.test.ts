import rule from './duplicate-resource.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The leftover file sorts first, yet the copy in redis.yaml (the file with objects of its own) is the one kept.
    { file: 'manifests/00-legacy-redis-service.yaml', line: 5, related: ['manifests/redis.yaml:42'] },
    // The same Secret, although this copy omits metadata.namespace (the default namespace is matrix).
    { file: 'manifests/00-legacy-redis-service.yaml', line: 17, related: ['manifests/redis.yaml:4'] },
  ],
});
