import type { Reference } from './reference.ts';

/**
 * Worker names as people write them ("Sync Workers", "synchrotron", "synapse-sync-worker")
 * mapped to one worker kind id from the reference, so every source can be compared.
 */
export interface Vocabulary {
  /** The kind id for a name, or undefined when the name is no known worker type. */
  kindOf(name: string): string | undefined;
  /** Display name of a kind: "sync worker", "generic worker" … */
  label(kind: string): string;
  kinds(): string[];
}

/** The generic worker pool is not a kind of its own in Synapse's docs, but it is how deployments name it. */
export const GENERIC_KIND = 'generic-worker';

const LABELS: Record<string, string> = {
  main: 'main process',
  synchrotron: 'sync worker',
  [GENERIC_KIND]: 'generic worker',
  'event-persister': 'event persister',
  'federation-sender': 'federation sender',
  'media-repository': 'media repository worker',
};

/** Words that name a worker kind in the reference but mean something broader in docs ("background workers"). */
const TOO_COMMON = new Set(['background']);

/** Lower-case, hyphenated, without the deployment prefix or the "worker(s)" suffix. */
export function normalizeWorkerName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(synapse|matrix)-(app-)?/, '')
    .replace(/-(workers?|process(es)?|instances?|pods?|writers?)$/, '')
    .replace(/s$/, '');
}

export function buildVocabulary(reference: Reference, extraAliases: Record<string, string[]> = {}): Vocabulary {
  const byName = new Map<string, string>();
  const add = (alias: string | null | undefined, kind: string) => {
    if (!alias) return;
    const key = normalizeWorkerName(alias);
    if (key && !byName.has(key) && !TOO_COMMON.has(key)) byName.set(key, kind);
  };
  for (const [kind, aliases] of Object.entries(extraAliases)) for (const alias of aliases) add(alias, kind);
  // First come, first kept: the user's aliases, then the generic pool before the reference's "generic worker (client)" alias of client-reader.
  for (const alias of ['generic', 'generic worker', 'generic_worker', 'synapse.app.generic_worker']) add(alias, GENERIC_KIND);
  for (const kind of reference.worker_kinds) {
    for (const alias of [kind.id, kind.ess_name, kind.ess_service_suffix, kind.docker_name, ...kind.aliases]) add(alias, kind.id);
  }
  const kinds = [...new Set([...reference.worker_kinds.map((kind) => kind.id), GENERIC_KIND])].sort();
  return {
    kindOf: (name) => byName.get(normalizeWorkerName(name)),
    label: (kind) => LABELS[kind] ?? `${kind.replace(/-/g, ' ')} worker`,
    kinds: () => kinds,
  };
}
