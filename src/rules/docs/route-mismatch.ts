import { backendProcesses } from '../../model/backend-processes.ts';
import { claimsOf, type RouteClaim } from '../../model/claims.ts';
import type { ModelLookup } from '../../model/lookup.ts';
import { routeRequest, routesToBackends, type RouteDecision } from '../../model/routing.ts';
import type { HaproxyBackend, HaproxyConfig } from '../../model/types.ts';
import { nearest } from '../../model/locality.ts';
import { defineRule } from '../define-rule.ts';

/** A documented route is checked by asking the real ACLs (bugs included) where HAProxy sends that path. */
export default defineRule({
  id: 'docs/route-mismatch',
  severity: 'error',
  impact: 'medium',
  title: 'Docs route paths differently from haproxy.cfg',
  consequence:
    'Operators debug, scale and secure the wrong workers for an endpoint: the documented routing is not the one HAProxy applies, so load and failures land elsewhere than expected.',
  docs: [
    'Routes the docs state, in a table of paths and backends or workers, or in prose such as `/_matrix/client/v3/sync goes to the sync workers`, are checked by sending a sample request for the path through the real HAProxy routing of every frontend (the ACLs with their bugs, the order of the `use_backend` lines, the `default_backend`) and comparing where it lands with the documented target: a backend name, a Service that is a server of the backend, or a worker type behind it.',
    'What counts: a documented route whose sample request certainly reaches another backend than the documented one, in every frontend that routes it.',
    'What does not: routing that depends on run-time data (headers, dynamic backend names), which cannot be decided; targets HAProxy never routes to (an Ingress table that sends `/login` to the authentication service describes a route outside HAProxy); backup servers, which are not where a path goes; sections about the future, examples or history.',
  ].join('\n\n'),
  description: 'A documented route sends a path somewhere other than where haproxy.cfg actually sends it.',
  fix: 'Document the backend haproxy.cfg selects for the path, or fix the ACLs/use_backend lines if the docs describe the intent.',
  check({ model, lookup, inputs, report }) {
    if (model.haproxy.length === 0) return;
    const backendNames = new Set(model.haproxy.flatMap((config) => config.backends.map((backend) => backend.name)));
    // Names of the Services that some backend has as a server.
    const serverServices = new Set(
      model.haproxy.flatMap((config) => config.backends.flatMap((backend) => backend.servers.flatMap((server) => lookup.addressTarget(server)?.service ?? []))),
    );
    for (const claim of claimsOf(inputs.claims, 'route')) {
      if (claim.scope !== 'current') continue;
      if (!behindHaproxy(claim, backendNames, serverServices)) continue;
      const decisions = decide(nearest(claim.source.file, model.haproxy, (config) => config.file), claim);
      if (decisions.length === 0) continue;
      if (decisions.some(({ backend }) => reaches(lookup, backend, claim, backendNames))) continue;
      const { decision, backend } = decisions[0]!;
      const kinds = backendKinds(lookup, backend);
      const who = kinds.length > 0 ? ` (${kinds.map((kind) => lookup.vocabulary.label(kind)).join(', ')})` : '';
      report({
        at: claim.source,
        message: `Docs route ${claim.path} to ${claim.target.text}, but haproxy.cfg sends ${claim.samplePath} to backend ${backend.name}${who}`,
        related: decision.source ? [{ at: decision.source, message: decision.via === 'default_backend' ? 'default_backend' : 'matching use_backend' }] : [],
      });
    }
  },
});

/** Certain decisions of every frontend that routes the sample path to a defined backend. */
function decide(configs: readonly HaproxyConfig[], claim: RouteClaim): { decision: RouteDecision; backend: HaproxyBackend }[] {
  const results: { decision: RouteDecision; backend: HaproxyBackend }[] = [];
  for (const config of configs) {
    for (const frontend of config.frontends) {
      if (!routesToBackends(frontend)) continue;
      const decision = routeRequest(config, frontend, { path: claim.samplePath, method: 'GET' });
      const backend = config.backends.find((entry) => entry.name === decision.backend);
      if (decision.certain && backend) results.push({ decision, backend });
    }
  }
  return results;
}

/**
 * Whether HAProxy could be what routes to the target: a worker kind or a backend always, a Service
 * only when some backend has it as a server. An Ingress table that sends /login to
 * `matrix-authentication-service` describes a route that never passes through HAProxy.
 */
function behindHaproxy(claim: RouteClaim, backendNames: ReadonlySet<string>, serverServices: ReadonlySet<string>): boolean {
  const { kind, service, text } = claim.target;
  if (kind !== undefined || service === undefined) return true;
  return backendNames.has(text) || serverServices.has(service);
}

function reaches(lookup: ModelLookup, backend: HaproxyBackend, claim: RouteClaim, backendNames: ReadonlySet<string>): boolean {
  if (backend.name === claim.target.text) return true;
  // A target written as a backend name names that backend: media-workers and generic-workers share pods, not balancing or backups.
  if (backendNames.has(claim.target.text)) return false;
  if (claim.target.service && backend.servers.some((server) => !server.backup && lookup.addressTarget(server)?.service === claim.target.service)) return true;
  return claim.target.kind !== undefined && backendKinds(lookup, backend).includes(claim.target.kind);
}

/** Worker kinds behind a backend's regular servers, or the kind its name says when no pods resolve. */
function backendKinds(lookup: ModelLookup, backend: HaproxyBackend): string[] {
  const kinds = new Set(backendProcesses(lookup, backend).map((process) => lookup.workerKind(process.workload)).filter((kind) => kind !== undefined));
  if (kinds.size > 0) return [...kinds];
  const named = lookup.vocabulary.kindOf(backend.name);
  return named ? [named] : [];
}
