import { applySed, commandsOf, commandWords, expandHeredoc, scriptLines, sedProgram, variablesBefore } from '../parse/shell-eval.ts';
import type { ShellValue, ShellVars } from '../parse/shell-eval.ts';
import { addToGroup } from './group.ts';
import type { ModelLookup } from './lookup.ts';
import type { Container, InstanceMapEntry, Located, Source, StreamWriters, SynapseConfig, Workload } from './types.ts';

/** What a Synapse instance name (worker_name, instance_map key, stream writer) refers to in Kubernetes. */
export type InstanceResolution =
  | { kind: 'main'; workload: Workload | undefined }
  | { kind: 'pod'; workload: Workload; ordinal: number; exists: boolean }
  | { kind: 'named'; workload: Workload }
  | { kind: 'unknown' };

/** Synapse's internal name of the main process; instance_map also accepts 'main'. */
export const MAIN_NAMES = new Set(['main', 'master']);

/**
 * Resolves an instance name: `main`/`master`, a worker_name evaluated for some pod, a fixed
 * worker_name written in some worker config, or `<statefulset>-<ordinal>` beyond the pods of a
 * StatefulSet whose worker names are its pod names. Never assumes worker_name is the pod name.
 * Two units in one namespace (a base and an overlay that only renames) may run the same worker
 * name: the pod of `unit`, the one whose config lists the name, is meant.
 */
export function resolveInstance(lookup: ModelLookup, namespace: string, name: string, unit?: string): InstanceResolution {
  if (MAIN_NAMES.has(name)) return { kind: 'main', workload: mainWorkload(lookup, namespace) };
  const evaluated = evaluatedWorker(lookup, namespace, name, unit);
  if (evaluated) {
    const { workload, pod } = evaluated;
    return workload.kind === 'StatefulSet' && pod !== undefined
      ? { kind: 'pod', workload, ordinal: Number(pod.slice(workload.name.length + 1)), exists: true }
      : { kind: 'named', workload };
  }
  const fixed = lookup.synapseConfigNamed(name);
  if (fixed) {
    const workload = lookup.workloadRunning(fixed);
    if (workload) return { kind: 'named', workload };
  }
  const match = /^(.+)-(\d+)$/.exec(name);
  const workload = match ? lookup.workload(namespace, match[1]!) : undefined;
  const names = workload?.kind === 'StatefulSet' ? lookup.workerNames(workload) : undefined;
  if (workload && names?.pods.every((pod) => pod.name === pod.pod)) return { kind: 'pod', workload, ordinal: Number(match![2]), exists: false };
  return { kind: 'unknown' };
}

/** The pod that runs with a worker name in a namespace, in `unit` when one there does. */
export function evaluatedWorker(lookup: ModelLookup, namespace: string, name: string, unit: string | undefined): { workload: Workload; pod: string | undefined } | undefined {
  const candidates = lookup.synapseWorkersIn(namespace).byName.get(name) ?? [];
  return candidates.find((candidate) => unit !== undefined && candidate.workload.unit === unit) ?? candidates[0];
}

/** The evaluated worker names of a namespace, and whether every worker there could be evaluated. */
export interface NamespaceWorkers {
  byName: Map<string, Array<{ workload: Workload; pod: string | undefined }>>;
  evaluated: WorkerNames[];
  /** Every workload that runs a Synapse worker has its names evaluated: a name none of them has runs nowhere. */
  complete: boolean;
}

export function findWorkersIn(lookup: ModelLookup, namespace: string): NamespaceWorkers {
  const workers: NamespaceWorkers = { byName: new Map(), evaluated: [], complete: true };
  for (const workload of lookup.workloadsIn(namespace)) {
    if (!runsWorker(lookup, workload)) continue;
    const names = lookup.workerNames(workload);
    if (!names) {
      workers.complete = false;
      continue;
    }
    workers.evaluated.push(names);
    for (const { pod, name } of names.pods) addToGroup(workers.byName, name, { workload, pod });
  }
  return workers;
}

