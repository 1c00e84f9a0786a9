import { readFileSync } from 'node:fs';

/** The parts of data/synapse-workers.json that docdrift reads (the file is the single source of Synapse facts). */
export interface WorkerKindFacts {
  id: string;
  docker_name: string | null;
  ess_name: string | null;
  ess_service_suffix: string | null;
  aliases: string[];
  worker_app: string;
  http_routed: boolean;
  role: string;
  endpoint_regexes?: { ess_helm?: string[] | null; docker?: string[] | null };
}

export interface StreamFacts {
  multi_writer: boolean;
  config_rule: string;
  endpoints: string[];
  non_writer_behaviour: string;
}

export interface Reference {
  worker_kinds: WorkerKindFacts[];
  endpoints: {
    synapse_docs: {
      generic_worker_any_method: Record<string, string[]>;
      generic_worker_get_only: Record<string, string[]>;
      stream_writer_endpoints: Record<string, string[]>;
      media_repository: { path_prefixes: string[]; admin_regexes: string[] };
    };
  };
  stream_writers: Record<string, StreamFacts | Record<string, unknown>>;
  main_process_only: { example_paths_main_only: string[] };
}

let cached: Reference | undefined;

/** Loads the bundled reference once; it ships in the package beside dist/. */
export function loadReference(): Reference {
  cached ??= JSON.parse(readFileSync(new URL('../../data/synapse-workers.json', import.meta.url), 'utf8')) as Reference;
  return cached;
}

/** Stream names whose writers are configured in stream_writers (the `_config` entry is metadata). */
export function streamNames(reference: Reference): string[] {
  return Object.keys(reference.stream_writers).filter((name) => !name.startsWith('_'));
}
