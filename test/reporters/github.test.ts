import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/reporters/github.ts';
import { reporters } from '../../src/reporters/index.ts';
import { emptyResult, hostileResult } from './edge-results.ts';
import { sampleResult } from './sample-result.ts';

describe('github', () => {
  it('prints one workflow command per finding, paths joined to the checked root', () => {
    expect(formatGithub(sampleResult, { color: false })).toBe(
      [
        '::error file=test/fixtures/seed-before/deployment/config/haproxy.cfg,line=120,col=29,endLine=120,endColumn=80,title=docdrift(haproxy/unknown-service)::Backend typing-workers server-template typing points at Service matrix/synapse-typing, which no manifest defines',
        '::error file=test/fixtures/seed-before/deployment/config/haproxy.cfg,line=140,col=27,endLine=140,endColumn=73,title=docdrift(haproxy/port-mismatch)::Backend sync-workers server-template sync expects port 8008 on synapse-sync-worker, which exposes 8083 (http) (related: test/fixtures/seed-before/deployment/manifests/06-synapse-workers.yaml:12 Service synapse-sync-worker ports)',
        "::warning file=test/fixtures/seed-before/deployment/config/legacy.haproxy.cfg,line=3,col=1,endLine=3,endColumn=16,title=docdrift(haproxy/unused-backend)::Backend 'legacy' is never used by any use_backend or default_backend",
        '',
      ].join('\n'),
    );
  });

  it('maps info to ::notice and keeps root-relative paths when the root is the working directory', () => {
    const finding = { ...sampleResult.findings[2]!, severity: 'info' as const };
    expect(formatGithub({ ...sampleResult, root: '.', findings: [finding] }, { color: false })).toBe(
      "::notice file=deployment/config/legacy.haproxy.cfg,line=3,col=1,endLine=3,endColumn=16,title=docdrift(haproxy/unused-backend)::Backend 'legacy' is never used by any use_backend or default_backend\n",
    );
  });

  it('escapes data and properties by the workflow-command rules', () => {
    expect(formatGithub(hostileResult, { color: false })).toBe(
      '::warning file=docs/run book%2C v2%3Afinal.md,line=7,col=3,endLine=8,endColumn=1,title=docdrift(haproxy/unused-backend)::' +
        'Backend <script>alert("x")</script> takes 100%25 of a:b, c%0Athen & \'more\'%0D\u0001' +
        ' (related: haproxy.cfg:2 backend <b>, defined here%0Aline two)\n',
    );
    expect(escapeData('50%\r\n:,')).toBe('50%25%0D%0A:,');
    expect(escapeProperty('50%\r\n:,')).toBe('50%25%0D%0A%3A%2C');
    expect(escapeProperty('%3A')).toBe('%253A');
  });

  it('prints nothing when clean', () => {
    expect(formatGithub(emptyResult, { color: false })).toBe('');
  });

  it('is registered as a format', () => {
    expect(reporters['github']).toBe(formatGithub);
  });
});