/** Whether a workload runs a Synapse worker (not the main process): by its configs, or by its name or labels. */
function runsWorker(lookup: ModelLookup, workload: Workload): boolean {
  const configs = [...lookup.synapseProcessesFor(workload).flatMap((process) => process.configs.map(({ config }) => config)), ...lookup.synapseConfigsFor(workload)];
  if (configs.some(isWorkerConfig)) return true;
  const kind = lookup.workerKind(workload);
  return kind !== undefined && kind !== 'main' && configs.length === 0;
}

export function mainWorkload(lookup: ModelLookup, namespace: string): Workload | undefined {
  return lookup.workloadsOfKindIn(namespace, 'main')[0];
}

/** The configs that carry the shared settings (instance_map, stream_writers …) — normally homeserver.yaml. */
export function sharedConfigs(model: { synapse: SynapseConfig[] }): SynapseConfig[] {
  return model.synapse.filter(
    (config) => config.instanceMap.length > 0 || config.streamWriters.length > 0 || config.federationSenderInstances.length > 0,
  );
}

/** Pod names of a StatefulSet as Kubernetes names them, up to its autoscaler's maximum (those pods may run). */
export function podNames(lookup: ModelLookup, workload: Workload): string[] {
  return Array.from({ length: podCount(lookup, workload) }, (_, ordinal) => `${workload.name}-${ordinal}`);
}

/** Pods a workload may run: its replicas, or its autoscaler's maximum when that is higher. */
function podCount(lookup: ModelLookup, workload: Workload): number {
  return Math.min(MAX_EVALUATED_PODS, Math.max(lookup.replicas(workload) ?? 0, lookup.autoscalerFor(workload)?.maxReplicas.value ?? 0));
}

export function namespaceOf(config: SynapseConfig): string {
  return config.origin.namespace;
}

// ---------------------------------------------------------------------------
// What a container loads, and the worker names its pods get
// ---------------------------------------------------------------------------

/** A script command that produced a config file from a config's text, evaluated per pod. */
interface RenderStep {
  container: Container;
  script: string;
  /** 0-based script line the command runs on (variables are taken as they stand there). */
  line: number;
  /** `heredoc`: shell expansion of the body; `sed`: the substitutions of `command`; `envsubst`: $VAR and ${VAR}. */
  kind: 'heredoc' | 'sed' | 'envsubst';
  command: string;
}

/** A config file a Synapse process loads and the steps that made it from the config's text. */
export interface LoadedConfig {
  config: SynapseConfig;
  steps: RenderStep[];
}

/** One container that runs Synapse, with the config files it loads. */
export interface SynapseProcess {
  workload: Workload;
  container: Container;
  /** In load order: Synapse merges files shallowly, a later file's top-level key replaces an earlier one. */
  configs: LoadedConfig[];
  /** Whether every file the command line loads was found in the manifests (so the merged config is the real one). */
  complete: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const LAUNCH_RE = /synapse\.app\.|--config-path/;

/** The shell script a container runs (`sh -c SCRIPT`), with its index in command + args. */
function shellScript(container: Container): { text: string; index: number } | undefined {
  const all = [...container.command, ...container.args];
  const shell = all[0]?.value.split('/').pop() ?? '';
  if (!SHELLS.has(shell)) return undefined;
  const flag = all.findIndex((arg, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(arg.value));
  const script = flag === -1 ? undefined : all[flag + 1];
  return script ? { text: script.value, index: flag + 1 } : undefined;
}

/** The container's environment as its shell sees it in one pod (`pod` undefined: a name Kubernetes makes up). */
export function containerEnv(workload: Workload, container: Container, pod: string | undefined): Array<[string, ShellValue]> {
  const env: Array<[string, ShellValue]> = [['HOSTNAME', pod]];
  const defined = new Map<string, ShellValue>();
  for (const entry of container.env) {
    const fromPod = entry.fieldPath === 'metadata.name' ? pod : entry.fieldPath === 'metadata.namespace' ? workload.namespace : undefined;
    const value = entry.value ? kubernetesExpand(entry.value.value, defined) : fromPod;
    defined.set(entry.name, value);
    env.push([entry.name, value]);
  }
  return env;
}

/** Kubernetes expands `$(NAME)` in an env value with the variables defined before it (`$$` escapes); others stay as written. */
function kubernetesExpand(value: string, defined: ReadonlyMap<string, ShellValue>): ShellValue {
  let unknown = false;
  const out = value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name?: string) => {
    if (name === undefined) return '$';
    if (!defined.has(name)) return whole;
    const resolved = defined.get(name);
    if (resolved === undefined) unknown = true;
    return resolved ?? '';
  });
  return unknown ? undefined : out;
}

