import { compareText } from '../../engine/finding.ts';
import { addToGroup } from '../../model/group.ts';
import { hasReplicaCount } from '../../model/lookup.ts';
import type { BuildEvidence, Container, DeploymentUnit, Located, Service, Source, Workload } from '../../model/types.ts';
import { splitImage } from '../../units/kustomize.ts';
import { defineRule, type RuleContext } from '../define-rule.ts';

/**
 * Two packagings of one deployment (a generated bundle and the folder it was built from, two
 * folders holding the same application) must say the same thing; the bundle is what goes stale.
 */
export default defineRule({
  id: 'k8s/alternative-drift',
  severity: 'warning',
  impact: 'medium',
  title: 'Two packagings of the same objects disagree',
  consequence: 'Which image, replica count or setting runs depends on which packaging the operator applies, and the docs describe only one of them.',
  docs: [
    'A repository often holds the same objects twice: a generated all-in-one bundle beside the folder it is built from, a `release/` folder beside the manifests, two plain folders for one application. docdrift treats them as alternative deployment units (never as duplicates) and compares the copies of each workload (image tags, `spec.replicas`, container ports, literal env values, resource requests and limits) and of each Service (type, headless or not, ports and target ports).',
    'A file that a Makefile or shell script builds from other manifests (`cat parts/*.yaml > all.yaml`, a `for` loop redirected into a file, `kustomize build DIR > out.yaml`, `helm template`, `yq`, `>>` too) is an alternative of what it is built from however far it has drifted, and the finding names the line that builds it. A target or source with a variable docdrift cannot evaluate (`$(OUT)/all.yaml`) is no evidence.',
    'What counts: a copy whose image tag or digest, replicas, ports, env value or resources differ from the other packaging, or a Service copy with another type, `clusterIP: None` on one side only (HAProxy `server-template` and StatefulSet pod names need the headless one), or other ports. A folder that redefines a few objects of another one (an add-on applied on top of a base) is an overlay: its copies are compared on images, replicas and ports only, and reported as info, since its env is usually what it exists for.',
    'What does not: images without a tag or digest (a placeholder that skaffold or a CI job fills in); images from different registries; kustomize overlays and the bases they include, which differ on purpose; fields docdrift does not model.',
  ].join('\n\n'),
  description: 'Alternative packagings of the same workload or Service (a bundle and its folder) differ in image, replicas, ports, env, resources or Service type.',
  fix: 'Regenerate the stale packaging from its source (the bundle from the folder), or make the two agree on the field named.',
  check(context) {
    const { model } = context;
    const units = new Map(model.units.map((unit) => [unit.id, unit]));
    const objects = new Map<string, Compared[]>();
    for (const object of [...model.workloads, ...model.services]) addToGroup(objects, object.unit ?? '', object);
    const of = (unit: DeploymentUnit) => objects.get(unit.id) ?? [];
    const reported = new Set<string>();
    for (const unit of model.units) {
      // A kustomize overlay differs from what it includes on purpose; it is only ever the other side.
      if (unit.includes.length > 0 || unit.kind === 'component') continue;
      // Compared with the packaging it is closest to: a bundle built from an overlay matches the overlay, not its base.
      const alternatives = unit.alternatives.flatMap((id) => (units.has(id) ? [units.get(id)!] : []));
      // What a Makefile or script builds it from is its source, whatever else it resembles.
      const builtFrom = alternatives.filter((other) => evidence(unit, other));
      const candidates = builtFrom.length > 0 ? builtFrom : alternatives;
      const best = candidates
        .map((other) => ({ other, pairs: comparePair(of(unit), of(other), false) }))
        .sort((a, b) => count(a.pairs) - count(b.pairs) || (a.other.id < b.other.id ? -1 : 1))[0];
      if (best && count(best.pairs) > 0) {
        // Reported once per pair, on the side that is the generated packaging.
        const [anchor, other] = anchorsPair(unit, best.other) ? [unit, best.other] : [best.other, unit];
        const key = `${anchor.id}\n${other.id}`;
        if (!reported.has(key)) report(context, comparePair(of(anchor), of(other), false), undefined, evidence(anchor, other));
        reported.add(key);
      }
      const bases = unit.overlays.flatMap((id) => (units.has(id) ? [comparePair(of(unit), of(units.get(id)!), true)] : []));
      const closest = bases.sort((a, b) => count(a) - count(b))[0];
      if (closest) report(context, closest, 'info');
    }
  },
});

