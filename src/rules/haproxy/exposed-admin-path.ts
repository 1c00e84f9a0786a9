import type { ModelLookup, PublicEntry } from '../../model/lookup.ts';
import { httpRequestActions, routeRequest, type HttpRequestAction } from '../../model/routing.ts';
import type { HaproxyBackend, HaproxyConfig, HaproxyFrontend, HaproxySection, Service, Source, Workload } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';
import { resolvedServers } from './servers.ts';

/** Paths that must not be reachable from the Internet, with a request that stands for each. */
export interface SensitivePath {
  prefix: string;
  sample: string;
  what: string;
  /** synapse: exposed wherever it reaches a Synapse process (its client listener serves it); routed: only when a use_backend sends it somewhere on purpose. */
  servedBy: 'synapse' | 'routed';
}

export const SENSITIVE_PATHS: readonly SensitivePath[] = [
  { prefix: '/_synapse/admin', sample: '/_synapse/admin/v1/server_version', what: 'the Synapse admin API', servedBy: 'synapse' },
  { prefix: '/_synapse/metrics', sample: '/_synapse/metrics', what: 'Synapse metrics', servedBy: 'routed' },
  { prefix: '/metrics', sample: '/metrics', what: 'metrics', servedBy: 'routed' },
];

/** http-request actions that answer the request instead of passing it on. */
const ANSWERING = new Set(['deny', 'reject', 'tarpit', 'silent-drop', 'auth', 'return', 'redirect']);

/** What HAProxy does with a request that reaches a frontend, as far as exposure goes. */
export type Exposure =
  | { verdict: 'exposed'; by: 'haproxy' | 'backend'; backend: string | undefined; via: 'use_backend' | 'default_backend' | 'haproxy'; at: Source; certain: boolean }
  /** certain: false when the refusing rule depends on what cannot be decided statically (the source address …). */
  | { verdict: 'protected'; at: Source; certain: boolean }
  | { verdict: 'unrouted' };

/**
 * Whether a request for `path` is answered by the config (its stats page, a use-service), refused by
 * an http-request rule that may fire for it (a deny whose source condition cannot be decided counts
 * as protection), or passed to a backend.
 */
export function exposureOf(config: HaproxyConfig, frontend: HaproxyFrontend, path: string, host?: string): Exposure {
  const request = { path, ...(host !== undefined ? { host } : {}) };
  const answered = answeredBy(httpRequestActions(config, frontend, request));
  if (answered) return answered;
  const stats = statsPage(config, frontend);
  if (stats && path.startsWith(stats.uri)) return stats.auth ? { verdict: 'protected', at: stats.auth, certain: true } : { verdict: 'exposed', by: 'haproxy', backend: undefined, via: 'haproxy', at: stats.at, certain: true };
  const decision = routeRequest(config, frontend, request);
  if (decision.backend === undefined) return { verdict: 'unrouted' };
  const backend = config.backends.find((entry) => entry.name === decision.backend);
  const refused = backend ? answeredBy(httpRequestActions(config, backend, request)) : undefined;
  if (refused) return refused;
  return { verdict: 'exposed', by: 'backend', backend: decision.backend, via: decision.via === 'use_backend' ? 'use_backend' : 'default_backend', at: decision.source ?? frontend.source, certain: decision.certain };
}

function answeredBy(actions: HttpRequestAction[]): Exposure | undefined {
  for (const { line, action, fires } of actions) {
    if (!fires.value && fires.certain) continue;
    if (ANSWERING.has(action)) return { verdict: 'protected', at: line.source, certain: fires.certain };
    if (fires.value && fires.certain && action === 'use-service') return { verdict: 'exposed', by: 'haproxy', backend: undefined, via: 'haproxy', at: line.source, certain: true };
    if (fires.value && fires.certain && action === 'allow') return undefined; // the remaining http-request rules are skipped
  }
  return undefined;
}

function frontendSection(config: HaproxyConfig, frontend: HaproxyFrontend): HaproxySection | undefined {
  return config.sections.find((entry) => entry.source === frontend.source || (entry.source.line === frontend.source.line && entry.source.file === frontend.source.file));
}