/** A command's argv and its `<` / `>` redirections (words expanded with the given variables). */
function redirected(command: string, vars: ShellVars): { argv: ShellValue[]; input: ShellValue; output: ShellValue; appends: boolean } {
  const argv: ShellValue[] = [];
  let input: ShellValue;
  let output: ShellValue;
  let appends = false;
  const words = commandWords(command.replace(/(?<![\d&<>])(>>?|<)(?![&>(])/g, ' $1 '), vars);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === '>' || word === '>>' || word === '<') {
      const target = words[++i];
      if (word === '<') input = target;
      else {
        output = target;
        appends = word === '>>';
      }
    } else argv.push(word);
  }
  return { argv, input, output, appends };
}

/** `--config-path X`, `--config-path=X`, `-c X` of one Synapse command line; undefined entries could not be evaluated. */
function configPathsOf(argv: ShellValue[]): ShellValue[] {
  const paths: ShellValue[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--config-path' || word === '-c') paths.push(argv[++i]);
    else if (word?.startsWith('--config-path=')) paths.push(word.slice('--config-path='.length));
  }
  return paths;
}

/** The containers of a workload that run Synapse, with what each loads. */
export function findSynapseProcesses(lookup: ModelLookup, workload: Workload): SynapseProcess[] {
  const processes: SynapseProcess[] = [];
  for (const container of workload.containers) {
    if (container.init) continue;
    const launches = launchCommands(workload, container);
    if (launches.length === 0) continue;
    const configs: LoadedConfig[] = [];
    let complete = launches.length === 1;
    for (const path of launches.flatMap((launch) => launch.paths)) {
      const loaded = path === undefined ? undefined : loadPath(lookup, workload, container, path, launches[0]!.line);
      if (!loaded) complete = false;
      else configs.push(...loaded);
    }
    processes.push({ workload, container, configs, complete });
  }
  return processes;
}

/** The command lines that start Synapse in a container, with their config paths and script line. */
function launchCommands(workload: Workload, container: Container): Array<{ paths: ShellValue[]; line: number }> {
  const script = shellScript(container);
  if (!script) {
    const argv = [...container.command, ...container.args].map((arg) => arg.value);
    if (argv.some((word) => LAUNCH_RE.test(word))) return [{ paths: configPathsOf(argv), line: 0 }];
    return imageDefaultLaunch(workload, container, argv);
  }
  const out: Array<{ paths: ShellValue[]; line: number }> = [];
  const env = containerEnv(workload, container, undefined);
  for (const { line, text } of scriptLines(script.text)) {
    for (const command of commandsOf(text)) {
      if (!LAUNCH_RE.test(command)) continue;
      const { argv } = redirected(command, variablesBefore(script.text, line, env));
      out.push({ paths: configPathsOf(argv), line });
    }
  }
  return out.filter((launch) => launch.paths.length > 0);
}

/**
 * The Synapse image's own entrypoint (`/start.py`, with no command or `run`) starts the main process
 * with $SYNAPSE_CONFIG_PATH, else $SYNAPSE_CONFIG_DIR/homeserver.yaml, else /data/homeserver.yaml.
 */
function imageDefaultLaunch(workload: Workload, container: Container, argv: string[]): Array<{ paths: ShellValue[]; line: number }> {
  if (!/(^|\/)synapse(:|@|$)/.test(container.image ?? '') || !(argv.length === 0 || (argv.length === 1 && argv[0] === 'run'))) return [];
  const env = new Map(containerEnv(workload, container, undefined));
  if (env.has('SYNAPSE_WORKER')) return []; // a worker started by the image: its worker file is not named here
  const path = env.has('SYNAPSE_CONFIG_PATH') ? env.get('SYNAPSE_CONFIG_PATH') : env.has('SYNAPSE_CONFIG_DIR') ? joinConfigDir(env.get('SYNAPSE_CONFIG_DIR')) : '/data/homeserver.yaml';
  return [{ paths: [path], line: 0 }];
}

