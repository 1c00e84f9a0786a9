/**
 * The objects of a deployment unit, one entry per Kubernetes object: its identity (`ref`, the entry
 * of `KubernetesFile.resources`) together with every typed view a parser made of the same document
 * (the Workload, Service … entries). A transformer changes an object once, here, and every view
 * follows; `toFile` turns the objects back into the lists the model is built from.
 */
import type { KubernetesFile } from '../parse/kubernetes.ts';
import type { KubeRef } from '../model/types.ts';

/** The lists of a KubernetesFile that hold objects (every list but `resources`, which holds their identities). */
export type ObjectListName = {
  [K in keyof KubernetesFile]: KubernetesFile[K] extends KubeRef[] ? (K extends 'resources' ? never : K) : never;
}[keyof KubernetesFile];

export interface UnitObject {
  ref: KubeRef;
  /** The typed views of the same document: which list each belongs to, and the value. */
  views: { list: ObjectListName; value: KubeRef }[];
}

/** The typed lists of a KubernetesFile, found by shape so a list added to the parser is carried along. */
function objectLists(file: KubernetesFile): ObjectListName[] {
  return (Object.keys(file) as (keyof KubernetesFile)[]).filter(
    (key): key is ObjectListName => key !== 'resources' && Array.isArray(file[key]) && (file[key] as unknown[]).every(isKubeRef),
  );
}

function isKubeRef(value: unknown): value is KubeRef {
  return typeof value === 'object' && value !== null && 'kind' in value && 'documentSource' in value && 'name' in value;
}

const documentKey = (ref: KubeRef) => `${ref.documentSource.file}:${ref.documentSource.line}:${ref.documentSource.column}:${ref.kind}:${ref.name}`;

/**
 * The objects of parsed files, tagged with their unit. `copy` deep-copies them, so a unit that
 * changes them (a kustomization) leaves the parse results and every other unit's copy alone; a
 * plain folder, the only unit its files are in, tags the parse results themselves.
 */
export function objectsOf(files: readonly KubernetesFile[], unit: string, copy: boolean): UnitObject[] {
  const own = <T extends KubeRef>(value: T): T => {
    const object = copy ? structuredClone(value) : value;
    object.unit = unit;
    return object;
  };
  const out: UnitObject[] = [];
  for (const file of files) {
    const byDocument = new Map<string, UnitObject>();
    for (const ref of file.resources) {
      const object: UnitObject = { ref: own(ref), views: [] };
      byDocument.set(documentKey(ref), object);
      out.push(object);
    }
    for (const list of objectLists(file)) {
      for (const value of file[list] as KubeRef[]) {
        const object = byDocument.get(documentKey(value));
        if (object) object.views.push({ list, value: own(value) });
      }
    }
  }
  return out;
}

/** Applies a change to an object's identity and to each of its typed views. */
export function updateObject(object: UnitObject, change: (value: KubeRef) => void): void {
  change(object.ref);
  for (const view of object.views) change(view.value);
}

/** The objects as the lists the model is built from (a KubernetesFile without a file of its own). */
export function toFile(unitPath: string, objects: readonly UnitObject[], template: KubernetesFile | undefined): KubernetesFile {
  const file = emptyFile(unitPath, template);
  for (const object of objects) {
    file.resources.push(object.ref);
    for (const view of object.views) (file[view.list] as KubeRef[]).push(view.value);
  }
  return file;
}

/** A KubernetesFile with every list empty, shaped like `template` (so lists other parsers add exist too). */
export function emptyFile(path: string, template: KubernetesFile | undefined): KubernetesFile {
  const file: KubernetesFile = { file: path, format: 'kubernetes', resources: [], workloads: [], services: [], ingresses: [], configObjects: [], autoscalers: [], gitopsPaths: [], customResources: [], values: undefined, networkPolicies: [], disruptionBudgets: [], monitors: [], problems: [] };
  if (template) for (const list of objectLists(template)) if (!(list in file)) (file as unknown as Record<string, unknown[]>)[list] = [];
  return file;
}
