import type { Scope } from '../parse/markdown.ts';
import { addToGroup } from './group.ts';
import type { HelmCommand } from '../runtime/releases.ts';
import type { TreeEntry } from './directory-tree.ts';
import type { ConfigObject, CustomResource, Service, Source, Workload } from './types.ts';

/** What a claim is about: a worker kind (via the vocabulary), a Service, or just words. */
export interface ClaimSubject {
  /** As written: "Sync Workers", "synapse-sync-worker", "HAProxy". */
  text: string;
  /** Worker kind id when the vocabulary knows the name. */
  kind: string | undefined;
  /** Service name when the subject names one that the manifests define. */
  service: string | undefined;
}

interface ClaimBase {
  source: Source;
  scope: Scope;
  /** Heading path of the section the claim was read in, for messages. */
  section: string[];
}

/** The docs mention a worker type ("media-repo workers", a table row, a box in a diagram). */
export interface WorkerMention extends ClaimBase {
  type: 'worker';
  kind: string;
  text: string;
  context: 'prose' | 'table' | 'heading';
}

/** "Sync workers listen on 8083", a Port column, `svc:8083`. */
export interface PortClaim extends ClaimBase {
  type: 'port';
  subject: ClaimSubject;
  port: number;
}

/** "8 sync workers", "(2-8 replicas)", a Replicas column. */
export interface ReplicaClaim extends ClaimBase {
  type: 'replicas';
  subject: ClaimSubject;
  min: number;
  max: number;
}

/** A cluster DNS name, SRV name or `svc/NAME` reference. */
export interface ServiceReference extends ClaimBase {
  type: 'service';
  /** As written. */
  text: string;
  service: string;
  namespace: string | undefined;
  pod: string | undefined;
  port: number | undefined;
  srv: { portName: string; protocol: string } | undefined;
}

/** "/_matrix/client/*\/sync → Sync Workers" */
export interface RouteClaim extends ClaimBase {
  type: 'route';
  /** The path pattern as written. */
  path: string;
  /** A concrete path standing for the pattern, used to ask the routing evaluator. */
  samplePath: string;
  target: ClaimSubject;
}

/** `kubectl create configmap|secret NAME` */
export interface CreationStep extends ClaimBase {
  type: 'creates';
  objectKind: 'ConfigMap' | 'Secret';
  name: string;
  namespace: string | undefined;
}

/** `kubectl apply -f PATH` (a file or a folder), resolved against the root. */
export interface ApplyStep extends ClaimBase {
  type: 'applies';
  /** The path as written. */
  text: string;
  /** Root-relative readings, nearest first: beside the doc, then each folder above it (kubectl runs from the project's folder). */
  candidates: string[];
  /** `--dry-run`: a validation, which creates nothing and needs nothing created. */
  dryRun: boolean;
  /** `-R` (or `-k`, whose kustomization may list files in subfolders): a folder's subfolders are applied too. */
  recursive: boolean;
  /** `-k`: the folder's kustomization says what is applied. */
  kustomize: boolean;
}

/** `kubectl scale KIND/NAME --replicas=N`: a documented scale step, after which pods up to ordinal N-1 exist. */
export interface ScaleStep extends ClaimBase {
  type: 'scales';
  /** As written, lower case: `statefulset`, `sts`, `deployment`; undefined when the kind is not given apart. */
  objectKind: string | undefined;
  name: string;
  replicas: number;
}

/** `kubectl get deploy web -n shop`, `kubectl rollout restart statefulset/ev`: an object a command names. */
export interface ObjectReference extends ClaimBase {
  type: 'object';
  /** The kubectl verb: get, describe, scale, rollout, logs … */
  verb: string;
  /** The Kubernetes kind (`Deployment`), from the kind as written (`deploy`, `deployments.apps`). */
  objectKind: string;
  name: string;
  /** From `-n`/`--namespace`; undefined when the command relies on the context's namespace. */
  namespace: string | undefined;
}

/** `kubectl logs -l app=web -n shop`, `kubectl get pods -l …`: pods a command selects by their labels. */
export interface PodSelection extends ClaimBase {
  type: 'selection';
  verb: string;
  /** The selector's `key=value` pairs, every one of which a selected pod carries. */
  labels: Record<string, string>;
  namespace: string | undefined;
}

/** `helm install|upgrade --install RELEASE CHART …`: a release whose objects the chart tables know (data/charts/). */
export interface HelmReleaseClaim extends ClaimBase, Omit<HelmCommand, 'valuesFiles'> {
  type: 'helm-release';
  /** `-f/--values` files: as written, and their root-relative readings, nearest first (as for `kubectl apply -f`). */
  valuesFiles: { text: string; candidates: string[] }[];
}

