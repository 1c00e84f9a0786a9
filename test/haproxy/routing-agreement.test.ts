/**
 * Routing agreement (issue 8, part 4): for the embedded default, both seed
 * fixtures and generated configs, the real HAProxy runs on 127.0.0.1 with
 * every backend answered by a local stub that names its backend; the request
 * matrix is sent through it, and docdrift's evaluator (routeRequest) must
 * pick the same backend wherever it says its answer is certain.
 * The public-exposure rule is held to the same proxy: what it calls exposed
 * reaches its backend (or HAProxy's own page), what it calls protected is refused.
 */
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { routeRequest } from '../../src/model/routing.ts';
import { exposureOf, SENSITIVE_PATHS } from '../../src/rules/haproxy/exposed-admin-path.ts';
import { parseHaproxy } from '../../src/parse/haproxy.ts';
import { routingConfigs } from './corpus-generator.ts';
import { checkConfigText, freePort, mapLimit, requireHaproxy, startHaproxy, stopAllHaproxy, type RunningHaproxy } from './haproxy-oracle.ts';
import { requestMatrix, type MatrixRequest } from './request-matrix.ts';
import { proxyNames, stubConfig } from './stub-config.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Fixed so that every run sends the same configs; override to explore (DOCDRIFT_ROUTING_SEED=n DOCDRIFT_ROUTING_CONFIGS=m). */
const SEED = Number(process.env.DOCDRIFT_ROUTING_SEED ?? 20260817);
const GENERATED = Number(process.env.DOCDRIFT_ROUTING_CONFIGS ?? 22);
const STUB_HEADER = 'x-stub-backend';

const stubs = new Set<Server>();