function joinConfigDir(directory: ShellValue): ShellValue {
  return directory === undefined ? undefined : `${directory.replace(/\/+$/, '')}/homeserver.yaml`;
}

/**
 * The configs behind one path a container reads: a ConfigMap key or directory mounted there, or a
 * file a script writes (heredoc, sed, envsubst, cp, cat) before `beforeLine`. Undefined when unknown.
 */
function loadPath(lookup: ModelLookup, workload: Workload, container: Container, path: string, beforeLine: number, depth = 0): LoadedConfig[] | undefined {
  if (depth > 4) return undefined;
  const written = writtenFile(lookup, workload, container, path, beforeLine, depth);
  if (written !== 'not written') return written;
  return mountedConfigs(lookup, workload, container, path);
}

/** The file a script writes at `path`: found (configs), 'not written', or undefined (written in a way we cannot read). */
function writtenFile(
  lookup: ModelLookup,
  workload: Workload,
  reader: Container,
  path: string,
  beforeLine: number,
  depth: number,
): LoadedConfig[] | undefined | 'not written' {
  // Init containers run before the others, in order; in the reader's own script only earlier lines count.
  const writers = [...workload.containers.filter((container) => container.init), reader];
  let result: LoadedConfig[] | undefined | 'not written' = 'not written';
  for (const container of writers) {
    const script = shellScript(container);
    if (!script) continue;
    const stop = container === reader ? beforeLine : Number.MAX_SAFE_INTEGER;
    const heredocs = lookup.synapseHeredocsOf(workload).filter(
      (config) =>
        config.origin.type === 'heredoc' &&
        config.origin.container === container.name &&
        config.origin.script.index === script.index &&
        samePath(config.origin.path, path),
    );
    const env = containerEnv(workload, container, undefined);
    const lines = scriptLines(script.text);
    for (const [index, { line, text }] of lines.entries()) {
      if (line >= stop) break;
      const next = lines[index + 1]?.line ?? Number.MAX_SAFE_INTEGER;
      // The heredoc whose operator is on this command line (its body starts on the next physical line).
      const heredoc = heredocs.find((config) => config.origin.type === 'heredoc' && config.origin.script.line > line && config.origin.script.line <= next);
      if (heredoc?.origin.type === 'heredoc') {
        const steps: RenderStep[] = heredoc.origin.script.expands ? [{ container, script: script.text, line, kind: 'heredoc', command: text }] : [];
        result = [{ config: heredoc, steps }];
        continue;
      }
      for (const command of commandsOf(text)) {
        if (!command.includes(path.split('/').pop() ?? path)) continue;
        const { argv, input, output, appends } = redirected(command, variablesBefore(script.text, line, env));
        const [name, ...args] = argv.map((word) => word ?? '');
        const inPlace = name === 'sed' && args.includes('-i') && samePath(argv[argv.length - 1], path);
        if (!inPlace && !samePath(output, path) && !(name === 'cp' && samePath(argv[argv.length - 1], path))) continue;
        const step: RenderStep | undefined =
          name === 'sed' || name === 'envsubst' ? { container, script: script.text, line, kind: name, command } : undefined;
        // The sed expression may depend on the pod (it is evaluated per pod later); the file names may not.
        if (appends || (inPlace && (result === 'not written' || result === undefined))) {
          result = undefined;
          continue;
        }
        if (inPlace) {
          result = (result as LoadedConfig[]).map((loaded) => ({ ...loaded, steps: [...loaded.steps, step!] }));
          continue;
        }
        const source = name === 'cp' ? argv[argv.length - 2] : name === 'sed' ? (input ?? argv[argv.length - 1]) : name === 'cat' ? (input ?? argv[1]) : name === 'envsubst' ? input : undefined;
        const loaded = source === undefined || source === '' ? undefined : loadPath(lookup, workload, container, source, line, depth + 1);
        result = loaded?.map((entry) => ({ ...entry, steps: step ? [...entry.steps, step] : entry.steps }));
      }
    }
  }
  return result;
}