/** Whether a frontend passes TCP streams through (`mode tcp`, its own or the defaults' before it): HAProxy reads no path there. */
function passesTcp(config: HaproxyConfig, frontend: HaproxyFrontend): boolean {
  const section = frontendSection(config, frontend);
  const modeOf = (entry: HaproxySection | undefined) => entry?.lines.find((line) => line.keyword === 'mode')?.args[0]?.value;
  const defaults = config.sections.filter((entry) => entry.type === 'defaults' && entry.source.file === frontend.source.file && entry.source.line < frontend.source.line).at(-1);
  return (modeOf(section) ?? modeOf(defaults)) === 'tcp';
}

/** The statistics page a frontend serves itself, and its `stats auth` line when it asks for a password. */
function statsPage(config: HaproxyConfig, frontend: HaproxyFrontend): { uri: string; at: Source; auth: Source | undefined } | undefined {
  const section = frontendSection(config, frontend);
  let page: { uri: string; at: Source; auth: Source | undefined } | undefined;
  for (const line of section?.lines.slice(1) ?? []) {
    if (line.keyword !== 'stats') continue;
    const option = line.args[0]?.value;
    if (option === 'uri' && line.args[1]) page = { uri: line.args[1].value, at: line.source, auth: page?.auth };
    else if (option === 'enable') page ??= { uri: '/haproxy?stats', at: line.source, auth: undefined };
    else if (option === 'auth' || (option === 'http-request' && line.args[1]?.value === 'auth')) page = { uri: page?.uri ?? '/haproxy?stats', at: page?.at ?? line.source, auth: line.source };
  }
  return page;
}

/** Whether an Ingress path forwards a request for `path` (Prefix matches whole path elements). */
function admits(entry: PublicEntry, path: string): boolean {
  const backend = entry.ingress?.backend;
  if (!backend || backend.path === undefined || backend.path === '' || backend.path === '/') return true;
  if (backend.pathType === 'Exact') return path === backend.path;
  // ingress-nginx reads the paths as case-insensitive regular expressions anchored at the start.
  const annotations = entry.ingress!.ingress.annotations;
  if (annotations['nginx.ingress.kubernetes.io/use-regex']?.value === 'true' || annotations['nginx.ingress.kubernetes.io/rewrite-target'] !== undefined) {
    const pattern = ingressRegex(backend.path);
    if (pattern) return pattern.test(path);
  }
  if (backend.pathType === 'Prefix') return path === backend.path || path.startsWith(backend.path.endsWith('/') ? backend.path : `${backend.path}/`);
  return path.startsWith(backend.path);
}

/** Ingress annotations with which the controller itself asks for credentials or admits only some client addresses. */
const GUARD_ANNOTATIONS = [
  'nginx.ingress.kubernetes.io/auth-type',
  'nginx.ingress.kubernetes.io/auth-url',
  'nginx.ingress.kubernetes.io/whitelist-source-range',
  'nginx.ingress.kubernetes.io/allowlist-source-range',
  'haproxy.org/auth-type',
  'haproxy.org/allow-list',
  'haproxy.org/whitelist',
];
const TRAEFIK_MIDDLEWARES = 'traefik.ingress.kubernetes.io/router.middlewares';

/**
 * Whether the Ingress of a way in guards it: certainly (ingress-nginx basic or external auth, a source
 * allow-list), or perhaps (Traefik middlewares, which docdrift does not read, may ask for credentials).
 */
function ingressGuard(entry: PublicEntry): { certain: boolean; what: string } | undefined {
  const annotations = entry.ingress?.ingress.annotations;
  if (!annotations) return undefined;
  if (GUARD_ANNOTATIONS.some((name) => annotations[name] !== undefined)) return { certain: true, what: 'the Ingress' };
  const middlewares = annotations[TRAEFIK_MIDDLEWARES]?.value;
  return middlewares ? { certain: false, what: `Traefik middleware ${middlewares} of Ingress ${entry.ingress!.ingress.name}` } : undefined;
}

