import type { IngressRoute, ModelLookup } from '../../model/lookup.ts';
import type { Ingress } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';

const CANARY_ANNOTATION = 'nginx.ingress.kubernetes.io/canary';

/** Two Ingresses that claim one host and path: which one serves it is the controller's choice. */
export default defineRule({
  id: 'k8s/ingress-conflict',
  severity: 'error',
  impact: 'high',
  title: 'Two Ingresses claim the same host and path',
  consequence:
    'Which backend serves the path depends on the controller (the oldest Ingress for ingress-nginx, an undefined order for others): requests go to the other Service, and a re-created Ingress silently changes where they go.',
  docs: [
    'An ingress controller merges every Ingress it serves into one routing table. When two Ingresses list the same host (or none) and the same path, only one of them can win, and the winner depends on the controller: ingress-nginx keeps the oldest, others keep whichever they read last. A `Prefix` path matches with and without its trailing slash, so `/api` and `/api/` claim the same requests.',
    'What counts: two Ingress objects of one class (`spec.ingressClassName`, else the `kubernetes.io/ingress.class` annotation; an Ingress without either gets the cluster\'s default class) in any namespace (one controller serves them all) with a rule for the same host and path. When their backends differ (another Service or port) the finding is an error, since one of the two routes is dead, and a warning when the two Ingresses are in different namespaces (they may be two deployments, applied to two clusters); when both send the path to the same Service and port it is a warning, as the copy is harmless until one of them changes. When one Ingress names a class and the other none, they conflict only if that class is the cluster\'s default, which the manifests say only with an IngressClass marked `ingressclass.kubernetes.io/is-default-class`: without it the finding is one step milder (warning, or info). One finding per pair of Ingresses, at the later one, with the earlier one related.',
    'What does not: the same Ingress written twice (one object: `k8s/duplicate-resource`); ingress-nginx canaries (`nginx.ingress.kubernetes.io/canary: "true"`), which share a path on purpose; Ingresses of different classes (two controllers); Ingresses of two units that are alternatives of each other (a bundle and the folder it was built from are deployed instead of each other, never together); the Ingress of a kustomize base beside its own copy in an overlay that renders the base (the base is applied through its overlays); default backends; paths of one Ingress that overlap without being equal (`/api` and `/api/v1`: the longest match wins everywhere); an `Exact` path beside a `Prefix` path of the same text (the spec gives `Exact` precedence: each serves its own requests).',
  ].join('\n\n'),
  description: 'Two Ingresses have a rule for the same host and path; the controller serves only one of them.',
  fix: 'Remove the path from one Ingress (or merge the two), so each host and path is claimed once.',
  check({ lookup, report }) {
    const target = (route: IngressRoute): string => describeTarget(lookup, route);
    // One finding per pair of Ingresses, listing every path they both claim.
    const pairs = new Map<string, { first: IngressRoute; later: IngressRoute; paths: string[]; differ: boolean; shared: Controller }>();
    for (const routes of lookup.ingressRoutesByHostAndPath().values()) {
      // A kustomize base's Ingress is judged in the overlays that render it, not beside them.
      const claiming = routes.filter((route) => route.ingress.annotations[CANARY_ANNOTATION]?.value !== 'true' && !lookup.inBase(route.ingress));
      for (let index = 1; index < claiming.length; index++) {
        const later = claiming[index]!;
        let first: IngressRoute | undefined;
        let shared: Controller | undefined;
        for (const earlier of claiming.slice(0, index)) {
          shared = sharedController(lookup, earlier.ingress, later.ingress);
          if (shared) {
            first = earlier;
            break;
          }
        }
        if (!first || !shared) continue;
        const pairKey = `${identity(first.ingress)} ${identity(later.ingress)}`;
        const differ = target(first) !== target(later);
        const pair = pairs.get(pairKey);
        const where = `${later.backend.host ?? '*'}${later.backend.path ?? '/'}`;
        if (pair) {
          pair.paths.push(where);
          pair.differ ||= differ;
        } else pairs.set(pairKey, { first, later, paths: [where], differ, shared });
      }
    }
    for (const { first, later, paths, differ, shared } of pairs.values()) {
      const shown = paths.length > 3 ? `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more` : paths.join(', ');
      const claimed = paths.length === 1 ? `host and path ${paths[0]}` : `hosts and paths ${shown}`;
      // Ingresses of two namespaces may be two deployments (staging and production, one per cluster): say less.
      const severity = differ && first.ingress.namespace === later.ingress.namespace ? 'error' : 'warning';
      const classed = first.ingress.ingressClass ?? later.ingress.ingressClass;
      // One class against the cluster default, which the manifests do not name: a conflict only if that class is the default.
      const clusters = first.ingress.namespace === later.ingress.namespace ? '' : ' when both are applied to one cluster';
      const condition = (shared === 'if-default' && classed ? ` if ${classed.value} is the cluster's default IngressClass` : '') + clusters;
      report({
        at: later.backend.source,
        severity: shared === 'same' ? severity : severity === 'error' ? 'warning' : 'info',
        message: differ
          ? `Ingress ${later.ingress.namespace}/${later.ingress.name} claims ${claimed} for ${target(later)}, which Ingress ${first.ingress.namespace}/${first.ingress.name} already sends to ${target(first)}: the controller serves only one of them${condition}. Remove the path from one of the two Ingresses`
          : `Ingress ${later.ingress.namespace}/${later.ingress.name} claims ${claimed}, which Ingress ${first.ingress.namespace}/${first.ingress.name} already sends to the same ${target(first)}${condition}: remove the copy from one of the two Ingresses before they diverge`,
        related: [{ at: first.backend.source, message: `Ingress ${first.ingress.name} claims it for ${target(first)}` }],
      });
    }
  },
});

function identity(ingress: Ingress): string {
  return `${ingress.namespace}/${ingress.name}`;
}

/** `same`: one controller serves both Ingresses; `if-default`: one names a class, the other gets the cluster default, which the manifests do not name. */
type Controller = 'same' | 'if-default';

/** Whether two different Ingresses, applied together, are served by one controller; undefined when they are not. */
function sharedController(lookup: ModelLookup, a: Ingress, b: Ingress): Controller | undefined {
  if (identity(a) === identity(b) || !lookup.deployedTogether(a, b)) return undefined;
  const fallback = lookup.defaultIngressClass();
  const classA = a.ingressClass?.value ?? fallback;
  const classB = b.ingressClass?.value ?? fallback;
  if (classA === classB) return 'same';
  return classA === undefined || classB === undefined ? 'if-default' : undefined;
}

/** The Service and port number a path goes to (a port name resolved through the Service, so `http` and `80` compare equal). */
function describeTarget(lookup: ModelLookup, { ingress, backend }: IngressRoute): string {
  const wanted = backend.servicePort.value;
  const port = typeof wanted === 'number' ? wanted : (lookup.serviceFor(ingress, ingress.namespace, backend.serviceName.value)?.ports.find((entry) => entry.name === wanted)?.port ?? wanted);
  return `Service ${ingress.namespace}/${backend.serviceName.value} port ${port}`;
}