function samePath(a: ShellValue, b: string): boolean {
  return a !== undefined && a.replace(/\/+$/, '').replace(/\/\.\//g, '/') === b.replace(/\/+$/, '').replace(/\/\.\//g, '/');
}

/** Configs of the ConfigMap mounted at `path`: one key (file or subPath mount), or every *.yaml key of a mounted directory. */
function mountedConfigs(lookup: ModelLookup, workload: Workload, container: Container, path: string): LoadedConfig[] | undefined {
  const mounts = container.volumeMounts
    .filter((mount) => samePath(path, mount.mountPath.value) || path.startsWith(`${mount.mountPath.value.replace(/\/+$/, '')}/`))
    .sort((a, b) => b.mountPath.value.length - a.mountPath.value.length);
  const mount = mounts[0];
  if (!mount) return undefined;
  const refs = workload.configRefs.filter((ref) => ref.volume === mount.name && (ref.via === 'volume' || ref.via === 'projected'));
  if (refs.length === 0 || refs.some((ref) => ref.kind !== 'ConfigMap')) return undefined; // a Secret, a PVC, an emptyDir: not readable here
  // File name in the mount → ConfigMap and key.
  const files = new Map<string, { configMap: string; key: string }>();
  for (const ref of refs) {
    if (ref.key !== undefined) files.set(ref.path ?? ref.key, { configMap: ref.name, key: ref.key });
    else {
      const keys = lookup.configMapKeys(workload.namespace, ref.name);
      if (!keys) return undefined; // the ConfigMap is not in the manifests
      for (const key of keys) files.set(key, { configMap: ref.name, key });
    }
  }
  const relative = samePath(path, mount.mountPath.value) ? '' : path.slice(mount.mountPath.value.replace(/\/+$/, '').length + 1);
  let chosen: Array<{ configMap: string; key: string }>;
  if (mount.subPath !== undefined) {
    if (relative !== '') return undefined;
    const file = files.get(mount.subPath);
    if (!file) return undefined;
    chosen = [file];
  } else if (relative === '') {
    // A directory: Synapse loads its *.yaml files in sorted order.
    chosen = [...files.keys()].filter((name) => name.endsWith('.yaml')).sort().map((name) => files.get(name)!);
  } else {
    const file = files.get(relative);
    if (!file) return undefined;
    chosen = [file];
  }
  return chosen.flatMap(({ configMap, key }) =>
    lookup
      .synapseConfigsInConfigMap(workload.namespace, configMap)
      .filter((config) => config.origin.type === 'configmap' && config.origin.key === key)
      .map((config) => ({ config, steps: [] })),
  );
}

/** The worker_name each pod of a workload gets, evaluated from its config files and start-up script. */
export interface WorkerNames {
  workload: Workload;
  /** Where worker_name is written. */
  source: Source;
  /** StatefulSet pods by ordinal, up to its autoscaler's maximum; one entry standing for every pod of other kinds. */
  pods: Array<{ pod: string | undefined; name: string }>;
}

/** Pods evaluated at most: an autoscaler's maximum beyond this is not a start-up layout anyone writes by hand. */
const MAX_EVALUATED_PODS = 1000;

/**
 * Evaluates worker_name for every pod of a workload; undefined when any pod's name cannot be known
 * (a Deployment's pod name, a variable the image sets, a script step the evaluator does not read).
 */
export function evaluateWorkerNames(lookup: ModelLookup, workload: Workload): WorkerNames | undefined {
  const process = lookup.synapseProcessesFor(workload).find((candidate) => candidate.configs.some(({ config }) => isWorkerConfig(config)));
  const named = process?.configs.filter(({ config }) => config.workerName !== undefined).pop();
  if (!process || !named) return undefined;
  const raw = named.config.workerName!;
  const pods = workload.kind === 'StatefulSet' ? podNames(lookup, workload) : [undefined];
  const out: WorkerNames['pods'] = [];
  for (const pod of pods) {
    let value: ShellValue = raw.value;
    for (const step of named.steps) value = value === undefined ? undefined : renderStep(workload, step, pod, value);
    // A `$` left over is a template nothing rendered: Synapse would take it literally, which nobody means.
    if (value === undefined || value.includes('$')) return undefined;
    out.push({ pod, name: value });
  }
  return { workload, source: raw.source, pods: out };
}

/** Whether a config file is a worker's (it names the worker or runs another app than the main process). */
export function isWorkerConfig(config: SynapseConfig): boolean {
  return config.workerName !== undefined || (config.workerApp !== undefined && config.workerApp.value !== 'synapse.app.homeserver');
}

function renderStep(workload: Workload, step: RenderStep, pod: string | undefined, value: string): ShellValue {
  const vars = variablesBefore(step.script, step.line, containerEnv(workload, step.container, pod));
  switch (step.kind) {
    case 'heredoc':
      return expandHeredoc(value, vars);
    case 'envsubst':
      return envsubst(value, vars);
    case 'sed': {
      const argv = redirected(step.command, vars).argv;
      if (argv.some((word) => word === undefined)) return undefined;
      const program = sedProgram((argv as string[]).slice(1));
      return program ? applySed(program.substitutions, value) : undefined;
    }
  }
}

/** envsubst sees the environment only: a variable the script did not export is unknown, not guessed. */
function envsubst(text: string, vars: ShellVars): ShellValue {
  let unknown = false;
  const out = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced?: string, bare?: string) => {
    const value = vars.getExported((braced ?? bare)!);
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  return unknown ? undefined : out;
}

/** instance_map, stream_writers and federation_sender_instances as a set of processes sees them once their files are merged. */
export interface SharedView {
  namespace: string;
  /** The unit of the processes that load it (of its configs, when none does). */
  unit: string | undefined;
  instanceMap: InstanceMapEntry[];
  streamWriters: StreamWriters[];
  federationSenderInstances: Located<string>[];
  /** The file that sets stream_writers (or instance_map …): where a finding about the lists as a whole is anchored. */
  source: Source;
  /** Whether some process loads exactly these values with every file it loads found in the manifests. */
  complete: boolean;
}

/**
 * The shared settings each Synapse process really runs with: the files of one container merged
 * (a later file replaces an earlier top-level key). Configs no container is seen loading are merged
 * per ConfigMap (or heredoc) and are never complete.
 */
export function findSharedViews(lookup: ModelLookup): SharedView[] {
  const views = new Map<string, SharedView>();
  const used = new Set<SynapseConfig>();
  const merge = (namespace: string, unit: string | undefined, configs: SynapseConfig[], complete: boolean): void => {
    const last = (has: (config: SynapseConfig) => boolean): SynapseConfig | undefined => configs.filter(has).pop();
    const map = last((config) => config.instanceMap.length > 0);
    const writers = last((config) => config.streamWriters.length > 0);
    const senders = last((config) => config.federationSenderInstances.length > 0);
    const anchor = writers ?? map ?? senders;
    if (!anchor) return;
    const key = [map, writers, senders].map((config) => (config ? lookup.model.synapse.indexOf(config) : -1)).join('|');
    const existing = views.get(key);
    if (existing) {
      existing.complete ||= complete;
      return;
    }
    views.set(key, {
      namespace,
      unit,
      instanceMap: map?.instanceMap ?? [],
      streamWriters: writers?.streamWriters ?? [],
      federationSenderInstances: senders?.federationSenderInstances ?? [],
      source: anchor.source,
      complete,
    });
  };
  for (const workload of lookup.model.workloads) {
    for (const process of lookup.synapseProcessesFor(workload)) {
      const configs = process.configs.map(({ config }) => config);
      // A file some process loads is read as part of what it loads, even where a later file overrides it.
      for (const config of configs) used.add(config);
      merge(workload.namespace, workload.unit, configs, process.complete);
    }
  }
  const unused = new Map<string, SynapseConfig[]>();
  for (const config of sharedConfigs(lookup.model)) {
    if (used.has(config)) continue;
    const origin = config.origin;
    const group = origin.type === 'configmap' ? `configmap/${origin.namespace}/${origin.configMap}` : `heredoc/${origin.namespace}/${origin.workload}/${origin.container}`;
    addToGroup(unused, group, config);
  }
  for (const configs of unused.values()) {
    const sorted = [...configs].sort((a, b) => (a.origin.type === 'configmap' && b.origin.type === 'configmap' ? a.origin.key.localeCompare(b.origin.key) : 0));
    merge(sorted[0]!.origin.namespace, sorted[0]!.unit, sorted, false);
  }
  return [...views.values()];
}