function count(pairs: DifferingPair[]): number {
  return pairs.reduce((sum, pair) => sum + pair.differences.length, 0);
}

/** The objects whose copies are compared. */
type Compared = Workload | Service;

interface DifferingPair {
  object: Compared;
  other: Compared;
  differences: Difference[];
}

/** The Makefile or script line that builds `built` from `from`, if any. */
function evidence(built: DeploymentUnit, from: DeploymentUnit): BuildEvidence | undefined {
  return built.builtBy.find((entry) => entry.from.includes(from.id));
}

function report(context: RuleContext, pairs: DifferingPair[], severity?: 'info', builtBy?: BuildEvidence): void {
  for (const { object, other, differences } of pairs) {
    const built = builtBy ? `; ${object.source.file} is built from it by ${builtBy.source.file}:${builtBy.source.line}` : '';
    context.report({
      at: differences[0]!.here,
      message: `${object.kind} ${object.name} differs from its copy in ${other.source.file}:${other.source.line}: ${differences.map((difference) => difference.what).join('; ')}${built}`,
      related: [
        ...differences.map((difference) => ({ at: difference.there, message: difference.what })),
        ...(builtBy ? [{ at: builtBy.source, message: `${object.source.file} is built here from ${other.source.file} (${builtBy.command})` }] : []),
      ],
      ...(severity ? { severity } : {}),
    });
  }
}

/**
 * The side a disagreement is reported on: the one a Makefile or script builds from the other, else
 * not a kustomize overlay (it differs on purpose), else the generated bundle (fewer files for its
 * objects), then the later id.
 */
function anchorsPair(unit: DeploymentUnit, other: DeploymentUnit): boolean {
  if (evidence(unit, other)) return true;
  if (evidence(other, unit)) return false;
  if (other.includes.length > 0) return true;
  const density = (entry: DeploymentUnit) => entry.objects / Math.max(1, entry.files.length);
  return density(unit) !== density(other) ? density(unit) > density(other) : unit.id > other.id;
}

interface Difference {
  what: string;
  here: Source;
  there: Source;
}

/** The workloads and Services of `ours` whose copy in `theirs` differs, with what differs. */
function comparePair(ours: Compared[], theirs: Compared[], overlay: boolean): DifferingPair[] {
  const byIdentity = new Map(theirs.map((object) => [`${object.kind}/${object.namespace}/${object.name}`, object]));
  const pairs: DifferingPair[] = [];
  for (const object of ours) {
    const other = byIdentity.get(`${object.kind}/${object.namespace}/${object.name}`);
    if (!other) continue;
    const differences = isService(object) ? compareServices(object, other as Service) : compareWorkloads(object, other as Workload, overlay);
    if (differences.length > 0) pairs.push({ object, other, differences });
  }
  return pairs;
}

function compareWorkloads(ours: Workload, theirs: Workload, overlay: boolean): Difference[] {
  const differences: Difference[] = [];
  const replicas = (workload: Workload) => workload.replicas?.value ?? (hasReplicaCount(workload) ? 1 : undefined);
  if (replicas(ours) !== replicas(theirs)) {
    differences.push({ what: `replicas ${replicas(ours)} here, ${replicas(theirs)} there`, here: ours.replicas?.source ?? ours.source, there: theirs.replicas?.source ?? theirs.source });
  }
  for (const container of ours.containers) {
    const other = theirs.containers.find((candidate) => candidate.name === container.name && candidate.init === container.init);
    if (!other) continue;
    differences.push(...compareContainers(container, other, overlay));
  }
  return differences;
}


