import rule from './missing-file.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A relative link to a folder that is not there (manifest/ for manifests/).
    { file: 'docs/architecture.md', line: 3, column: 22 },
    // An anchor into another doc that has no such heading (#hpa-ranges exists, #hpa-range does not).
    { file: 'docs/architecture.md', line: 4, column: 1 },
    // A same-file anchor to a missing heading.
    { file: 'docs/architecture.md', line: 4, column: 44 },
    // An inline-code path in a folder that exists, to a file that does not.
    { file: 'docs/architecture.md', line: 8, column: 36 },
    // #components-1 is the anchor of a second "Components" heading, and there is only one.
    { file: 'docs/architecture.md', line: 9, column: 1 },
    // Links must resolve even in a future section (inline-code paths there may name files to come).
    { file: 'docs/architecture.md', line: 13, column: 38 },
    // `kubectl apply -f` of a manifest that does not exist: at its path.
    { file: 'docs/deployment-guide.md', line: 6, column: 18 },
  ],
});