/** ingress-nginx snippets that can answer a path before it is proxied (`location /_synapse/admin { deny all; }`). */
const SNIPPET_ANNOTATIONS = ['nginx.ingress.kubernetes.io/server-snippet', 'nginx.ingress.kubernetes.io/configuration-snippet'];

/** Whether an ingress-nginx snippet of the way in names the path and refuses it (`deny all`, `return 403`). */
function snippetRefuses(entry: PublicEntry, prefix: string): boolean {
  const annotations = entry.ingress?.ingress.annotations;
  return SNIPPET_ANNOTATIONS.some((name) => {
    const snippet = annotations?.[name]?.value;
    return snippet !== undefined && snippet.includes(prefix) && /\bdeny\s+all\b|\breturn\s+40[34]\b/.test(snippet);
  });
}

function ingressRegex(path: string): RegExp | undefined {
  try {
    return new RegExp(`^${path}`, 'i');
  } catch {
    return undefined; // not a pattern JavaScript reads: taken as a prefix
  }
}

/** Sensitive paths routed from a frontend the Internet reaches must be refused unless the source is trusted. */
export default defineRule({
  id: 'haproxy/exposed-admin-path',
  severity: 'error',
  impact: 'critical',
  title: 'Admin and metrics paths are reachable from the Internet',
  consequence:
    'Anyone on the Internet can reach the admin API, the metrics or the statistics page: they leak internal state, and an admin API is one stolen token away from taking over the server.',
  docs: [
    'A frontend is public when an Ingress path or a LoadBalancer or NodePort Service reaches it: the Service selects the pods that run the config (the workload that mounts it), and its port forwards, through its targetPort, to a port the frontend binds. For each such way in, the requests it forwards (the Ingress host and path) are routed with the same evaluator as `docs/route-mismatch`: `/_synapse/admin/…` counts when it reaches a backend whose servers are Synapse pods on a listener with the `client` resource (which serves the admin API; a federation-only listener does not); `/_synapse/metrics` and `/metrics` count when a `use_backend` sends them somewhere on purpose, or HAProxy answers them itself (`http-request use-service prometheus-exporter`); the frontend\'s own statistics page (`stats uri`, `stats enable`) counts unless `stats auth` asks for a password.',
    'An `http-request deny` (or `auth`, `return`, `redirect`, `reject`, `tarpit`) in the frontend or the backend whose condition may hold for the path protects it: a source condition such as `!{ src 10.0.0.0/8 }` cannot be decided statically and is taken as protection, except behind an Ingress: there every request comes from the ingress controller\'s pods, which such conditions usually trust, so a refusal that decides on `src` is reported as a warning (one that reads the `X-Forwarded-For` header the controller sets is not), and so is an `http-request use-service` that answers the path only for some `src` addresses, unless the frontend first takes the client\'s address from the header the controller sets (`http-request set-src hdr_ip(x-forwarded-for,-1)`). The fix names the exact line to add: behind an Ingress every request comes from the ingress controller\'s pods, so a `src` ACL would let everything through and the fix denies the path on that frontend (serve it on a port the Ingress does not reach); behind a LoadBalancer it restricts the source, with the networks the config already names in `src` ACLs. A frontend in `mode tcp` reads no path: the fix is then to switch it to `mode http` or to keep the path off the listener it reaches. The finding is an error when the routing is certain, a warning when an ACL the evaluator cannot decide may change it.',
    'An Ingress path is matched as the controller matches it: `Exact` whole, `Prefix` by path elements, and under ingress-nginx\'s `use-regex: "true"` or `rewrite-target` annotations as a case-insensitive regular expression anchored at the start (`/_synapse/(client|admin)` forwards the admin API).',
    'An Ingress that guards the way in itself is not public: ingress-nginx `auth-type`, `auth-url`, `whitelist-source-range` or `allowlist-source-range` annotations, HAProxy Ingress `haproxy.org/auth-type` or `allow-list`. Nor is a path that an ingress-nginx `server-snippet` or `configuration-snippet` names and refuses (`location /_synapse/admin { deny all; }`, `return 403`). Through an Ingress with Traefik middlewares (`router.middlewares`), which may ask for credentials, the finding is a warning that names them.',
    'What does not: paths an Ingress does not forward (an Ingress for `/_matrix` only keeps `/_synapse/admin` inside); frontends no Ingress or LoadBalancer reaches (a stats frontend on a ClusterIP port); `/metrics` that merely falls through to a default backend; paths refused by an http-request rule; other HAProxy configs than the one the pods run.',
  ].join('\n\n'),
  description: 'A frontend that an Ingress or LoadBalancer reaches routes an admin, metrics or stats path with no ACL restricting the source.',
  fix: 'Add `http-request deny if { path_beg PATH }` to the public frontend (with `!{ src NETWORKS }` when clients reach it directly), or stop the Ingress from forwarding the path.',
  check(context) {
    const { model, lookup, report } = context;
    // Backends whose servers run Synapse (its client listener serves the admin API); found when first asked.
    let synapseBackends: Set<HaproxyBackend> | undefined;
    const servesSynapse = (backend: HaproxyBackend | undefined): boolean => {
      if (!synapseBackends) {
        synapseBackends = new Set();
        for (const { backend: candidate, server, service } of resolvedServers(context)) {
          if (service && lookup.selectedWorkloads(service).some((workload) => servesAdminApi(lookup, workload, service, server.port))) synapseBackends.add(candidate);
        }
      }
      return backend !== undefined && synapseBackends.has(backend);
    };
    for (const config of model.haproxy) {
      const networks = sourceNetworks(config);
      const entries = lookup.publicEntries(config);
      const reported = new Set<string>();
      // Many ways in (every Ingress path of a host) reach one frontend: each path is routed once per frontend and host.
      const exposures = new Map<string, Exposure>();
      const routedExposure = (frontend: HaproxyFrontend, path: string, host: string | undefined): Exposure => {
        const id = `${frontend.name}\n${host ?? ''}\n${path}`;
        let known = exposures.get(id);
        if (!known) exposures.set(id, (known = exposureOf(config, frontend, path, host)));
        return known;
      };
      for (const entry of entries) {
        const guard = ingressGuard(entry);
        if (guard?.certain) continue;
        const samples: { prefix: string; sample: string; what: string; servedBy: SensitivePath['servedBy'] | 'haproxy' }[] = [...SENSITIVE_PATHS];
        const stats = statsPage(config, entry.frontend);
        if (stats) samples.push({ prefix: stats.uri, sample: stats.uri, what: 'the HAProxy statistics page', servedBy: 'haproxy' });
        for (const sensitive of samples) {
          const once = `${entry.frontend.name} ${sensitive.prefix}`;
          if (reported.has(once) || !admits(entry, sensitive.sample) || snippetRefuses(entry, sensitive.prefix)) continue;
          const exposure = routedExposure(entry.frontend, sensitive.sample, entry.ingress?.backend.host);
          const way = entry.ingress
            ? `Ingress ${entry.ingress.ingress.name} (${entry.ingress.backend.host ?? '*'}${entry.ingress.backend.path ?? ''})`
            : `${entry.service.type} Service ${entry.service.name} port ${entry.servicePort.port}`;
          const related = [
            { at: entry.ingress?.backend.source ?? entry.service.source, message: entry.ingress ? `Ingress ${entry.ingress.ingress.name} forwards it` : `Service ${entry.service.name} (type ${entry.service.type})` },
            { at: entry.frontend.source, message: `frontend ${entry.frontend.name}` },
          ];
          if (exposure.verdict === 'protected' && !exposure.certain && entry.ingress && decidesOnSource(config, exposure.at) && !restoresClientAddress(config, entry.frontend, sensitive.sample, exposure.at)) {
            // Behind an Ingress the source address is the controller's pod: a src condition lets every request through.
            reported.add(once);
            report({
              at: exposure.at,
              severity: 'warning',
              message: `Frontend ${entry.frontend.name} is reached from outside through ${way}, and the rule that refuses ${sensitive.prefix} (${sensitive.what}) depends on the source address: behind the Ingress every request comes from the ingress controller's pods, which such a condition usually trusts. Deny ${sensitive.prefix} on this frontend unconditionally (\`http-request deny if { path_beg ${sensitive.prefix} }\`) and serve it on a port the Ingress does not reach`,
              related,
            });
            continue;
          }
          const served = exposure.verdict === 'protected' || !entry.ingress ? undefined : serviceForSource(config, entry.frontend, sensitive.sample);
          if (served) {
            // `http-request use-service … if { src 10.0.0.0/8 }`: behind the Ingress the controller's pods are that source.
            reported.add(once);
            report({
              at: served,
              severity: 'warning',
              message: `Frontend ${entry.frontend.name} is reached from outside through ${way}, and answers ${sensitive.prefix} (${sensitive.what}) itself for trusted source addresses: behind the Ingress every request comes from the ingress controller's pods, which such a condition usually trusts. Add \`http-request deny if { path_beg ${sensitive.prefix} }\` before it and serve ${sensitive.prefix} on a port the Ingress does not reach`,
              related,
            });
            continue;
          }
          if (exposure.verdict !== 'exposed') continue;
          // Under `stats uri /` the statistics page answers every path: one finding, for the page itself.
          if (exposure.by === 'haproxy' && exposure.at === stats?.at && sensitive.servedBy !== 'haproxy') continue;
          if (exposure.by === 'backend') {
            if (sensitive.servedBy === 'synapse' && !servesSynapse(config.backends.find((backend) => backend.name === exposure.backend))) continue;
            if (sensitive.servedBy === 'routed' && !explicitlyRouted(config, entry.frontend, sensitive.sample, exposure.backend, entry.ingress?.backend.host)) continue;
          }
          reported.add(once);
          const matcher = sensitive.prefix.includes('?') ? `{ path_beg ${sensitive.prefix.slice(0, sensitive.prefix.indexOf('?'))} }` : `{ path_beg ${sensitive.prefix} }`;
          const acl = entry.ingress
            ? `http-request deny if ${matcher}`
            : `http-request deny if ${matcher} !{ src ${networks.length > 0 ? networks.join(' ') : 'ADMIN_NETWORKS'} }`;
          const target = exposure.by === 'haproxy' ? 'answers it itself' : `routes it to backend ${exposure.backend}`;
          if (exposure.by === 'backend' && passesTcp(config, entry.frontend)) {
            // In mode tcp no http-request rule applies: the fix is to read HTTP here, or to keep the path off that listener.
            report({
              at: exposure.at,
              severity: exposure.certain && !guard ? undefined : 'warning',
              message: `Frontend ${entry.frontend.name} (mode tcp) is reached from outside through ${way} and passes every request to backend ${exposure.backend}: ${sensitive.prefix} (${sensitive.what}) is public${guard ? `, unless ${guard.what} restricts it` : ''}. In mode tcp HAProxy reads no path: switch the frontend to mode http and add \`${acl}\`, or serve ${sensitive.prefix} only on a listener this backend does not reach`,
              related,
            });
            continue;
          }
          report({
            at: exposure.at,
            severity: exposure.certain && !guard ? undefined : 'warning',
            message:
              `Frontend ${entry.frontend.name} is reached from outside through ${way} and ${target}: ${sensitive.prefix} (${sensitive.what}) is public, with no ACL restricting the source${guard ? `, unless ${guard.what} does` : ''}. Add \`${acl}\` to frontend ${entry.frontend.name}` +
              (entry.ingress
                ? ` (behind the Ingress every request comes from the controller's pods, so a src ACL would not restrict it: serve ${sensitive.prefix} on a port the Ingress does not reach)`
                : networks.length > 0 ? '' : ' (ADMIN_NETWORKS: the networks allowed to reach it)'),
            related,
          });
        }
      }
    }
  },
});

