import { request as httpRequest } from 'node:http';
import { freePort, startHaproxy, type HaproxyBinary } from '../haproxy/haproxy-oracle.ts';
import { proxyNames, stubConfig } from '../haproxy/stub-config.ts';

/**
 * Runs `text` in the real HAProxy on the loopback, each backend answering its own name itself
 * (`http-request return`, so no stub servers are needed), and returns the backend each path reaches.
 */
export async function routeThroughHaproxy(binary: HaproxyBinary, text: string, paths: string[]): Promise<Record<string, string>> {
  const names = proxyNames(text);
  const frontend = names.frontends.find((name) => name !== 'stats') ?? names.frontends[0]!;
  const ports = new Map(await Promise.all(names.frontends.map(async (name) => [name, await freePort()] as const)));
  // Placeholder server ports, one per backend, replaced below by an answer naming the backend.
  const backendPorts = new Map(names.backends.map((name, index) => [name, 1 + index]));
  const byPort = new Map([...backendPorts].map(([name, port]) => [port, name]));
  const config = stubConfig(text, { frontends: ports, backends: backendPorts }).replace(
    /^ {4}server stub 127\.0\.0\.1:(\d+)$/gm,
    (_, port: string) => `    http-request return status 200 content-type text/plain string ${byPort.get(Number(port))}`,
  );
  const running = await startHaproxy(binary, config, [...ports.values()]);
  try {
    const routes: Record<string, string> = {};
    for (const path of paths) routes[path] = await get(ports.get(frontend)!, path);
    return routes;
  } finally {
    await running.stop();
  }
}

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers: { host: 'matrix.example.com', authorization: 'Bearer token' }, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(res.statusCode === 200 ? body.trim() : `haproxy:${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: GET ${path}`)));
    req.on('error', reject);
    req.end();
  });
}

/** Applies a unified diff (as the review prints it) to `text`. */
export function applyDiff(text: string, diff: string[]): string {
  const lines = text.split('\n');
  let shift = 0;
  for (let index = 0; index < diff.length; index++) {
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(diff[index]!);
    if (!header) continue;
    const body: string[] = [];
    while (index + 1 < diff.length && !diff[index + 1]!.startsWith('@@')) body.push(diff[++index]!);
    const old = body.filter((line) => !line.startsWith('+')).map((line) => line.slice(1));
    const replacement = body.filter((line) => !line.startsWith('-')).map((line) => line.slice(1));
    const start = Number(header[1]) - 1 + shift;
    if (lines.slice(start, start + old.length).join('\n') !== old.join('\n')) throw new Error(`hunk ${diff[index - body.length]} does not apply`);
    lines.splice(start, old.length, ...replacement);
    shift += replacement.length - old.length;
  }
  return lines.join('\n');
}
