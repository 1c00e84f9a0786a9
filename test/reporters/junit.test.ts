import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/engine/analyze.ts';
import { reporters } from '../../src/reporters/index.ts';
import { escapeXml, escapeXmlAttribute, formatJunit } from '../../src/reporters/junit.ts';
import { rules } from '../../src/rules/index.ts';
import { emptyResult, hostileResult } from './edge-results.ts';
import { pinnedRules } from './pinned-rules.ts';
import { sampleResult } from './sample-result.ts';

const options = { color: false, rules: pinnedRules };

describe('junit', () => {
  it('prints one test case per rule, a single failure listing the findings of each failing rule', () => {
    expect(formatJunit(sampleResult, options)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="docdrift" tests="4" failures="3" errors="0" skipped="0">',
        '  <testsuite name="docdrift" tests="4" failures="3" errors="0" skipped="0">',
        '    <testcase classname="docdrift" name="docs/port-mismatch"/>',
        '    <testcase classname="docdrift" name="haproxy/port-mismatch">',
        '      <failure type="error" message="Backend sync-workers server-template sync expects port 8008 on synapse-sync-worker, which exposes 8083 (http)">' +
          'test/fixtures/seed-before/deployment/config/haproxy.cfg:140:27 Backend sync-workers server-template sync expects port 8008 on synapse-sync-worker, which exposes 8083 (http)',
        '  related: test/fixtures/seed-before/deployment/manifests/06-synapse-workers.yaml:12:5 Service synapse-sync-worker ports</failure>',
        '    </testcase>',
        '    <testcase classname="docdrift" name="haproxy/unknown-service">',
        '      <failure type="error" message="Backend typing-workers server-template typing points at Service matrix/synapse-typing, which no manifest defines">' +
          'test/fixtures/seed-before/deployment/config/haproxy.cfg:120:29 Backend typing-workers server-template typing points at Service matrix/synapse-typing, which no manifest defines</failure>',
        '    </testcase>',
        '    <testcase classname="docdrift" name="haproxy/unused-backend">',
        '      <failure type="warning" message="Backend &apos;legacy&apos; is never used by any use_backend or default_backend">' +
          'test/fixtures/seed-before/deployment/config/legacy.haproxy.cfg:3:1 Backend &apos;legacy&apos; is never used by any use_backend or default_backend</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('puts several findings of one rule into one failure, counted once', () => {
    const [first, second] = [sampleResult.findings[0]!, { ...sampleResult.findings[0]!, line: 121, message: 'Another server' }];
    const output = formatJunit({ ...sampleResult, findings: [first, second] }, options);
    expect(output).toContain('<testsuites name="docdrift" tests="4" failures="1" errors="0" skipped="0">');
    expect(output).toContain(
      [
        '    <testcase classname="docdrift" name="haproxy/unknown-service">',
        '      <failure type="error" message="Backend typing-workers server-template typing points at Service matrix/synapse-typing, which no manifest defines (and 1 more)">' +
          'test/fixtures/seed-before/deployment/config/haproxy.cfg:120:29 Backend typing-workers server-template typing points at Service matrix/synapse-typing, which no manifest defines',
        'test/fixtures/seed-before/deployment/config/haproxy.cfg:121:29 Another server</failure>',
        '    </testcase>',
      ].join('\n'),
    );
    expect(output.match(/<failure /g)).toHaveLength(1);
  });

  it('escapes markup, quotes and line breaks, and drops characters XML 1.0 cannot hold', () => {
    expect(formatJunit(hostileResult, options)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="docdrift" tests="4" failures="1" errors="0" skipped="0">',
        '  <testsuite name="docdrift" tests="4" failures="1" errors="0" skipped="0">',
        '    <testcase classname="docdrift" name="docs/port-mismatch"/>',
        '    <testcase classname="docdrift" name="haproxy/port-mismatch"/>',
        '    <testcase classname="docdrift" name="haproxy/unknown-service"/>',
        '    <testcase classname="docdrift" name="haproxy/unused-backend">',
        '      <failure type="warning" message="Backend &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; takes 100% of a:b, c&#10;then &amp; &apos;more&apos;&#13;">' +
          'docs/run book, v2:final.md:7:3 Backend &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; takes 100% of a:b, c',
        'then &amp; &apos;more&apos;&#13;',
        '  related: haproxy.cfg:2:1 backend &lt;b&gt;, defined here',
        'line two</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
    expect(escapeXml('a\uD800b\uFFFEc\u0000d\u{1F600}\t]]>')).toBe('abcd\u{1F600}\t]]&gt;');
    expect(escapeXmlAttribute('a\tb\nc')).toBe('a&#9;b&#10;c');
  });

  it('passes every test case when clean', () => {
    expect(formatJunit(emptyResult, options)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="docdrift" tests="4" failures="0" errors="0" skipped="0">',
        '  <testsuite name="docdrift" tests="4" failures="0" errors="0" skipped="0">',
        '    <testcase classname="docdrift" name="docs/port-mismatch"/>',
        '    <testcase classname="docdrift" name="haproxy/port-mismatch"/>',
        '    <testcase classname="docdrift" name="haproxy/unknown-service"/>',
        '    <testcase classname="docdrift" name="haproxy/unused-backend"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('skips rules the config turns off, and adds a case for a rule id outside the list', () => {
    const config = { ...emptyResult.config, rules: { 'docs/port-mismatch': 'off' as const } };
    const stray = { ...sampleResult.findings[2]!, ruleId: 'plugin/<odd>&"' };
    const output = formatJunit({ ...emptyResult, config, findings: [stray] }, options);
    expect(output).toContain('<testsuites name="docdrift" tests="5" failures="1" errors="0" skipped="1">');
    expect(output).toContain(
      '    <testcase classname="docdrift" name="docs/port-mismatch">\n      <skipped message="turned off in the docdrift config"/>\n    </testcase>',
    );
    expect(output).toContain('    <testcase classname="docdrift" name="plugin/&lt;odd&gt;&amp;&quot;">\n      <failure type="warning"');
  });

  it('describes every registered rule by default', () => {
    const output = formatJunit(sampleResult, { color: false });
    expect(output).toContain(`<testsuites name="docdrift" tests="${rules.length}" failures="3" errors="0" skipped="0">`);
    expect([...output.matchAll(/<testcase classname="docdrift" name="([^"]+)"/g)].map((match) => match[1])).toEqual(rules.map((rule) => rule.id));
    expect(formatJunit(sampleResult, { color: false })).toBe(formatJunit(structuredClone(sampleResult) as CheckResult, { color: false }));
    expect(reporters['junit']).toBe(formatJunit);
  });
});
