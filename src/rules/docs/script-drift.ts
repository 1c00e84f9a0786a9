import { claimsOf, type ApplyStep, type ClaimOf } from '../../model/claims.ts';
import type { ModelLookup } from '../../model/lookup.ts';
import type { KubeRef } from '../../model/types.ts';
import type { KubernetesFile } from '../../parse/kubernetes.ts';
import { defineRule } from '../define-rule.ts';
import { appliedPath } from './creation-steps.ts';

/** What a doc says a script deploys must be what the script applies before it stops. */
export default defineRule({
  id: 'docs/script-drift',
  severity: 'warning',
  impact: 'medium',
  title: 'Docs say a script deploys what it does not apply',
  consequence:
    'An operator runs the script the README names, believes the workers or the proxy are deployed, and finds them missing only when traffic fails.',
  docs: [
    'A sentence such as "`deploy-all.sh` deploys the main process, the workers and HAProxy" (or "`deploy-all.sh` deploys:" followed by a list, "It deploys:" under a heading that names the script, or a table row naming the script beside "Deploys the workers and HAProxy") is compared with what the script applies: the files and folders of its `kubectl apply|create -f` and `-k` steps (and of the scripts it runs by a written-out path, `./deploy-workers.sh`), followed into the manifests to the workloads and Services they hold. A script that stops early (an unconditional `exit` at its top level) applies nothing after that line. Each thing the doc names that the script does not apply is drift, reported once per sentence at the first such name, with the script line where it stops (or its first line) and the manifest of what is missing.',
    'What counts: names that resolve to something in the model: a workload or Service name (`web`, `haproxy`), a worker type the vocabulary knows ("sync workers", "the main process", "the workers" for every Synapse worker), or a component word (HAProxy, "the proxy", "the load balancer", Redis, PostgreSQL, nginx) that a workload\'s name carries.',
    'What does not: generic words ("the shop", "everything", "the app") and names the model does not know; sentences that hedge or deny ("can also deploy", "does not deploy"), and example, future or historical sections; scripts whose effect reading cannot tell before they stop (`helm install`, `make`, a script named through a variable or not read, `kubectl apply -f -`, a path with a variable or glob, a file the script writes itself); a script that applies a file that does not exist, which docs/missing-file reports (what the file held is not known); an `exit` inside an `if`, a loop, a function or after `&&`/`||`, and `set -e`, which stop only when a step fails.',
  ].join('\n\n'),
  description: 'A doc says a shell script deploys a workload or Service that the script never applies (or applies only after it has exited).',
  fix: 'Make the script apply the manifests the doc names (and not exit before them), or say in the doc what the script really deploys.',
  check({ lookup, inputs, report }) {
    const runs = new Map(claimsOf(inputs.claims, 'script-run').map((run) => [run.source.file, run]));
    if (runs.size === 0) return;
    const applies = claimsOf(inputs.claims, 'applies');
    const resources = inputs.kubernetesFiles.flatMap((file: KubernetesFile) => file.resources);
    for (const claim of claimsOf(inputs.claims, 'script-deploys')) {
      if (claim.scope !== 'current') continue;
      const script = scriptOf(claim, runs);
      const run = script === undefined ? undefined : runs.get(script);
      if (script === undefined || !run) continue;
      const reached = reachedSteps(script, runs, applies, new Set());
      // What the script deploys before it stops is not known (a step reading cannot follow): nothing to compare.
      if (!reached) continue;
      // A step whose file is gone is docs/missing-file's finding (one cause, one finding): what it held is not known.
      if (reached.some((step) => appliedPath(step, inputs.paths) === undefined)) continue;
      const applied = new Set(reached.flatMap((step) => appliedObjects(step, resources, lookup, inputs.paths)).map(objectKey));
      const missing = claim.items.flatMap((item) => {
        const objects = resolve(item.text, lookup);
        return objects.length > 0 && !objects.some((object) => applied.has(objectKey(object))) ? [{ item, objects }] : [];
      });
      const first = missing[0];
      if (!first) continue;
      const names = listed(missing.map(({ item }) => item.text));
      // The script stops early when apply steps come after its exit; else it never applies them at all.
      const exit = run.exit;
      const skipped = exit ? applies.filter((step) => step.source.file === script && !step.dryRun && step.source.line > exit.line).length : 0;
      const stop =
        exit && skipped > 0
          ? { at: exit, message: `${script} exits here; ${skipped === 1 ? 'the apply step' : `the ${skipped} apply steps`} after it never run` }
          : { at: run.source, message: `${script} applies ${reached.length === 0 ? 'nothing' : listed(reached.map((step) => step.text))}` };
      const them = missing.length === 1 ? 'it' : 'them';
      report({
        at: first.item.source,
        message: `The docs say ${script} deploys ${names}, but the script ${exit && skipped > 0 ? `exits at line ${exit.line} before applying ${them}` : `applies no manifest of ${them}`}`,
        related: [stop, ...missing.map(({ item, objects }) => ({ at: objects[0]!.source, message: `${item.text}: ${objects[0]!.kind} ${objects[0]!.namespace}/${objects[0]!.name}` }))],
      });
    }
  },
});

