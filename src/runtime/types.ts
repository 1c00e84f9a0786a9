import type { Source } from '../model/types.ts';

/** What makes a runtime object exist: a custom resource, a Helm release, or the cluster itself. */
export interface Creator {
  /** "Cluster ledger", "release obs (kube-prometheus-stack)", "every cluster". */
  description: string;
  /** Where the creator is written: the resource's metadata.name, the `helm install` line; undefined for the cluster. */
  source: Source | undefined;
  /** The data table that says what it creates, e.g. "CloudNativePG 1.25.1 in data/operators/cloudnative-pg.yaml"; undefined when none does. */
  table: string | undefined;
}

export interface RuntimePort {
  name: string | undefined;
  port: number;
}

/** A Service, Secret or ConfigMap that no manifest defines but that the cluster will hold. */
export interface RuntimeObject {
  kind: 'Service' | 'Secret' | 'ConfigMap';
  name: string;
  namespace: string;
  /** Service ports; empty when the table does not know them (then not checked). */
  ports: RuntimePort[];
  headless: boolean;
  createdBy: Creator;
}

/** Labels of pods an operator or a release runs. */
export interface RuntimePods {
  namespace: string;
  labels: Record<string, string>;
  createdBy: Creator;
}

/**
 * A creator docdrift has no table for (or whose values it could not read): names under its prefix
 * may exist. `prefix` is the release name or the custom resource's name.
 */
export interface UnverifiedCreator {
  namespace: string;
  prefix: string;
  createdBy: Creator;
  /** Why it is not verified: "no table for chart elastic/elasticsearch", "values file x.yaml is not in the repository". */
  reason: string;
}

export interface RuntimeObjects {
  objects: RuntimeObject[];
  pods: RuntimePods[];
  unverified: UnverifiedCreator[];
  /** Namespaces every cluster has (no rule judges whether a namespace exists yet; these must never be called unknown). */
  namespaces: string[];
}

/** "created by Cluster ledger, db/ledger.yaml:3" */
export function createdByText(creator: Creator): string {
  return creator.source ? `created by ${creator.description}, ${creator.source.file}:${creator.source.line}` : `created by ${creator.description}`;
}

/** The creator as a finding's related place, when it is written somewhere. */
export function creatorPlaces(creator: Creator | undefined, message: string): { at: Source; message: string }[] {
  return creator?.source ? [{ at: creator.source, message }] : [];
}

/** "created by release search (elastic/elasticsearch), README.md:4, not verified: no table for chart elastic/elasticsearch" */
export function unverifiedText(creator: UnverifiedCreator): string {
  return `${createdByText(creator.createdBy)}, not verified: ${creator.reason}`;
}
