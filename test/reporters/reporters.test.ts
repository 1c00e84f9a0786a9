import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/reporters/json.ts';
import { formatStylish } from '../../src/reporters/stylish.ts';
import { sampleResult } from './sample-result.ts';

describe('stylish', () => {
  it('groups findings by file with file:line:col, severity, message, rule id and related places', () => {
    expect(formatStylish(sampleResult, { color: false })).toBe(
      [
        'deployment/config/haproxy.cfg',
        '  deployment/config/haproxy.cfg:120:29  error  Backend typing-workers server-template typing points at Service matrix/synapse-typing, which no manifest defines  haproxy/unknown-service',
        '  deployment/config/haproxy.cfg:140:27  error  Backend sync-workers server-template sync expects port 8008 on synapse-sync-worker, which exposes 8083 (http)  haproxy/port-mismatch',
        '      ↳ deployment/manifests/06-synapse-workers.yaml:12:5  Service synapse-sync-worker ports',
        '',
        'deployment/config/legacy.haproxy.cfg',
        "  deployment/config/legacy.haproxy.cfg:3:1  warning  Backend 'legacy' is never used by any use_backend or default_backend  haproxy/unused-backend",
        '',
        '✖ 3 problems (2 errors, 1 warning, 0 infos)',
        '',
      ].join('\n'),
    );
  });

  it('colours severities only when asked', () => {
    const coloured = formatStylish(sampleResult, { color: true });
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[39m');
    expect(formatStylish(sampleResult, { color: false })).not.toContain('\u001b[');
  });

  it('prints nothing when clean', () => {
    expect(formatStylish({ ...sampleResult, findings: [], summary: { errors: 0, warnings: 0, infos: 0, files: 3 } }, { color: false })).toBe('');
  });
});

describe('json', () => {
  it('prints exactly the documented schema', () => {
    const parsed = JSON.parse(formatJson(sampleResult)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['version', 'root', 'summary', 'findings']);
    expect(parsed['version']).toBe(1);
    expect(parsed['root']).toBe('test/fixtures/seed-before');
    expect(parsed['summary']).toEqual({ errors: 2, warnings: 1, infos: 0, files: 3 });
    expect(parsed['findings']).toEqual(sampleResult.findings);
    expect(Object.keys((parsed['findings'] as object[])[0]!)).toEqual([
      'ruleId', 'severity', 'impact', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'related',
    ]);
  });

  it('ends with a newline and is stable', () => {
    expect(formatJson(sampleResult).endsWith('}\n')).toBe(true);
    expect(formatJson(sampleResult)).toBe(formatJson(structuredClone(sampleResult)));
  });
});
