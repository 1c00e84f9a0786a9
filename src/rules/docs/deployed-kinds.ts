import type { ModelLookup } from '../../model/lookup.ts';

/** "sync worker, generic worker" — for messages. */
export function describeKinds(lookup: ModelLookup, kinds: Iterable<string>): string {
  return [...kinds].map((kind) => lookup.vocabulary.label(kind)).join(', ');
}

/** "sync workers", "main processes". */
export function plural(label: string): string {
  return label.endsWith('s') ? `${label}es` : `${label}s`;
}
