import type { HaproxyConfig, ParseProblem, SynapseConfig } from '../model/types.ts';
import { parseHaproxy } from '../parse/haproxy.ts';
import { parseKubernetes, type KubernetesFile } from '../parse/kubernetes.ts';
import { parseMarkdown, type MarkdownDocument, type ScopeWords } from '../parse/markdown.ts';
import { extractSynapseConfigs } from '../parse/synapse.ts';
import type { SourceFile } from './analyze.ts';

/** What parsing depends on besides the file itself (part of the cache key). */
export interface ParseOptions {
  defaultNamespace: string;
  scopes: ScopeWords;
}

/**
 * One file, parsed: plain data only, so it can be cached as JSON and sent between worker threads.
 * Manifests that are not Kubernetes keep no model.
 */
export type ParsedFile = { path: string; problems: ParseProblem[] } & (
  | { role: 'doc'; doc: MarkdownDocument }
  | { role: 'manifest'; kubernetes: KubernetesFile | undefined; synapse: SynapseConfig[] }
  | { role: 'haproxy'; haproxy: HaproxyConfig }
);

/** Parses one file by its role; pure and independent of every other file. */
export function parseFile(file: SourceFile, options: ParseOptions): ParsedFile {
  if (file.role === 'doc') {
    const doc = parseMarkdown(file.path, file.text, options.scopes);
    const problems = doc.problems.map((problem) => ({ kind: 'invalid-directive' as const, ...problem }));
    return { path: file.path, role: 'doc', doc, problems };
  }
  if (file.role === 'manifest') {
    const kubernetes = parseKubernetes(file.path, file.text, { defaultNamespace: options.defaultNamespace });
    if (kubernetes.format !== 'kubernetes') return { path: file.path, role: 'manifest', kubernetes: undefined, synapse: [], problems: kubernetes.problems };
    const extracted = extractSynapseConfigs(kubernetes);
    return { path: file.path, role: 'manifest', kubernetes, synapse: extracted.configs, problems: [...kubernetes.problems, ...extracted.problems] };
  }
  const { config, problems } = parseHaproxy(file.path, file.text);
  return { path: file.path, role: 'haproxy', haproxy: config, problems };
}
