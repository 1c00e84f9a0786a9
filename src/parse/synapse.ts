/**
 * Synapse homeserver/worker YAML embedded in Kubernetes manifests.
 *
 * Two places hold it: ConfigMap data keys, and shell heredocs in container command/args
 * (`cat > /conf/worker.yaml <<EOF … EOF`). Every position is mapped back into the manifest:
 * line for line when the text is a literal block scalar (`|`), else anchored at the scalar.
 */
import { parseDocument, isNode } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type {
  EmbeddedText,
  InstanceMapEntry,
  Located,
  ParseProblem,
  Source,
  StreamWriters,
  SynapseConfig,
  SynapseFileConfig,
  SynapseListener,
} from '../model/types.ts';
import type { KubernetesFile } from './kubernetes.ts';
import { MAX_YAML_DEPTH, YamlNav, fileStart, lineCounterFor, nestedTooDeep, sourceOfRange } from './yaml-positions.ts';
import type { PositionContext } from './yaml-positions.ts';

/** Top-level keys copied into `SynapseConfig.settings` as plain values. */
export const SYNAPSE_SETTING_KEYS = [
  'enable_media_repo',
  'send_federation',
  'start_pushers',
  'update_user_directory_from_worker',
  'run_background_tasks_on',
  'pusher_instances',
  'media_instance_running_background_jobs',
  'notify_appservices_from_worker',
  'worker_replication_host',
  'worker_replication_http_port',
  'server_name',
  'public_baseurl',
] as const;

const WORKER_KEYS = [
  'worker_app',
  'worker_name',
  'worker_listeners',
  'instance_map',
  'stream_writers',
  'federation_sender_instances',
];

