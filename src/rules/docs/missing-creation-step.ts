import type { ApplyStep } from '../../model/claims.ts';
import { configObjectsMadeIn, nearestObjectName } from '../../model/near-name.ts';
import type { ConfigRef, Workload } from '../../model/types.ts';
import { creatorPlaces, unverifiedText } from '../../runtime/types.ts';
import { defineRule } from '../define-rule.ts';
import { applyStepsFor, documentedCreation } from './creation-steps.ts';

/**
 * A deployment guide that applies a workload whose ConfigMap/Secret nothing creates leaves the pods
 * stuck in ContainerCreating: the guide is missing a step.
 */
export default defineRule({
  id: 'docs/missing-creation-step',
  severity: 'error',
  impact: 'medium',
  title: 'Deployment guides skip creating a ConfigMap or Secret',
  consequence:
    'Following the guide step by step leaves the pods stuck in `ContainerCreating` or `CreateContainerConfigError` until someone works out which object is missing and how to make it.',
  docs: [
    "A guide that applies a manifest (`kubectl apply -f deployment/manifests/…` in a section about the current deployment) must also create what the manifest's workloads need and no manifest defines: the ConfigMaps and Secrets they mount or read through `envFrom` and `valueFrom`. A creation step is a documented `kubectl create configmap NAME …` or `kubectl create secret … NAME …` outside an example. The finding is anchored at the apply step, suggests the command (with `--from-file` when a repository file matches the ConfigMap's name, such as `haproxy.cfg` for `haproxy-config`) and points, as related, at the reference in the manifest.",
    'What counts: a reference that is not optional, to a ConfigMap or Secret that no manifest defines and no doc creates, in a manifest that a guide applies.',
    'A creation step is also a prerequisite written in prose ("Create a secret called `pager-token` holding your key", "create the `db-creds` Secret"). A ConfigMap or Secret that several workloads use and nothing creates is one finding, with each use as a related place.',
    'What does not: `kubectl apply --dry-run` lines, which validate and deploy nothing; manifests in subfolders of a folder applied without `-R` (`kubectl apply -f DIR` reads the top level of DIR only; `-k` follows its kustomization); references marked `optional: true`; objects that a manifest defines; Secrets and ConfigMaps that an operator or a Helm release creates (a name under one docdrift has no table for is a warning); objects that a documented `kubectl create` makes, wherever in the docs; manifests that no guide applies (the missing object is then `k8s/missing-reference`).',
  ].join('\n\n'),
  description: 'A ConfigMap or Secret that a workload needs is defined by no manifest, and the guide that deploys the workload never shows how to create it.',
  fix: 'Add the creation step to the guide before the workload is applied, e.g. `kubectl create configmap NAME --from-file=KEY=PATH -n NAMESPACE`.',
  check({ model, lookup, inputs, report }) {
    const sources = sourcesByStem(inputs.files.map((entry) => entry.path));
    // One missing object is one finding, however many workloads use it.
    const missing = new Map<string, { ref: ConfigRef; users: { workload: Workload; ref: ConfigRef }[]; step: ApplyStep }>();
    for (const workload of model.workloads) {
      for (const ref of workload.configRefs) {
        if (ref.optional || lookup.hasConfigObject(ref.kind, ref.namespace, ref.name)) continue;
        if (documentedCreation(inputs.claims, ref)) continue;
        const step = applyStepsFor(inputs.claims, ref.source.file, inputs.paths)[0];
        if (!step) continue; // no guide deploys it: k8s/missing-reference reports the manifest
        const key = `${ref.kind}/${ref.namespace}/${ref.name}`;
        const entry = missing.get(key);
        if (!entry) missing.set(key, { ref, users: [{ workload, ref }], step });
        else if (!entry.users.some((user) => user.ref.source.file === ref.source.file && user.ref.source.line === ref.source.line)) entry.users.push({ workload, ref });
      }
    }
    for (const { ref, users, step } of missing.values()) {
      const file = suggestedSource(sources, ref.name);
      const command = ref.kind === 'ConfigMap'
        ? `kubectl create configmap ${ref.name} ${file ? `--from-file=${file.slice(file.lastIndexOf('/') + 1)}=${file}` : '--from-file=…'} -n ${ref.namespace}`
        : `kubectl create secret generic ${ref.name} --from-literal=… -n ${ref.namespace}`;
      const workloads = [...new Set(users.map(({ workload }) => `${workload.kind} ${workload.name}`))];
      const who = workloads.length === 1 ? `whose ${workloads[0]!}` : `whose ${workloads.length} workloads (${workloads.join(', ')})`;
      const needs = `${ref.source.file}, ${who} ${workloads.length === 1 ? 'needs' : 'need'} ${ref.kind} ${ref.name}`;
      // A name under a Helm release or operator docdrift has no table for may exist: a warning that says so.
      const creator = lookup.unverifiedCreator(ref.namespace, ref.name);
      // A near name that a manifest or an operator does make (a Certificate's secretName) is the likelier fix than a new object.
      const near = creator ? undefined : nearestObjectName(configObjectsMadeIn(lookup, ref.kind, ref.namespace), ref.name);
      report({
        at: step.source,
        message: creator
          ? `The guide applies ${needs}; it may be ${unverifiedText(creator)}; else add \`${command}\` before it`
          : near
            ? `The guide applies ${needs}, but no step creates it; ${near.description} in ${ref.namespace}: make the two names agree, or add \`${command}\` before it`
            : `The guide applies ${needs}, but no step creates it; add \`${command}\` before it`,
        related: [
          ...users.map(({ workload, ref: use }) => ({ at: use.source, message: `${workload.kind} ${workload.name} uses ${use.kind} ${use.name}` })),
          ...creatorPlaces(creator?.createdBy, 'may create it'),
          ...(near?.source ? [{ at: near.source, message: near.description }] : []),
        ],
        ...(creator ? { severity: 'warning' as const } : {}),
      });
    }
  },
});

/** A repository file the ConfigMap is evidently made from: haproxy.cfg for haproxy-config. */
function suggestedSource(sources: ReadonlyMap<string, string>, name: string): string | undefined {
  return sources.get(name.replace(/-(config|conf|cfg|configmap)$/, ''));
}

/** The first repository file (not a doc) of each file name stem, looked up once per missing reference. */
function sourcesByStem(paths: string[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const path of paths) {
    if (path.endsWith('.md')) continue;
    const base = path.slice(path.lastIndexOf('/') + 1);
    const stem = base.slice(0, base.lastIndexOf('.'));
    if (!sources.has(stem)) sources.set(stem, path);
  }
  return sources;
}
