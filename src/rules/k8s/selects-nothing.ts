import { selectorMatches, type ModelLookup, type PodTemplate } from '../../model/lookup.ts';
import type { LabelSelector, Located, Severity, Source } from '../../model/types.ts';
import { defineRule, type RuleReport } from '../define-rule.ts';

/** Kinds an HPA can scale that docdrift models (custom scalable kinds are left alone). */
const SCALABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/**
 * A selector that selects nothing applies cleanly and does nothing: a NetworkPolicy that protects no
 * pod, a `from` that allows no traffic, a PodDisruptionBudget that guards nothing, a monitor that
 * scrapes nothing, an autoscaler that scales nothing.
 */
export default defineRule({
  id: 'k8s/selects-nothing',
  severity: 'error',
  impact: 'high',
  title: 'Selectors and scale targets that match nothing',
  consequence:
    'The object applies without error and silently does nothing: a NetworkPolicy protects no pod (or blocks the traffic it was written to allow), a PodDisruptionBudget lets a drain evict every replica, Prometheus scrapes nothing, an autoscaler never scales.',
  docs: [
    'Label selectors are matched against the labels of what the manifests run: NetworkPolicy `spec.podSelector` and the `podSelector` of its `ingress[].from[]` and `egress[].to[]` peers against the pod templates of the workloads in the namespace (or in the namespaces a `namespaceSelector` picks among those the manifests define); PodDisruptionBudget `spec.selector` against pod templates; ServiceMonitor `spec.selector` against Service labels and its `endpoints[].port` against the port names of the Services it selects; PodMonitor `spec.selector` against pod templates and `podMetricsEndpoints[].port` against container port names. `matchLabels` and `matchExpressions` (`In`, `NotIn`, `Exists`, `DoesNotExist`) both count. A HorizontalPodAutoscaler `scaleTargetRef` must name a workload of that kind in its namespace; the message says when the name is a workload of another kind.',
    'Each finding names the selector, what it was matched against, and the nearest labels the manifests do carry (a pod template with the same label key), so the edit is to change one side to the other. Pods that operators and Helm releases run count as the runtime tables label them (a CloudNativePG Cluster\'s instances carry `cnpg.io/cluster`, a Bitnami Redis release\'s `app.kubernetes.io/instance`). It is an error when docdrift sees everything that runs in the namespace; a warning when a custom resource there (an operator\'s Cluster, Tenant …), a Helm release the docs install there, or a template docdrift could not render may create the pods, Services or scale target, or when the selector reaches namespaces the manifests do not show. Objects of another packaging of the app (a unit that is an alternative of this one, such as a bundle and the folder it was built from) are deployed instead of it, not with it: they do not count.',
    'What does not: empty selectors (`{}` selects every pod of the namespace); a peer with only a `namespaceSelector`, with an empty one (every namespace: the usual DNS egress rule to `k8s-app: kube-dns`), or one whose `namespaceSelector` picks no namespace the manifests define (ingress controllers and monitoring live in namespaces the repository does not hold); `ipBlock` peers; scale targets of custom kinds (Argo Rollouts …); monitor ports given as numbers or `targetPort`.',
  ].join('\n\n'),
  description: 'A NetworkPolicy, PodDisruptionBudget, ServiceMonitor or PodMonitor selector matches no pod or Service, or an HPA scaleTargetRef names no workload of that kind.',
  fix: 'Change the selector (or the labels of the pods or Services) so they match, or the scaleTargetRef kind and name to the workload it means.',
  check({ model, lookup, inputs, report }) {
    // A template docdrift could not render may run anything anywhere: say less.
    const templated = inputs.kubernetesFiles.some((file) => file.format === 'templated');
    const severityIn = (namespace: string): Severity | undefined => (templated || unseenCreator(lookup, namespace) ? 'warning' : undefined);
    /** The custom resource or release that may create what a selector looks for: the other side of a warning. */
    const creatorPlaces = (namespace: string) => {
      const creator = unseenCreator(lookup, namespace);
      return creator?.source ? [{ at: creator.source, message: `${creator.what} may create the pods` }] : [];
    };
    /** Why a finding is only a warning, said once at the end of its message. */
    const hedge = (namespaces: string[]): string => {
      for (const namespace of namespaces) {
        const creator = unseenCreator(lookup, namespace);
        if (creator) return ` (not certain: ${creator.what} in ${namespace} may create what it selects)`;
      }
      return templated ? ' (not certain: a template docdrift could not render may create what it selects)' : '';
    };
    /** Whether pods that an operator or a Helm release runs (the runtime tables) carry the labels. */
    const runtimeMatch = (namespaces: string[], selector: LabelSelector): boolean =>
      namespaces.some((namespace) => lookup.runtimePodsIn(namespace).some((pods) => selectorMatches(selector, pods.labels)));

    for (const autoscaler of model.autoscalers) {
      const { kind, name, source } = autoscaler.target;
      if (!SCALABLE_KINDS.has(kind) || lookup.workloadOfKind(autoscaler.namespace, kind, name, autoscaler)) continue;
      // Charts and operators name a workload like the Service in front of it (Bitnami's redis-replicas), or under their release's name.
      if (lookup.runtimeService(autoscaler.namespace, name) || lookup.unverifiedCreator(autoscaler.namespace, name)) continue;
      const other = lookup.workload(autoscaler.namespace, name);
      report({
        at: source,
        severity: severityIn(autoscaler.namespace),
        message: other?.kind === kind
          ? `HorizontalPodAutoscaler ${autoscaler.name} scales ${kind} ${autoscaler.namespace}/${name}, which only unit ${other.unit}, another packaging deployed instead of ${autoscaler.unit}, defines: it never scales anything there`
          : other
          ? `HorizontalPodAutoscaler ${autoscaler.name} scales ${kind} ${name}, but ${name} is a ${other.kind}: set \`kind: ${other.kind}\` in its scaleTargetRef`
          : `HorizontalPodAutoscaler ${autoscaler.name} scales ${kind} ${autoscaler.namespace}/${name}, which no manifest defines: it never scales anything${severityIn(autoscaler.namespace) ? hedge([autoscaler.namespace]) : ''}`,
        related: other ? [{ at: other.source, message: `${other.kind} ${other.name}` }] : creatorPlaces(autoscaler.namespace),
      });
    }

    for (const budget of model.disruptionBudgets) {
      const selector = budget.selector;
      if (!selector || emptySelector(selector)) continue;
      const pods = lookup.podTemplatesIn(budget.namespace, budget);
      if (pods.some((pod) => selectorMatches(selector, pod.labels)) || runtimeMatch([budget.namespace], selector)) continue;
      const finding = podFinding(selector, pods, severityIn(budget.namespace), `PodDisruptionBudget ${budget.name} selects no pod in namespace ${budget.namespace}`, 'a drain can evict every replica', hedge([budget.namespace]));
      report({ ...finding, related: [...(finding.related ?? []), ...creatorPlaces(budget.namespace)] });
    }

    for (const policy of model.networkPolicies) {
      const selector = policy.podSelector;
      const pods = lookup.podTemplatesIn(policy.namespace, policy);
      if (selector && !emptySelector(selector) && !pods.some((pod) => selectorMatches(selector, pod.labels)) && !runtimeMatch([policy.namespace], selector)) {
        report(podFinding(selector, pods, severityIn(policy.namespace), `NetworkPolicy ${policy.name} selects no pod in namespace ${policy.namespace}`, 'it protects nothing', hedge([policy.namespace])));
      }
      for (const peer of policy.peers) {
        const peerSelector = peer.podSelector;
        if (!peerSelector || emptySelector(peerSelector)) continue;
        // `namespaceSelector: {}` reaches every namespace, kube-system's DNS pods included: most are outside the repository.
        if (peer.namespaceSelector && emptySelector(peer.namespaceSelector)) continue;
        const namespaces = peer.namespaceSelector ? selectedNamespaces(lookup, peer.namespaceSelector) : [policy.namespace];
        if (namespaces.length === 0) continue;
        const candidates = namespaces.flatMap((namespace) => lookup.podTemplatesIn(namespace, policy));
        if (candidates.some((pod) => selectorMatches(peerSelector, pod.labels)) || runtimeMatch(namespaces, peerSelector)) continue;
        const where = peer.namespaceSelector ? `the namespaces it selects (${namespaces.join(', ')})` : `namespace ${policy.namespace}`;
        const severity = peer.namespaceSelector ? 'warning' : severityIn(policy.namespace);
        const direction = peer.direction === 'ingress' ? 'ingress from' : 'egress to';
        report(podFinding(peerSelector, candidates, severity, `NetworkPolicy ${policy.name} allows ${direction} pods that no pod in ${where} matches`, 'the traffic it was written to allow is blocked', peer.namespaceSelector ? ' (not certain: namespaces outside the manifests may match)' : hedge([policy.namespace])));
      }
    }

    for (const monitor of model.monitors) {
      const selector = monitor.selector;
      if (!selector) continue;
      const known = lookup.namespaceLabels();
      // matchNames outside the manifests are namespaces docdrift cannot see into.
      const namespaces = monitor.namespaces === undefined ? [monitor.namespace] : monitor.namespaces.any ? [...known.keys()] : monitor.namespaces.matchNames.filter((name) => known.has(name));
      if (namespaces.length === 0) continue;
      const severity = monitor.namespaces?.any ? 'warning' : worst(namespaces.map(severityIn));
      if (monitor.kind === 'ServiceMonitor') {
        const services = namespaces.flatMap((namespace) => lookup.servicesIn(namespace, monitor));
        const selected = services.filter((service) => selectorMatches(selector, service.labels));
        if (selected.length === 0) {
          // A chart's Services carry the labels of its pods (name, instance): the release's metrics Service is there.
          if (runtimeMatch(namespaces, selector)) continue;
          const near = nearest(selector, services, (service) => service.labels);
          report({
            at: selectorAnchor(selector),
            severity,
            message: `ServiceMonitor ${monitor.name} selects no Service (${describeSelector(selector)}) in ${namespaces.join(', ')}: Prometheus scrapes nothing${near ? `; Service ${near.name} has ${describeLabels(selector, near.labels)}` : ''}${severity ? hedge(namespaces) : ''}`,
            related: near ? [{ at: near.source, message: `Service ${near.name} labels` }] : [],
          });
          continue;
        }
        const names = new Set(selected.flatMap((service) => service.ports.flatMap((port) => port.name ?? [])));
        for (const endpoint of monitor.endpoints) {
          if (!endpoint.port || names.has(endpoint.port.value)) continue;
          report({
            at: endpoint.port.source,
            severity,
            message: `ServiceMonitor ${monitor.name} scrapes port ${endpoint.port.value}, which no Service it selects names (${selected.map((service) => `${service.name}: ${service.ports.map((port) => port.name ?? port.port).join(', ') || 'none'}`).join('; ')})`,
            related: selected.map((service) => ({ at: service.ports[0]?.source ?? service.source, message: `Service ${service.name} ports` })),
          });
        }
      } else {
        const pods = namespaces.flatMap((namespace) => lookup.podTemplatesIn(namespace, monitor));
        const selected = pods.filter((pod) => selectorMatches(selector, pod.labels));
        if (selected.length === 0) {
          if (runtimeMatch(namespaces, selector)) continue;
          report(podFinding(selector, pods, severity, `PodMonitor ${monitor.name} selects no pod in ${namespaces.join(', ')}`, 'Prometheus scrapes nothing', hedge(namespaces)));
          continue;
        }
        const names = new Set(selected.flatMap((pod) => pod.ports.flatMap((port) => port.name ?? [])));
        for (const endpoint of monitor.endpoints) {
          if (!endpoint.port || names.has(endpoint.port.value)) continue;
          report({
            at: endpoint.port.source,
            severity,
            message: `PodMonitor ${monitor.name} scrapes port ${endpoint.port.value}, which no container of the pods it selects names (${describePorts(selected)})`,
            related: selected.map((pod) => ({ at: pod.ports[0]?.source ?? pod.owner.source, message: `${pod.owner.kind} ${pod.owner.name} container ports` })),
          });
        }
      }
    }
  },
});