function isService(object: Compared): object is Service {
  return object.kind === 'Service';
}

/** What a client of the Service sees: its type, whether DNS answers pod addresses, its ports. */
function compareServices(ours: Service, theirs: Service): Difference[] {
  const differences: Difference[] = [];
  if (ours.type !== theirs.type) differences.push({ what: `type ${ours.type} here, ${theirs.type} there`, here: ours.source, there: theirs.source });
  else if (ours.headless !== theirs.headless) {
    const clusterIp = (service: Service) => (service.headless ? 'clusterIP: None' : 'a cluster IP');
    differences.push({ what: `${clusterIp(ours)} here, ${clusterIp(theirs)} there`, here: ours.source, there: theirs.source });
  }
  const ports = (service: Service) => service.ports.map((port) => `${port.port}→${port.targetPort}`).sort(compareText).join(', ');
  if (ports(ours) !== ports(theirs)) {
    differences.push({ what: `ports ${ports(ours) || 'none'} here, ${ports(theirs) || 'none'} there`, here: ours.ports[0]?.source ?? ours.source, there: theirs.ports[0]?.source ?? theirs.source });
  }
  return differences;
}

function compareContainers(ours: Container, theirs: Container, overlay: boolean): Difference[] {
  const differences: Difference[] = [];
  const image = imageDifference(ours.image, theirs.image);
  if (image) differences.push({ what: `container ${ours.name} image ${image}`, here: ours.imageSource, there: theirs.imageSource });
  const ports = (container: Container) => container.ports.map((port) => port.containerPort).sort((a, b) => a - b).join(', ');
  if (ports(ours) !== ports(theirs)) {
    differences.push({ what: `container ${ours.name} ports ${ports(ours) || 'none'} here, ${ports(theirs) || 'none'} there`, here: ours.source, there: theirs.ports[0]?.source ?? theirs.source });
  }
  if (overlay) return differences;
  for (const entry of ours.env) {
    const other = theirs.env.find((candidate) => candidate.name === entry.name);
    if (!other) differences.push({ what: `env ${entry.name} only here`, here: entry.source, there: theirs.source });
    else if (entry.value?.value !== other.value?.value && entry.value && other.value) {
      differences.push({ what: `env ${entry.name}=${entry.value.value} here, ${other.value.value} there`, here: entry.value.source, there: other.value.source });
    }
  }
  for (const other of theirs.env) if (!ours.env.some((entry) => entry.name === other.name)) differences.push({ what: `env ${other.name} only there`, here: ours.source, there: other.source });
  for (const field of ['requests', 'limits'] as const) differences.push(...compareQuantities(`container ${ours.name} ${field}`, ours.resources[field], theirs.resources[field]));
  return differences;
}

function compareQuantities(what: string, ours: Record<string, Located<string>>, theirs: Record<string, Located<string>>): Difference[] {
  const differences: Difference[] = [];
  for (const [name, value] of Object.entries(ours)) {
    const other = theirs[name];
    if (other && other.value !== value.value) differences.push({ what: `${what}.${name} ${value.value} here, ${other.value} there`, here: value.source, there: other.source });
  }
  return differences;
}

/** "tag v2 here, v1 there" when both images are pinned and come from the same repository; undefined otherwise. */
function imageDifference(ours: string | undefined, theirs: string | undefined): string | undefined {
  if (ours === undefined || theirs === undefined || ours === theirs) return undefined;
  const a = splitImage(ours);
  const b = splitImage(theirs);
  // A bare name is a placeholder a build tool fills in; another registry is another build, not drift.
  if ((a.tag === undefined && a.digest === undefined) || (b.tag === undefined && b.digest === undefined) || a.name !== b.name) return undefined;
  return `${a.digest ?? a.tag} here, ${b.digest ?? b.tag} there`;
}
