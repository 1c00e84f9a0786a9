/**
 * The deployment guide docdrift derives from the manifests: the order to apply them in (a file
 * after every file whose objects its objects need: the Namespace, CRDs, the ConfigMaps and Secrets
 * a workload mounts, the Services an Ingress or HAProxy routes to), each step with its command and
 * the doc sections that describe it, and drift marked where a doc applies the files in another order.
 * The docs keep their own pages.
 */
import path from 'node:path/posix';
import { compareText } from '../engine/finding.ts';
import type { KubeRef } from '../model/types.ts';
import type { SiteContext } from './context.ts';
import { code, el, esc, link, plural } from './html.ts';
import type { PageBody, PlannedPage, SiteHeading } from './types.ts';

/**
 * Helm's install order of kinds (the order most operators know): what a later kind can need
 * comes earlier. Kinds not listed (custom resources) come last, after their CRDs.
 */
const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'ConfigMap',
  'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding',
  'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'Ingress', 'APIService',
];

function kindRank(kind: string): number {
  const index = KIND_ORDER.indexOf(kind);
  return index < 0 ? KIND_ORDER.length : index;
}

/** Why one file must be applied after another. */
interface Need {
  file: string;
  reason: string;
}

export interface GuideStep {
  /** What is applied: a manifest file, or the folder of a kustomization. */
  file: string;
  /** The file the step's page links to: the manifest, or the kustomization file. */
  source: string;
  command: string;
  objects: KubeRef[];
  /** The steps it must come after (by `file`), and why. */
  needs: Need[];
}

/**
 * The manifest files in the order to apply them, each after every file it needs. A kustomization
 * is applied whole (`kubectl apply -k`): its objects are one step, wherever their files are.
 */
export function deploymentOrder(ctx: SiteContext): GuideStep[] {
  const { model } = ctx.result;
  const kustomizations = new Map(model.units.filter((unit) => unit.kind === 'kustomization').map((unit) => [unit.id, unit]));
  const stepOf = (object: KubeRef) => {
    const unit = object.unit === undefined ? undefined : kustomizations.get(object.unit);
    return unit ? unit.path : object.documentSource.file;
  };
  // The YAML files that define Kubernetes objects (not docdrift.config.yaml, not a CI workflow), and the kustomizations.
  const objects = new Map<string, KubeRef[]>();
  for (const resource of model.resources) objects.set(stepOf(resource), [...(objects.get(stepOf(resource)) ?? []), resource]);
  const manifests = ctx.result.files.filter((file) => file.role === 'manifest' && objects.has(file.path)).map((file) => file.path);
  const files = [...manifests, ...[...kustomizations.values()].filter((unit) => objects.has(unit.path)).map((unit) => unit.path)];
  const needs = new Map<string, Need[]>(files.map((file) => [file, []]));
  const need = (object: KubeRef, on: KubeRef | undefined, reason: string) => {
    const from = stepOf(object);
    if (!on || stepOf(on) === from || !needs.has(from)) return;
    const list = needs.get(from)!;
    if (!list.some((entry) => entry.file === stepOf(on))) list.push({ file: stepOf(on), reason });
  };
  const find = (kind: string, namespace: string | undefined, name: string) =>
    model.resources.find((resource) => resource.kind === kind && resource.name === name && (namespace === undefined || resource.namespace === namespace));
  for (const resource of model.resources) {
    if (resource.kind !== 'Namespace') need(resource, find('Namespace', undefined, resource.namespace), `its objects live in Namespace ${resource.namespace}`);
    if (kindRank(resource.kind) === KIND_ORDER.length) {
      const crd = model.resources.find((candidate) => candidate.kind === 'CustomResourceDefinition' && candidate.name.startsWith(`${resource.kind.toLowerCase()}s.`));
      need(resource, crd, `${resource.kind} ${resource.name} needs its CustomResourceDefinition`);
    }
  }
  for (const workload of model.workloads) {
    for (const ref of workload.configRefs) {
      if (ref.optional) continue;
      need(workload, find(ref.kind, ref.namespace, ref.name), `${workload.kind} ${workload.name} mounts ${ref.kind} ${ref.name}`);
    }
  }
  for (const ingress of model.ingresses) {
    for (const backend of ingress.backends) {
      const service = backend.serviceName.value;
      need(ingress, find('Service', ingress.namespace, service), `Ingress ${ingress.name} routes to Service ${service}`);
    }
  }
  for (const autoscaler of model.autoscalers) {
    need(autoscaler, find(autoscaler.target.kind, autoscaler.namespace, autoscaler.target.name), `HorizontalPodAutoscaler ${autoscaler.name} scales ${autoscaler.target.kind} ${autoscaler.target.name}`);
  }
  // The proxy's manifest comes after the Services its haproxy.cfg sends to.
  const proxies = model.workloads.filter((workload) => /haproxy/i.test(workload.name) || workload.containers.some((container) => /haproxy/i.test(container.image ?? '')));
  for (const config of model.haproxy) {
    for (const backend of config.backends) {
      for (const server of backend.servers) {
        const service = ctx.lookup.serverService(backend, server);
        for (const proxy of proxies) need(proxy, service, `HAProxy backend ${backend.name} sends to Service ${service?.name}`);
      }
    }
  }
  // Kahn's algorithm; among the files that are ready, the one with the earliest kind, then by path.
  const rank = (file: string) => Math.min(KIND_ORDER.length + 1, ...objects.get(file)!.map((object) => kindRank(object.kind)));
  const done = new Set<string>();
  const order: GuideStep[] = [];
  while (order.length < files.length) {
    const ready = files.filter((file) => !done.has(file) && needs.get(file)!.every((entry) => done.has(entry.file)));
    // A cycle (two files that need each other): take the earliest anyway rather than drop files.
    const candidates = ready.length > 0 ? ready : files.filter((file) => !done.has(file));
    candidates.sort((a, b) => rank(a) - rank(b) || compareText(a, b));
    const next = candidates[0]!;
    done.add(next);
    const kustomization = kustomizations.get(next);
    order.push({
      file: next,
      source: kustomization ? kustomization.source.file : next,
      command: kustomization ? `kubectl apply -k ${next}` : `kubectl apply -f ${next}`,
      objects: objects.get(next)!,
      needs: needs.get(next)!,
    });
  }
  return order;
}

