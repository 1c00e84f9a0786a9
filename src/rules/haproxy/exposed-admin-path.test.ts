import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './exposed-admin-path.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

const INGRESS_PATH = 'deployment/manifests/haproxy.yaml:75';

testRule(rule, {
  invalid: [
    // Behind the Ingress, a deny that trusts internal sources trusts the ingress controller too: a warning.
    { file: 'deployment/config/haproxy.cfg', line: 14, related: [INGRESS_PATH, 'deployment/config/haproxy.cfg:11'] },
    // /metrics routed on purpose to a metrics backend.
    { file: 'deployment/config/haproxy.cfg', line: 15, related: [INGRESS_PATH, 'deployment/config/haproxy.cfg:11'] },
    // /_synapse/admin falls through to the Synapse main process, which serves the admin API.
    { file: 'deployment/config/haproxy.cfg', line: 16, related: [INGRESS_PATH, 'deployment/config/haproxy.cfg:11'] },
    // The statistics page of a frontend behind a LoadBalancer, without stats auth.
    { file: 'deployment/config/haproxy.cfg', line: 21, related: ['deployment/manifests/haproxy.yaml:54', 'deployment/config/haproxy.cfg:19'] },
    // use-service prometheus-exporter for src 10.0.0.0/8 behind an Ingress: the controller's pods are that source (a warning).
    { file: 'exporter/haproxy.cfg', line: 21, related: ['exporter/ingress.yaml:24', 'exporter/haproxy.cfg:13'] },
    // No refusal at all: /_synapse/admin reaches the client listener.
    { file: 'exporter/haproxy.cfg', line: 22, related: ['exporter/ingress.yaml:31', 'exporter/haproxy.cfg:13'] },
    // A mode tcp frontend passes every stream to Synapse's client listener: the fix switches to mode http.
    { file: 'passthrough/haproxy.cfg', line: 30, related: ['passthrough/haproxy.yaml:58', 'passthrough/haproxy.cfg:25'] },
    // An ingress-nginx regular expression path (use-regex) that also matches /_synapse/admin.
    { file: 'regex/haproxy.cfg', line: 21, related: ['regex/ingress.yaml:26', 'regex/haproxy.cfg:13'] },
    // Through an Ingress with a Traefik middleware, which may ask for credentials: a warning that names it.
    { file: 'regex/haproxy.cfg', line: 28, related: ['regex/haproxy.yaml:65', 'regex/haproxy.cfg:23'] },
    // A `listen` section with `stats uri /` behind a LoadBalancer: one finding for the page, not one per sensitive path it answers.
    { file: 'stats-root/haproxy.cfg', line: 28, related: ['stats-root/haproxy.yaml:56', 'stats-root/haproxy.cfg:25'] },
  ],
});

it('says less when a Traefik middleware of the Ingress may guard the path', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const guarded = result.findings.find((finding) => finding.ruleId === rule.id && finding.file === 'regex/haproxy.cfg' && finding.line === 28);
  expect(guarded?.severity).toBe('warning');
  expect(guarded?.message).toContain('unless Traefik middleware ops-basic-auth@kubernetescrd of Ingress haproxy-metrics does');
});

it('says how to fix a mode tcp frontend, where no http-request rule applies', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const passthrough = result.findings.find((finding) => finding.ruleId === rule.id && finding.file === 'passthrough/haproxy.cfg');
  expect(passthrough?.message).toContain('In mode tcp HAProxy reads no path: switch the frontend to mode http and add `http-request deny if { path_beg /_synapse/admin } !{ src 10.0.0.0/8 172.16.0.0/12 }`');
});