/** Whether a refusing http-request line decides on the connection's address (`src`), which behind an Ingress is the controller's pod. */
function decidesOnSource(config: HaproxyConfig, refusal: Source): boolean {
  const section = config.sections.find((entry) => entry.lines.some((line) => line.source === refusal));
  const line = section?.lines.find((entry) => entry.source === refusal);
  if (!section || !line) return false;
  const proxy = [...config.frontends, ...config.backends].find((entry) => entry.source.file === section.source.file && entry.source.line === section.source.line);
  const sourceAcls = new Set(proxy?.acls.filter((acl) => SOURCE_FETCH.test(acl.fetch)).map((acl) => acl.name));
  return line.args.some(({ value }) => {
    const name = value.replace(/^!/, '');
    return SOURCE_FETCH.test(name) || sourceAcls.has(name);
  });
}

/** The `src` fetch, alone or with converters (`src,ipmask(24)`); not `src_port` or the stick-table `src_*` fetches. */
const SOURCE_FETCH = /^src(?:,|$)/;

/** The `http-request use-service` line that answers the path for some source addresses (a src condition), before anything refuses it, when src is not restored from X-Forwarded-For. */
function serviceForSource(config: HaproxyConfig, frontend: HaproxyFrontend, path: string): Source | undefined {
  for (const { line, action, fires } of httpRequestActions(config, frontend, { path })) {
    if (!fires.value && fires.certain) continue;
    if (action === 'set-src' || ANSWERING.has(action)) return undefined;
    if (action === 'use-service' && !fires.certain && decidesOnSource(config, line.source)) return line.source;
  }
  return undefined;
}