async function startStub(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { [STUB_HEADER]: name, 'content-type': 'text/plain' });
    res.end(name);
  });
  stubs.add(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

async function closeStub(server: Server): Promise<void> {
  stubs.delete(server);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** What HAProxy did with a request: the stub's backend name, or its own answer. */
function send(agent: Agent, port: number, r: MatrixRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: r.method, path: r.path, headers: requestHeaders(r), agent, timeout: 5000 },
      (res) => {
        res.resume();
        res.on('end', () => {
          const backend = res.headers[STUB_HEADER];
          resolve(typeof backend === 'string' ? backend : `haproxy:${res.statusCode ?? '?'}`);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${r.method} ${r.path}`)));
    req.on('error', reject);
    req.end();
  });
}

function requestHeaders(r: MatrixRequest): Record<string, string> {
  return r.method === 'GET' || r.method === 'HEAD' ? r.headers : { ...r.headers, 'content-length': '0' };
}

interface Case {
  name: string;
  text: string;
  generated: boolean;
}

interface Outcome {
  config: string;
  frontends: number;
  requests: number;
  certain: number;
  uncertain: number;
  disagreements: string[];
}

/** A config running under the real HAProxy on loopback, every backend answered by its stub. */
interface Served {
  frontendPorts: Map<string, number>;
  stop(): Promise<void>;
}

async function serveConfig(binary: Parameters<typeof startHaproxy>[0], text: string): Promise<Served> {
  const names = proxyNames(text);
  const started: Server[] = [];
  const stop = async (): Promise<void> => {
    await haproxy?.stop();
    await Promise.all(started.map(closeStub));
  };
  let haproxy: RunningHaproxy | undefined;
  try {
    const backendPorts = new Map<string, number>();
    for (const name of names.backends) {
      const stub = await startStub(name);
      started.push(stub.server);
      backendPorts.set(name, stub.port);
    }
    // A port taken between freePort() and HAProxy's bind makes it exit: try again with new ports.
    for (let attempt = 1; ; attempt++) {
      const frontendPorts = new Map<string, number>();
      for (const name of names.frontends) frontendPorts.set(name, await freePort());
      try {
        haproxy = await startHaproxy(binary, stubConfig(text, { frontends: frontendPorts, backends: backendPorts }), [...frontendPorts.values()]);
        return { frontendPorts, stop };
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

async function runCase(binary: Parameters<typeof startHaproxy>[0], c: Case, matrix: MatrixRequest[]): Promise<Outcome> {
  const { config, problems } = parseHaproxy(c.name, c.text);
  const names = proxyNames(c.text);
  const outcome: Outcome = { config: c.name, frontends: names.frontends.length, requests: 0, certain: 0, uncertain: 0, disagreements: [] };
  let served: Served | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  try {
    expect(problems.map((p) => `${p.source.line}: ${p.message}`), `${c.name}: docdrift cannot parse it`).toEqual([]);
    served = await serveConfig(binary, c.text);
    for (const frontendName of names.frontends) {
      const frontend = config.frontends.find((f) => f.name === frontendName);
      if (!frontend) throw new Error(`${c.name}: docdrift has no frontend ${frontendName}`);
      const port = served.frontendPorts.get(frontendName) as number;
      const observed = await mapLimit(matrix, 16, (r) => send(agent, port, r));
      matrix.forEach((r, index) => {
        outcome.requests++;
        const decision = routeRequest(config, frontend, { path: r.path, method: r.method, host: r.headers.host, headers: requestHeaders(r) });
        if (!decision.certain) {
          outcome.uncertain++;
          return;
        }
        outcome.certain++;
        const expected = decision.backend ?? 'haproxy:503';
        const actual = observed[index] as string;
        if (expected !== actual) {
          outcome.disagreements.push(
            `${c.name} frontend ${frontendName}: ${r.method} ${r.path} (host ${r.headers.host}) → HAProxy ${actual}, docdrift ${decision.backend ?? 'no backend (503)'} via ${decision.via}${decision.source ? ` line ${decision.source.line}` : ''}`,
          );
        }
      });
    }
  } finally {
    agent.destroy();
    await served?.stop();
  }
  return outcome;
}

describe('routing agreement with the real HAProxy', () => {
  afterAll(async () => {
    await Promise.all([...stubs].map(closeStub));
    await stopAllHaproxy();
  });

  it('docdrift picks the backend HAProxy picks for every request it is certain about', async (context) => {
    const binary = requireHaproxy(context, 'the routing agreement test');
    const started = performance.now();
    const read = (file: string): Case => ({ name: file, text: readFileSync(path.join(REPO, file), 'utf8'), generated: false });
    const cases: Case[] = [
      read('deployment/config/haproxy.cfg'),
      read('test/fixtures/seed-before/deployment/config/haproxy.cfg'),
      read('test/fixtures/seed-after/deployment/config/haproxy.cfg'),
      ...routingConfigs(SEED, GENERATED).map((g) => ({ name: g.name, text: g.text, generated: true })),
    ];
    // Every config must be one HAProxy accepts (a generator bug otherwise).
    const checks = await mapLimit(cases, 4, (c) => checkConfigText(binary, c.text));
    const rejected = cases.flatMap((c, i) => (checks[i]?.valid ? [] : [`${c.name}:\n${checks[i]?.alerts.join('\n')}\n${c.text}`]));
    expect(rejected, 'configs HAProxy rejects').toEqual([]);

    const matrix = requestMatrix();
    const outcomes = await mapLimit(cases, 2, (c) => runCase(binary, c, matrix));
    const total = outcomes.reduce(
      (sum, o) => ({ requests: sum.requests + o.requests, certain: sum.certain + o.certain, uncertain: sum.uncertain + o.uncertain, frontends: sum.frontends + o.frontends }),
      { requests: 0, certain: 0, uncertain: 0, frontends: 0 },
    );
    const disagreements = outcomes.flatMap((o) => o.disagreements);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      [
        `routing agreement: ${cases.length} configs (${cases.filter((c) => !c.generated).length} fixed, ${GENERATED} generated, seed ${SEED}), ${total.frontends} frontends, ${matrix.length} distinct requests per frontend`,
        `  ${total.requests} routing decisions: ${total.certain} certain (${total.certain - disagreements.length} agree, ${disagreements.length} disagree), ${total.uncertain} uncertain (not compared) — ${seconds} s`,
        ...outcomes.map((o) => `  ${o.config}: ${o.frontends} frontend(s), ${o.certain} certain, ${o.uncertain} uncertain, ${o.disagreements.length} disagreements`),
      ].join('\n'),
    );
    expect(total.certain).toBeGreaterThan(0);
    expect(disagreements, `${disagreements.length} routing disagreements:\n${disagreements.join('\n')}`).toEqual([]);
  }, 180_000);

  it('a path haproxy/exposed-admin-path calls exposed passes the real proxy, one it calls protected is refused', async (context) => {
    const binary = requireHaproxy(context, 'the public-exposure agreement test');
    const file = 'test/fixtures/rules/haproxy/exposed-admin-path/invalid/deployment/config/haproxy.cfg';
    const text = readFileSync(path.join(REPO, file), 'utf8');
    const { config } = parseHaproxy(file, text);
    const served = await serveConfig(binary, text);
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const verdicts: string[] = [];
    const disagreements: string[] = [];
    try {
      for (const frontend of config.frontends) {
        const port = served.frontendPorts.get(frontend.name) as number;
        for (const sample of [...SENSITIVE_PATHS.map((entry) => entry.sample), '/stats']) {
          const exposure = exposureOf(config, frontend, sample, 'matrix.example.com');
          if (exposure.verdict === 'unrouted' || (exposure.verdict === 'exposed' && !exposure.certain)) continue;
          // The request comes from 127.0.0.1, outside every network the fixture trusts: a source-dependent deny fires.
          const actual = await send(agent, port, { method: 'GET', path: sample, headers: { host: 'matrix.example.com' }, family: 'admin' });
          const expected = exposure.verdict === 'protected' ? 'haproxy:403' : exposure.by === 'backend' ? (exposure.backend as string) : 'haproxy:200';
          verdicts.push(`${frontend.name} ${sample} ${exposure.verdict}`);
          if (actual !== expected) disagreements.push(`frontend ${frontend.name} GET ${sample}: docdrift says ${exposure.verdict} (${expected}), HAProxy answered ${actual}`);
        }
      }
    } finally {
      agent.destroy();
      await served.stop();
    }
    expect(verdicts).toContain('matrix /_synapse/admin/v1/server_version exposed');
    expect(verdicts).toContain('matrix /_synapse/metrics protected');
    expect(verdicts).toContain('edge /stats exposed');
    expect(disagreements).toEqual([]);
  }, 60_000);
});