/** A doc applying a file before one it needs, at the line it applies it. */
export interface OrderDrift {
  doc: string;
  line: number;
  file: string;
  before: Need;
}

/** Where docs apply files (a line naming `kubectl apply` or `kubectl create` and the file): the first such line per file. */
function appliedIn(ctx: SiteContext, doc: string, files: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  const lines = (ctx.texts.get(doc) ?? '').split(/\r\n|\r|\n/);
  lines.forEach((text, index) => {
    if (!/kubectl\s+(apply|create)\b/.test(text)) return;
    for (const file of files) if (!found.has(file) && mentions(text, file)) found.set(file, index + 1);
  });
  return found;
}

/** A line naming the file or folder: its name whole (`app` is not named by `app.yaml` or `app-v2`). */
function mentions(text: string, file: string): boolean {
  const base = path.basename(file);
  return new RegExp(`(^|[\\s/'"=])${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-]|\\.\\w)`).test(text);
}

/** The docs' orders that disagree with the derived one. */
export function orderDrift(ctx: SiteContext, steps: readonly GuideStep[]): OrderDrift[] {
  const files = steps.map((step) => step.file);
  const out: OrderDrift[] = [];
  for (const doc of ctx.docs) {
    const applied = appliedIn(ctx, doc.file, files);
    for (const step of steps) {
      const line = applied.get(step.file);
      if (line === undefined) continue;
      for (const need of step.needs) {
        const needLine = applied.get(need.file);
        if (needLine !== undefined && needLine > line) out.push({ doc: doc.file, line, file: step.file, before: need });
      }
    }
  }
  return out;
}

export function guidePage(ctx: SiteContext): PlannedPage {
  return {
    page: {
      id: 'guide',
      title: 'Deployment guide',
      description: 'The order to apply the manifests in, derived from what each needs, with the commands and the doc sections that describe each step.',
    },
    body: async () => guideBody(ctx),
  };
}

