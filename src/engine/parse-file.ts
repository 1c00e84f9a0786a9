import { extractClaims, type ClaimContext } from '../model/build-claims.ts';
import type { Claim, FileReference } from '../model/claims.ts';
import { commentFileReferences } from '../model/comment-files.ts';
import { loadReference } from '../model/reference.ts';
import type { HaproxyConfig, ParseProblem, SynapseConfig, SynapseFileConfig } from '../model/types.ts';
import { buildVocabulary } from '../model/vocabulary.ts';
import { parseHaproxy } from '../parse/haproxy.ts';
import { parseKubernetes, type KubernetesFile } from '../parse/kubernetes.ts';
import { isKustomizationFile, parseKustomization, type Kustomization } from '../parse/kustomization.ts';
import { emptyDocument, parseMarkdown, type MarkdownDocument, type ScopeWords } from '../parse/markdown.ts';
import { extractSynapseConfigs, readSynapseFile } from '../parse/synapse.ts';
import type { SourceFile } from './analyze.ts';
import { yamlIgnoreComments, type YamlIgnoreComment } from './suppressions.ts';

/** What docs are read against: the names the deployment defines, so that prose can name them. Plain data. */
export interface ClaimSettings {
  /** Extra worker names per kind, from the config. */
  aliases: Record<string, string[]>;
  serviceNames: string[];
  backendNames: string[];
  clusterDomain: string;
  /** The checked folder below the git repository root ('' at the root or without git), for links starting with `/`. */
  repositoryPrefix?: string;
}

/**
 * What parsing a file depends on besides the file itself (part of its cache key). The deployment
 * (manifests, haproxy.cfg) is parsed first; docs are parsed against the names it defines, straight
 * into their claims, so no document tree outlives its own parse.
 */
export type ParseOptions = { stage: 'deployment'; defaultNamespace: string } | { stage: 'docs'; scopes: ScopeWords; claims: ClaimSettings };

/** What rules and suppressions need of a doc once its claims are extracted. */
export type DocSummary = Pick<MarkdownDocument, 'file' | 'title' | 'headings' | 'anchors' | 'directives' | 'suppressions'>;

/**
 * One file, parsed: plain data only, so it can be cached as JSON and sent between worker threads.
 * Manifests that are not Kubernetes keep no model, but their `# docdrift-ignore` comments still count.
 */
export type ParsedFile = { path: string; problems: ParseProblem[] } & (
  | { role: 'doc'; doc: DocSummary; claims: Claim[] }
  | {
      role: 'manifest';
      kubernetes: KubernetesFile | undefined;
      /** Set for kustomization.yaml files, which hold no cluster object but say how a folder renders. */
      kustomization?: Kustomization;
      /** Synapse configs in its ConfigMaps and container scripts; or, for YAML that is not Kubernetes, the config it is (a generator may read it). */
      synapse: (SynapseConfig | SynapseFileConfig)[];
      suppressions: YamlIgnoreComment[];
      comments: FileReference[];
    }
  | { role: 'haproxy'; haproxy: HaproxyConfig }
);

/** Parses one file by its role; pure and independent of every other file. */
export function parseFile(file: SourceFile, options: ParseOptions): ParsedFile {
  if (file.role === 'doc' || file.role === 'script') {
    if (options.stage !== 'docs') throw new Error(`${file.path}: docs are parsed against the deployment, after it`);
    const document = file.role === 'script' ? scriptDocument(file.path, file.text) : parseMarkdown(file.path, file.text, options.scopes);
    const claims = extractClaims(document, claimContext(options.claims));
    const { title, headings, anchors, directives, suppressions, problems } = document;
    return { path: file.path, role: 'doc', doc: { file: file.path, title, headings, anchors, directives, suppressions }, claims, problems };
  }
  if (options.stage !== 'deployment') throw new Error(`${file.path}: the deployment is parsed before the docs`);
  if (file.role === 'manifest') {
    const suppressions = yamlIgnoreComments(file.path, file.text);
    // File names in its comments ("# see 05-workers.yaml"), which the Kubernetes parser does not keep.
    const comments = commentFileReferences(file.path, file.text);
    if (isKustomizationFile(file.path)) {
      const kustomization = parseKustomization(file.path, file.text);
      return { path: file.path, role: 'manifest', kubernetes: undefined, kustomization, synapse: [], suppressions, comments, problems: [] };
    }
    const kubernetes = parseKubernetes(file.path, file.text, { defaultNamespace: options.defaultNamespace });
    if (kubernetes.format !== 'kubernetes') {
      // Templated files are kept (without objects): a chart's templates are skipped with their chart, not one by one.
      // YAML that is not Kubernetes keeps its values: `helm install -f` may name it.
      const kept = kubernetes.format === 'templated' || kubernetes.values ? kubernetes : undefined;
      const synapse = kubernetes.values ? readSynapseFile(file.path, file.text) : [];
      return { path: file.path, role: 'manifest', kubernetes: kept, synapse, suppressions, comments, problems: kubernetes.problems };
    }
    const extracted = extractSynapseConfigs(kubernetes);
    return { path: file.path, role: 'manifest', kubernetes, synapse: extracted.configs, suppressions, comments, problems: [...kubernetes.problems, ...extracted.problems] };
  }
  const { config, problems } = parseHaproxy(file.path, file.text);
  return { path: file.path, role: 'haproxy', haproxy: config, problems };
}

/** A shell script read as a doc made of one shell block: its claims are a procedure's. */
function scriptDocument(file: string, text: string): MarkdownDocument {
  const value = text.replace(/\r\n?/g, '\n');
  const lines = value.split('\n').length;
  const source = { file, line: 1, column: 1, endLine: lines, endColumn: 1 };
  return { ...emptyDocument(file, lines), blocks: [{ kind: 'code', lang: 'bash', meta: undefined, value, firstLine: 1, section: 0, source }] };
}

// One settings object serves every doc of a run (and of a worker thread): its context is built once.
const contexts = new WeakMap<ClaimSettings, ClaimContext>();

function claimContext(settings: ClaimSettings): ClaimContext {
  let context = contexts.get(settings);
  if (!context) {
    context = {
      vocabulary: buildVocabulary(loadReference(), settings.aliases),
      serviceNames: new Set(settings.serviceNames),
      backendNames: new Set(settings.backendNames),
      clusterDomain: settings.clusterDomain,
      repositoryPrefix: settings.repositoryPrefix ?? '',
    };
    contexts.set(settings, context);
  }
  return context;
}