/**
 * The apply steps a script runs before it stops, its own and those of the scripts it runs (at any
 * depth); undefined when reading cannot tell (a step that deploys unseen, a script that is not read).
 */
function reachedSteps(script: string, runs: ReadonlyMap<string, ClaimOf<'script-run'>>, applies: readonly ApplyStep[], seen: Set<string>): ApplyStep[] | undefined {
  const run = runs.get(script);
  if (!run || run.opaque) return undefined;
  // A script run twice (or in a cycle) applies nothing new.
  if (seen.has(script)) return [];
  seen.add(script);
  const steps = applies.filter((step) => step.source.file === script && !step.dryRun && (!run.exit || step.source.line < run.exit.line));
  for (const call of run.calls) {
    const called = reachedSteps(call.candidates.find((candidate) => runs.has(candidate)) ?? '', runs, applies, seen);
    if (!called) return undefined;
    steps.push(...called);
  }
  return steps;
}

/** The script a claim names: a reading of its path, else the only script of that file name. */
function scriptOf(claim: ClaimOf<'script-deploys'>, runs: ReadonlyMap<string, unknown>): string | undefined {
  const direct = claim.candidates.find((candidate) => runs.has(candidate));
  if (direct !== undefined) return direct;
  const name = claim.script.slice(claim.script.lastIndexOf('/') + 1);
  const named = [...runs.keys()].filter((file) => file === name || file.endsWith(`/${name}`));
  return named.length === 1 ? named[0] : undefined;
}

/** The objects one apply step applies: a file's, a folder's top level (every level with `-R`), a kustomization's unit. */
function appliedObjects(step: ApplyStep, resources: readonly KubeRef[], lookup: ModelLookup, paths: ReadonlySet<string>): KubeRef[] {
  const path = appliedPath(step, paths);
  if (path === undefined) return [];
  const units = step.kustomize ? renderedUnits(path, lookup) : new Set<string>();
  return resources.filter((object) => {
    const file = object.source.file;
    if (file === path || (object.unit !== undefined && units.has(object.unit))) return true;
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    return folder === path || (step.recursive && (path === '' || file.startsWith(`${path}/`)));
  });
}

/** The units `kubectl apply -k PATH` renders: the kustomization at PATH and the bases and components it includes, at any depth. */
function renderedUnits(path: string, lookup: ModelLookup): Set<string> {
  const byId = new Map(lookup.model.units.map((unit) => [unit.id, unit]));
  const rendered = new Set(lookup.model.units.filter((unit) => unit.path === path).map((unit) => unit.id));
  for (const id of rendered) for (const included of byId.get(id)?.includes ?? []) rendered.add(included);
  return rendered;
}

/** Words that name a component beside Synapse processes, and the name parts of the workloads that are that component. */
const COMPONENTS = new Map<string, string[]>([
  ['haproxy', ['haproxy']],
  ['proxy', ['haproxy', 'proxy', 'nginx', 'envoy']],
  ['reverse proxy', ['haproxy', 'proxy', 'nginx', 'envoy']],
  ['load balancer', ['haproxy', 'nginx', 'envoy', 'lb']],
  ['nginx', ['nginx']],
  ['ingress-nginx', ['ingress-nginx']],
  ['redis', ['redis']],
  ['postgres', ['postgres', 'postgresql']],
  ['postgresql', ['postgres', 'postgresql']],
  ['mas', ['mas']],
]);

/**
 * The workloads and Services a doc's words name, or none when the words are generic: an object's
 * name, a worker type, "workers" (every Synapse worker), a component word a workload's name carries.
 */
function resolve(text: string, lookup: ModelLookup): KubeRef[] {
  const words = text.toLowerCase().replace(/\s+(?:deployments?|statefulsets?|daemonsets?|pods?|services?|manifests?)$/, '').trim();
  const name = words.replace(/\s+/g, '-');
  const workloads = lookup.model.workloads.filter((workload) => workload.name === name);
  const services = lookup.servicesNamed(name);
  if (workloads.length + services.length > 0) return [...workloads, ...services, ...services.flatMap((service) => lookup.selectedWorkloads(service))];
  if (/^(?:synapse\s+)?workers$/.test(words)) return lookup.model.workloads.filter((workload) => (lookup.workerKind(workload) ?? 'main') !== 'main');
  const kind = lookup.vocabulary.kindOf(words);
  if (kind) return lookup.workloadsOfKind(kind);
  const parts = COMPONENTS.get(words);
  if (parts) return lookup.model.workloads.filter((workload) => workload.name.split('-').some((part) => parts.includes(part)));
  return [];
}

/** "a", "a and b", "a, b and c" */
function listed(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function objectKey(object: KubeRef): string {
  return `${object.kind}/${object.namespace}/${object.name}`;
}