/**
 * What may run pods or Services in a namespace that no manifest shows: a custom resource there (an
 * operator's Cluster), else a Helm release or operator the docs install, known from its table or not.
 */
function unseenCreator(lookup: ModelLookup, namespace: string): { what: string; source: Source | undefined } | undefined {
  const resource = lookup.unseenCreatorsIn(namespace)[0];
  if (resource) return { what: `${resource.kind} ${resource.name}`, source: resource.source };
  const creator = lookup.runtimePodsIn(namespace)[0]?.createdBy ?? lookup.unverifiedCreatorsIn(namespace)[0]?.createdBy;
  return creator ? { what: creator.description, source: creator.source } : undefined;
}

function emptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** A finding for a pod selector that matches no pod, with the nearest pod template as the other side. */
function podFinding(selector: LabelSelector, pods: PodTemplate[], severity: Severity | undefined, what: string, consequence: string, hedge: string): RuleReport {
  const near = nearest(selector, pods, (pod) => pod.labels);
  return {
    at: selectorAnchor(selector),
    severity,
    message: `${what} (${describeSelector(selector)}): ${consequence}${near ? `; ${near.owner.kind} ${near.owner.name} runs pods with ${describeLabels(selector, near.labels)}` : ''}${severity ? hedge : ''}`,
    related: near ? [{ at: near.owner.source, message: `${near.owner.kind} ${near.owner.name} pod labels` }] : [],
  };
}

