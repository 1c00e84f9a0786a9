import type { ModelLookup } from '../../model/lookup.ts';
import type { Workload } from '../../model/types.ts';

/** Worker kinds the manifests deploy, each with the workloads that run it, in manifest order. */
export function deployedKinds(lookup: ModelLookup): Map<string, Workload[]> {
  const kinds = new Map<string, Workload[]>();
  for (const workload of lookup.model.workloads) {
    const kind = lookup.workerKind(workload);
    if (kind) kinds.set(kind, [...(kinds.get(kind) ?? []), workload]);
  }
  return kinds;
}

/** "sync worker, generic worker" — for messages. */
export function describeKinds(lookup: ModelLookup, kinds: Iterable<string>): string {
  return [...kinds].map((kind) => lookup.vocabulary.label(kind)).join(', ');
}

/** "sync workers", "main processes". */
export function plural(label: string): string {
  return label.endsWith('s') ? `${label}es` : `${label}s`;
}