/** Cheap text test run before parsing: does this text mention Synapse's distinctive keys? */
const SYNAPSE_KEY_RE = new RegExp(`(?:^|[\\s{,])["']?(?:${WORKER_KEYS.join('|')})["']?[ \\t]*:`, 'm');
const LISTENERS_RE = /(?:^|[\s{,])["']?listeners["']?[ \t]*:/m;
const RESOURCES_RE = /(?:^|[\s{,-])["']?resources["']?[ \t]*:/m;
const SERVER_NAME_RE = /(?:^|[\s{,])["']?server_name["']?[ \t]*:/m;
const DB_OR_REDIS_RE = /(?:^|[\s{,])["']?(?:database|redis)["']?[ \t]*:/m;

/** Texts larger than this are not parsed as Synapse config (a homeserver.yaml is a few KB). */
const MAX_EMBEDDED_LENGTH = 2_000_000;

export function mentionsSynapseKeys(text: string): boolean {
  if (text.length > MAX_EMBEDDED_LENGTH) return false;
  if (SYNAPSE_KEY_RE.test(text)) return true;
  if (LISTENERS_RE.test(text) && RESOURCES_RE.test(text)) return true;
  return SERVER_NAME_RE.test(text) && DB_OR_REDIS_RE.test(text);
}

export function extractSynapseConfigs(k8s: KubernetesFile): { configs: SynapseConfig[]; problems: ParseProblem[] } {
  const configs: SynapseConfig[] = [];
  const problems: ParseProblem[] = [];
  try {
    for (const cm of k8s.configObjects) {
      if (cm.kind !== 'ConfigMap') continue;
      for (const [key, text] of Object.entries(cm.data)) {
        if (!mentionsSynapseKeys(text.value)) continue;
        const embedding = embeddingOf(text, 0, undefined);
        const origin: SynapseConfig['origin'] = { type: 'configmap', configMap: cm.name, namespace: cm.namespace, key };
        const where = `ConfigMap ${cm.name} key ${key}`;
        readEmbedded(text.value, embedding, origin, text.source, text.source, where, configs, problems);
      }
    }
    for (const w of k8s.workloads) {
      for (const c of w.containers) {
        for (const [index, arg] of [...c.command, ...c.args].entries()) {
          if (!arg.value.includes('<<')) continue;
          for (const h of findHeredocs(arg.value)) {
            if (!mentionsSynapseKeys(h.body)) continue;
            const embedding = embeddingOf(arg, h.firstLine, h.columnShifts);
            const origin: SynapseConfig['origin'] = {
              type: 'heredoc',
              workload: w.name,
              namespace: w.namespace,
              container: c.name,
              path: h.path,
              script: { index, line: h.firstLine, expands: h.expands },
            };
            const source = embedding.lines ? spanSource(embedding, h.body) : arg.source;
            const where = `heredoc${h.path ? ` writing ${h.path}` : ''} in ${w.kind} ${w.name} container ${c.name}`;
            readEmbedded(h.body, embedding, origin, source, arg.source, where, configs, problems);
          }
        }
      }
    }
  } catch (error) {
    problems.push({
      kind: 'parse-error',
      message: `Could not read embedded Synapse configuration: ${error instanceof Error ? error.message : String(error)}`,
      source: { file: k8s.file, line: 1, column: 1, endLine: 1, endColumn: 1 },
    });
  }
  return { configs, problems };
}

/**
 * The Synapse config a plain YAML file holds (a `homeserver.yaml` a configMapGenerator reads), with
 * positions in the file. Its problems are not reported: the file means something only once a
 * generator puts it in a ConfigMap.
 */
export function readSynapseFile(path: string, text: string): SynapseFileConfig[] {
  if (!mentionsSynapseKeys(text)) return [];
  const start = fileStart(path);
  const embedding = embeddingOf({ value: text, source: start, contentStart: { line: 1, column: 1, indent: 0 } }, 0, undefined);
  const configs: SynapseFileConfig[] = [];
  readEmbedded(text, embedding, { type: 'file', path }, spanSource(embedding, text), start, `file ${path}`, configs, []);
  return configs;
}

// ---------------------------------------------------------------------------
// Position mapping
// ---------------------------------------------------------------------------

/** How lines of an embedded text map into the manifest: per line, or everything at one anchor. */
interface Embedding {
  anchor: Source;
  /** Index = inner line - 1. */
  lines: Array<{ line: number; colOffset: number }> | undefined;
}

/**
 * `firstLine`: 0-based line of the embedded text where the inner text starts (heredoc bodies);
 * `columnShifts`: extra columns removed from the start of each inner line (`<<-` strips tabs).
 */
function embeddingOf(text: EmbeddedText, firstLine: number, columnShifts: number[] | undefined): Embedding {
  const cs = text.contentStart;
  if (!cs) return { anchor: text.source, lines: undefined };
  const valueLines = text.value.split('\n');
  const count = valueLines.length - firstLine;
  const lines: Embedding['lines'] = [];
  for (let i = 0; i < count; i++) {
    // A blank line of a block scalar may be shorter than the block's indentation in the file (often empty): column 1 is on it.
    const blank = (valueLines[firstLine + i] ?? '') === '';
    lines.push({ line: cs.line + firstLine + i, colOffset: blank ? 0 : cs.indent + (columnShifts?.[i] ?? 0) });
  }
  return { anchor: text.source, lines };
}

function mapSource(e: Embedding, s: Source): Source {
  if (!e.lines) return e.anchor;
  const start = e.lines[s.line - 1];
  const end = e.lines[s.endLine - 1] ?? e.lines[e.lines.length - 1];
  if (!start || !end) return e.anchor;
  return {
    file: e.anchor.file,
    line: start.line,
    column: s.column + start.colOffset,
    endLine: end.line,
    endColumn: s.endColumn + end.colOffset,
  };
}

/** The mapped extent of a heredoc body (first line to its last non-empty line). */
function spanSource(e: Embedding, body: string): Source {
  const lines = body.split('\n');
  let last = lines.length;
  while (last > 1 && (lines[last - 1] ?? '').trim() === '') last--;
  const lastLen = (lines[last - 1] ?? '').length;
  return mapSource(e, { file: e.anchor.file, line: 1, column: 1, endLine: last, endColumn: lastLen + 1 });
}

// ---------------------------------------------------------------------------
// Heredocs
// ---------------------------------------------------------------------------

interface Heredoc {
  /** 0-based line of the shell text where the body starts. */
  firstLine: number;
  body: string;
  /** Tabs stripped from each body line (`<<-`). */
  columnShifts: number[] | undefined;
  /** Whether the shell expands parameters, arithmetic and commands in the body: the delimiter is not quoted. */
  expands: boolean;
  path: string | undefined;
}

const HEREDOC_RE = /(?<![<\d])<<(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([A-Za-z_][A-Za-z0-9_]*))/g;

/** Shell heredocs (`<<EOF`, `<<'EOF'`, `<<"EOF"`, `<<-EOF`) with their bodies, in order. */
export function findHeredocs(script: string): Heredoc[] {
  const lines = script.split('\n');
  const out: Heredoc[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    HEREDOC_RE.lastIndex = 0;
    const ops: Array<{ strip: boolean; delimiter: string; quoted: boolean; index: number; length: number }> = [];
    let m: RegExpExecArray | null;
    while ((m = HEREDOC_RE.exec(line)) !== null) {
      if (line[m.index + 2] === '<') continue; // here-string <<<
      const delimiter = m[2] ?? m[3] ?? m[4] ?? '';
      if (delimiter === '') continue;
      ops.push({ strip: m[1] === '-', delimiter, quoted: m[4] === undefined || m[0].includes('\\'), index: m.index, length: m[0].length });
    }
    i++;
    if (ops.length === 0) continue;
    const path = redirectTarget(line, ops);
    // Bodies follow one another, in the order of the operators on the line.
    for (const op of ops) {
      const firstLine = i;
      const body: string[] = [];
      const shifts: number[] = [];
      while (i < lines.length) {
        let l = (lines[i] ?? '').replace(/\r$/, '');
        let shift = 0;
        if (op.strip) {
          const stripped = l.replace(/^\t+/, '');
          shift = l.length - stripped.length;
          l = stripped;
        }
        i++;
        if (l === op.delimiter) break;
        body.push(l);
        shifts.push(shift);
      }
      out.push({
        firstLine,
        body: body.join('\n'),
        columnShifts: op.strip ? shifts : undefined,
        expands: !op.quoted,
        path: ops.length === 1 ? path : undefined,
      });
    }
  }
  return out;
}

/** The file a heredoc line writes: `cat > file <<EOF`, `cat <<EOF >file`, `… | tee file`. */
function redirectTarget(line: string, ops: Array<{ index: number; length: number }>): string | undefined {
  let rest = line;
  for (const op of [...ops].reverse()) rest = rest.slice(0, op.index) + ' '.repeat(op.length) + rest.slice(op.index + op.length);
  const redirect = /(?:^|[^\d&>])>>?[ \t]*(?!&)(?:'([^']+)'|"([^"]+)"|([^\s;&|<>'"]+))/.exec(rest);
  if (redirect) return redirect[1] ?? redirect[2] ?? redirect[3];
  const tee = /\btee[ \t]+(?:-a[ \t]+)?(?:'([^']+)'|"([^"]+)"|([^\s;&|<>'"-][^\s;&|<>'"]*))/.exec(rest);
  if (tee) return tee[1] ?? tee[2] ?? tee[3];
  return undefined;
}

// ---------------------------------------------------------------------------
// Reading one embedded config
// ---------------------------------------------------------------------------

type Origin = SynapseConfig['origin'] | SynapseFileConfig['origin'];

function readEmbedded<O extends Origin>(
  text: string,
  embedding: Embedding,
  origin: O,
  source: Source,
  textSource: Source,
  where: string,
  configs: (Omit<SynapseConfig, 'origin'> & { origin: O })[],
  problems: ParseProblem[],
): void {
  // PyYAML reads Synapse config: YAML 1.1 (yes/no booleans, merge keys).
  const doc = parseDocument(text, {
    version: '1.1',
    merge: true,
    prettyErrors: false,
    uniqueKeys: false,
  });
  const ctx: PositionContext = { text, lineCounter: lineCounterFor(text), file: source.file, map: (s) => mapSource(embedding, s) };
  if (nestedTooDeep(doc)) {
    problems.push({
      kind: 'parse-error',
      message: `Synapse configuration in ${where} is nested more than ${MAX_YAML_DEPTH} levels deep and was not read`,
      source,
    });
    return;
  }
  const error = doc.errors[0];
  if (error) {
    problems.push(syntaxProblem(ctx, error, where));
    return;
  }
  const nav = new YamlNav(doc as Document, ctx);
  const root = nav.map(doc.contents);
  if (!root || !looksLikeSynapse(nav, root)) return;
  configs.push(readConfig(nav, root, origin, source, textSource));
}

function syntaxProblem(ctx: PositionContext, error: YAMLError, where: string): ParseProblem {
  const [start, end] = error.pos;
  const message = error.message.split('\n')[0]?.trim() ?? error.message;
  return {
    kind: 'parse-error',
    message: `Synapse configuration in ${where} is not valid YAML: ${message}`,
    source: sourceOfRange(ctx, start, Math.max(start, end)),
  };
}

function looksLikeSynapse(nav: YamlNav, root: Node): boolean {
  const keys = new Set(nav.entries(root).map((e) => e.key));
  if (WORKER_KEYS.some((k) => keys.has(k))) return true;
  if (keys.has('server_name') && (keys.has('database') || keys.has('redis'))) return true;
  return nav.items(nav.get(root, 'listeners')).some((l) => nav.get(l, 'resources') !== undefined);
}

function readConfig<O extends Origin>(nav: YamlNav, root: Node, origin: O, source: Source, textSource: Source): Omit<SynapseConfig, 'origin'> & { origin: O } {
  const settings: Record<string, Located<unknown>> = {};
  for (const key of SYNAPSE_SETTING_KEYS) {
    const node = nav.get(root, key);
    if (node !== undefined) settings[key] = { value: nav.toJS(node), source: nav.source(node) };
  }
  const redis = nav.get(root, 'redis');
  if (redis !== undefined) {
    settings['redis'] = { value: nav.toJS(redis), source: nav.source(redis) };
    const enabled = nav.get(redis, 'enabled');
    if (enabled !== undefined) settings['redis.enabled'] = { value: nav.toJS(enabled), source: nav.source(enabled) };
  }
  return {
    origin,
    source,
    textSource,
    workerApp: nav.locStr(root, 'worker_app'),
    workerName: nav.locStr(root, 'worker_name'),
    listeners: [
      ...readListeners(nav, nav.get(root, 'worker_listeners')),
      ...readListeners(nav, nav.get(root, 'listeners')),
    ],
    instanceMap: readInstanceMap(nav, nav.get(root, 'instance_map')),
    streamWriters: readStreamWriters(nav, nav.get(root, 'stream_writers')),
    federationSenderInstances: stringList(nav, nav.get(root, 'federation_sender_instances')),
    settings,
  };
}

function readListeners(nav: YamlNav, node: Node | undefined): SynapseListener[] {
  const out: SynapseListener[] = [];
  for (const l of nav.items(node)) {
    const port = nav.locNum(l, 'port');
    if (!port) continue;
    const bindAddresses = stringList(nav, nav.get(l, 'bind_addresses')).map((b) => b.value);
    const single = nav.str(nav.get(l, 'bind_address'));
    if (single !== undefined) bindAddresses.push(single);
    const resources: Located<string>[] = [];
    for (const r of nav.items(nav.get(l, 'resources'))) resources.push(...stringList(nav, nav.get(r, 'names')));
    out.push({ port, type: nav.str(nav.get(l, 'type')), bindAddresses, resources, source: nav.source(l) });
  }
  return out;
}

function readInstanceMap(nav: YamlNav, node: Node | undefined): InstanceMapEntry[] {
  const out: InstanceMapEntry[] = [];
  for (const e of nav.entries(node)) {
    const start = e.keyNode.range?.[0];
    const end = e.value?.range?.[1] ?? e.keyNode.range?.[1];
    out.push({
      name: { value: e.key, source: nav.source(e.keyNode) },
      host: nav.locStr(e.value, 'host'),
      port: nav.locNum(e.value, 'port'),
      path: nav.locStr(e.value, 'path'),
      source: start !== undefined && end !== undefined ? sourceOfRange(nav.pos, start, end) : nav.source(e.keyNode),
    });
  }
  return out;
}

function readStreamWriters(nav: YamlNav, node: Node | undefined): StreamWriters[] {
  return nav.entries(node).map((e) => ({
    stream: { value: e.key, source: nav.source(e.keyNode) },
    writers: stringList(nav, e.value),
  }));
}

/** A sequence of strings, or a single string as a one-element list. */
function stringList(nav: YamlNav, node: Node | undefined): Located<string>[] {
  if (node === undefined) return [];
  if (nav.seq(node)) {
    const out: Located<string>[] = [];
    for (const item of nav.items(node)) {
      const s = nav.str(item);
      if (s !== undefined) out.push({ value: s, source: nav.source(item) });
    }
    return out;
  }
  const s = nav.str(node);
  return s !== undefined && isNode(node) ? [{ value: s, source: nav.source(node) }] : [];
}
