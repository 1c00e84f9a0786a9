import rule from './diagram-inconsistency.ts';
import { testRule } from '../../../test/rule-tester.ts';

// docs/overview.md draws the deployed architecture twice: a box diagram and a Mermaid chart.
const FAITHFUL = ['docs/overview.md:3', 'docs/overview.md:14'];

testRule(rule, {
  invalid: [
    // A box diagram with a media repository box and an "• Event Creators" bullet: one finding, at the first.
    { file: 'docs/architecture.md', line: 9, column: 53, related: FAITHFUL },
    // A Mermaid node for federation inbound workers (its edge label /_matrix/federation/v1/send is no box).
    { file: 'docs/routing.md', line: 5, column: 61, related: FAITHFUL },
  ],
});