/**
 * A fenced YAML manifest in a doc (`apiVersion`, `kind`, `metadata.name`): the objects it defines, positioned
 * in the doc. A namespace left out is '' (the configured default is not known while docs are read).
 */
export interface ManifestClaim extends ClaimBase {
  type: 'manifest';
  /** A `kubectl apply|create -f - <<EOF` heredoc: applied where it is written (a fenced block counts in a guide that applies manifests). */
  applied: boolean;
  services: Service[];
  configObjects: ConfigObject[];
  workloads: Workload[];
  customResources: CustomResource[];
}

/** A link or an inline-code path to a file in the repository, with an optional heading anchor. */
export interface FileReference extends ClaimBase {
  type: 'file';
  /**
   * Links must resolve; inline-code paths, names in manifest comments and files commands read
   * (`--from-file`, `< file`: 'source') only when their folder exists (they may name paths elsewhere).
   */
  kind: 'link' | 'inline-code' | 'comment' | 'source';
  /** As written. */
  text: string;
  /** Root-relative candidates, first match wins (links: relative to the doc; inline code: also its ancestors). */
  candidates: string[];
  /**
   * A link whose target lies outside the checked folder (it climbs out of it, or starts with `/` and
   * the checked folder is not the git repository root): a missing candidate proves nothing.
   */
  outside: boolean;
  anchor: string | undefined;
}

/** A directory tree drawn in a code block (`├── manifests/`), to compare with the files. */
export interface TreeClaim extends ClaimBase {
  type: 'tree';
  /** Root-relative folders the drawing may describe, nearest first (from its root line, else the doc's folder upward). */
  candidates: string[];
  entries: TreeEntry[];
  /** Folders below the tree's root whose listing is partial (`...`). */
  partial: string[];
}

/**
 * "`deploy-all.sh` deploys the workers and HAProxy", or "`deploy-all.sh` deploys:" and a list: what a
 * doc says a shell script deploys. The items are words as written; the rule resolves them in the model.
 */
export interface ScriptDeploysClaim extends ClaimBase {
  type: 'script-deploys';
  /** The script as written: `deploy-all.sh`, `./scripts/up.sh`. */
  script: string;
  /** Root-relative readings of it, nearest first. */
  candidates: string[];
  items: { text: string; source: Source }[];
}

/** How a shell script runs, as far as reading it tells (one per script). */
export interface ScriptRunClaim extends ClaimBase {
  type: 'script-run';
  /** The first top-level `exit` that nothing makes conditional: no step after it runs. */
  exit: Source | undefined;
  /**
   * The first step that deploys what reading cannot tell (`helm install`, another script, `make`,
   * `kubectl apply -f -`, a path with a variable or a glob): what the script deploys is then not known.
   */
  opaque: Source | undefined;
  /** Scripts it runs (before any exit) by a path written out: what they apply, it applies. */
  calls: ({ text: string; candidates: string[] } & ClaimBase)[];
}

/** A diagram (box drawing, arrows or mermaid) and the worker kinds it shows. */
export interface DiagramClaim extends ClaimBase {
  type: 'diagram';
  kinds: { kind: string; text: string; source: Source }[];
}

export type Claim =
  | WorkerMention
  | PortClaim
  | ReplicaClaim
  | ServiceReference
  | RouteClaim
  | CreationStep
  | ApplyStep
  | ScaleStep
  | ObjectReference
  | PodSelection
  | HelmReleaseClaim
  | ManifestClaim
  | FileReference
  | TreeClaim
  | ScriptDeploysClaim
  | ScriptRunClaim
  | DiagramClaim;

export type ClaimOf<T extends Claim['type']> = Extract<Claim, { type: T }>;

/** Claims of one type, in document order. */
export function claimsOf<T extends Claim['type']>(claims: readonly Claim[], type: T): readonly ClaimOf<T>[] {
  let index = claimsByType.get(claims);
  // Rules ask for one type of a run's claims again and again: they are grouped once (again if claims were added).
  if (index?.length !== claims.length) {
    index = { length: claims.length, byType: new Map() };
    for (const claim of claims) addToGroup(index.byType, claim.type, claim);
    claimsByType.set(claims, index);
  }
  // The group of a type holds only claims of that type.
  return (index.byType.get(type) ?? []) as unknown as readonly ClaimOf<T>[];
}

const claimsByType = new WeakMap<readonly Claim[], { length: number; byType: Map<Claim['type'], Claim[]> }>();