/**
 * Whether the frontend takes the client's address from the header the ingress controller sets
 * (`http-request set-src hdr_ip(x-forwarded-for,-1)`) before the rule that refuses the path: its
 * src conditions then see the client, not the controller's pods.
 */
function restoresClientAddress(config: HaproxyConfig, frontend: HaproxyFrontend, path: string, refusal: Source): boolean {
  for (const { line, action, fires } of httpRequestActions(config, frontend, { path })) {
    if (line.source === refusal) return false;
    if (action === 'set-src' && (fires.value || !fires.certain)) return true;
  }
  return false;
}

/**
 * Whether a server reaches a Synapse process of the workload on a listener that serves the admin API:
 * one with the `client` resource. A federation-only listener does not; an unknown listener may.
 */
function servesAdminApi(lookup: ModelLookup, workload: Workload, service: Service, port: number | undefined): boolean {
  if (lookup.synapseConfigsFor(workload).length === 0 && lookup.workerKind(workload) === undefined) return false;
  const servicePort = port === undefined ? undefined : service.ports.find((entry) => entry.port === port);
  const podPort = service.headless ? port : servicePort && lookup.targetPortNumber(service, servicePort);
  const listener = lookup.synapseListenersFor(workload).find((entry) => entry.port.value === podPort);
  return !listener || listener.resources.some((resource) => resource.value === 'client');
}

/** Whether a use_backend sends the path to its backend on purpose: another path does not go there the same way. */
function explicitlyRouted(config: HaproxyConfig, frontend: HaproxyFrontend, path: string, backend: string | undefined, host: string | undefined): boolean {
  const decision = routeRequest(config, frontend, { path, ...(host !== undefined ? { host } : {}) });
  if (decision.via !== 'use_backend') return false;
  const neutral = routeRequest(config, frontend, { path: '/docdrift-neutral-path', ...(host !== undefined ? { host } : {}) });
  return neutral.backend !== backend || neutral.rule !== decision.rule;
}

/** The networks `src` ACLs of the config name, in order: what the config already trusts. */
function sourceNetworks(config: HaproxyConfig): string[] {
  const networks = new Set<string>();
  for (const proxy of [...config.frontends, ...config.backends]) {
    for (const acl of proxy.acls) if (acl.fetch === 'src') for (const pattern of acl.patterns) networks.add(pattern.value);
  }
  return [...networks];
}