function guideBody(ctx: SiteContext): PageBody {
  const { routes } = ctx;
  const steps = deploymentOrder(ctx);
  const drift = orderDrift(ctx, steps);
  const headings: SiteHeading[] = [];
  const out: string[] = [];
  out.push(
    el(
      'p',
      {},
      `Derived from ${plural(steps.length, 'manifest')}: each file comes after the files whose objects it needs (its Namespace, the CRDs of its custom resources, `,
      'the ConfigMaps and Secrets its workloads mount, the Services its Ingresses and HAProxy route to); otherwise in the usual order of kinds. ',
      `The docs keep their own pages; the sections that describe a step are linked from it${drift.length > 0 ? `, and ${plural(drift.length, 'place')} where a doc applies files in another order ${drift.length === 1 ? 'is' : 'are'} marked` : ''}.`,
    ),
  );
  if (steps.length === 0) out.push(el('p', {}, 'No Kubernetes manifests were found: nothing to apply.'));
  const files = steps.map((step) => step.file);
  const sections = docSections(ctx, files);
  steps.forEach((step, index) => {
    const id = `step-${index + 1}`;
    const title = `${index + 1}. ${step.file}`;
    headings.push({ depth: 2, slug: id, text: title });
    const objects = step.objects.map((object) => link(routes.sourceHref(object.documentSource.file, object.source.line)!, `${object.kind} ${object.name}`)).join(', ');
    out.push(
      el('h2', { id }, `${index + 1}. `, link(routes.sourceHref(step.source)!, step.file)),
      el('p', {}, objects ? `Creates ${objects}.` : 'Defines no Kubernetes object docdrift reads.'),
      step.needs.length > 0 ? el('p', { class: 'dd-muted' }, 'After ', step.needs.map((need) => `${link(routes.href('guide', `step-${files.indexOf(need.file) + 1}`), need.file)} (${esc(need.reason)})`).join(', '), '.') : '',
      el('pre', { class: 'dd-quote dd-command' }, el('code', {}, esc(step.command))),
    );
    const described = sections.get(step.file) ?? [];
    if (described.length > 0) out.push(el('p', {}, 'Described in ', described.map((entry) => link(entry.href, entry.text)).join(', '), '.'));
    for (const entry of drift.filter((candidate) => candidate.file === step.file)) {
      const at = `${entry.doc}:${entry.line}`;
      out.push(
        el(
          'aside',
          { class: 'starlight-aside starlight-aside--caution dd-aside dd-order-drift', 'aria-label': 'Drift' },
          el('p', { class: 'starlight-aside__title' }, 'Order drift'),
          el(
            'div',
            { class: 'starlight-aside__content' },
            el('p', {}, link(routes.sourceHref(entry.doc, entry.line)!, at), ` applies ${code(step.file)} before ${code(entry.before.file)}, which it needs: ${esc(entry.before.reason)}.`),
          ),
        ),
      );
    }
  });
  return { html: out.join('\n'), headings };
}

/** For each file, the doc sections (the heading above each line) that name it. */
function docSections(ctx: SiteContext, files: readonly string[]): Map<string, { href: string; text: string }[]> {
  const out = new Map<string, { href: string; text: string }[]>();
  for (const doc of ctx.docs) {
    const lines = (ctx.texts.get(doc.file) ?? '').split(/\r\n|\r|\n/);
    lines.forEach((text, index) => {
      for (const file of files) {
        if (!mentions(text, file)) continue;
        const href = ctx.routes.docHref(doc.file, index + 1);
        if (!href) continue;
        const heading = [...doc.headings].reverse().find((candidate) => candidate.source.line <= index + 1 && candidate.depth > 1);
        const label = `${doc.title ?? doc.file}${heading ? ` › ${heading.text}` : ''}`;
        const list = out.get(file) ?? [];
        if (!list.some((entry) => entry.href === href)) list.push({ href, text: label });
        out.set(file, list);
      }
    });
  }
  return out;
}