/** Namespaces the manifests define whose labels the selector matches (namespaces without known labels are matched only by name). */
function selectedNamespaces(lookup: ModelLookup, selector: LabelSelector): string[] {
  const names: string[] = [];
  for (const [name, labels] of lookup.namespaceLabels()) {
    if (selectorMatches(selector, labels ?? { 'kubernetes.io/metadata.name': name })) names.push(name);
  }
  // An empty namespaceSelector reaches every namespace, and a label other than the name may be set outside the repository.
  return names;
}

/**
 * The candidate whose labels come closest to the selector: most selector pairs it carries, then the
 * longest common prefix of the values (`webapp` is nearer `web` than `db`). Undefined when none shares a key.
 */
function nearest<T>(selector: LabelSelector, candidates: T[], labelsOf: (candidate: T) => Record<string, Located<string>>): T | undefined {
  let best: T | undefined;
  let bestScore = 0;
  for (const candidate of candidates) {
    const labels = labelsOf(candidate);
    let score = 0;
    for (const [name, wanted] of Object.entries(selector.matchLabels)) {
      const actual = labels[name]?.value;
      if (actual === undefined) continue;
      score += actual === wanted.value ? 1000 : 1 + commonPrefix(actual, wanted.value);
    }
    for (const expression of selector.matchExpressions) if (labels[expression.key] !== undefined) score += 1;
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  return best;
}

function commonPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

function selectorAnchor(selector: LabelSelector): Source {
  return Object.values(selector.matchLabels)[0]?.source ?? selector.matchExpressions[0]?.source ?? selector.source;
}

function describeSelector(selector: LabelSelector): string {
  return [
    ...Object.entries(selector.matchLabels).map(([name, value]) => `${name}=${value.value}`),
    ...selector.matchExpressions.map((expression) => `${expression.key} ${expression.operator}${expression.values.length > 0 ? ` (${expression.values.join(', ')})` : ''}`),
  ].join(', ');
}

/** The labels of the selector's keys as the other side carries them. */
function describeLabels(selector: LabelSelector, labels: Record<string, Located<string>>): string {
  const keys = [...new Set([...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((expression) => expression.key)])];
  return keys.map((name) => (labels[name] ? `${name}=${labels[name].value}` : `no ${name} label`)).join(', ');
}

function describePorts(pods: PodTemplate[]): string {
  return pods.map((pod) => `${pod.owner.name}: ${pod.ports.map((port) => port.name ?? port.containerPort).join(', ') || 'none'}`).join('; ');
}

function worst(severities: (Severity | undefined)[]): Severity | undefined {
  return severities.includes('warning') ? 'warning' : undefined;
}
