/**
 * The runtime-objects tables: what operators create for their custom resources (data/operators/*.yaml)
 * and what Helm charts create for a release (data/charts/*.yaml). Knowledge lives in the data files;
 * this module only describes and validates their format and loads them once.
 *
 * Both formats say where they come from (`source`: a tagged source tree, `version`) and list what is
 * created under `services`, `secrets`, `configMaps` (each `{ name, when?, forEach? }`, Services with
 * `ports: [{ name?, port }]` and `headless`) and `pods` (`{ labels, labelsFrom?, when?, forEach? }`, the whole label
 * set of the pods, so that Service selectors are matched exactly; `labelsFrom: spec.PATH` adds the labels of
 * a map in the resource, such as `spec.podMetadata.labels`, where the table's own labels win).
 *
 * - Names and label values are templates. Operators: `{name}`, `{namespace}` of the custom resource, any
 *   `{spec.PATH}` of it, and `{item.PATH}` inside `forEach: spec.LIST`. Charts: `{release}`, `{namespace}`,
 *   `{fullname}` (Helm's fullname helper: `fullnameOverride`, else the release when it contains the chart
 *   name, else RELEASE-CHART, cut to `fullname.maxLength` and trimmed of a trailing '-'), `{chartName}`
 *   (`nameOverride` or the chart name), and any `{VALUES.PATH}`. A placeholder without a value drops the object.
 * - `when` is a condition on the resource (`spec.…`) or on the release's values: `{ path, equals, default? }`
 *   (default = the chart's default when the value is unset), `{ path, contains }` (a list holds it),
 *   `{ path, set: true|false }`, `{ all: [...] }`, `{ any: [...] }`, `{ not: ... }`.
 * - Operator files: `operator`, and `resources: [{ group, kind, services?, secrets?, configMaps?, pods? }]`;
 *   a kind with nothing under it is known to create nothing docs look up (else a resource of an unknown
 *   kind makes names under its own name "may exist"). `cluster:` lists what every cluster has.
 * - Chart files: `chart`, `aliases` (conventional `helm repo add` names: `bitnami/redis`), `repositories`
 *   (https:// URLs for `--repo` and Flux HelmRepository, oci:// prefixes), `fullname: { maxLength }`, and
 *   `subcharts: [{ chart, values, when?, fullname?, services?, … }]` whose `{fullname}` uses their own chart
 *   name and the overrides under their `values` key.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * When an object is created. `path` is read from the custom resource (`spec.…`) or from the
 * release's values; `default` stands for an unset value (the chart's default).
 */
export type Condition =
  | { path: string; equals: string | number | boolean; default?: string | number | boolean | undefined }
  | { path: string; contains: string }
  | { path: string; set: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ path: z.string().min(1), equals: scalar, default: scalar.optional() }),
    z.strictObject({ path: z.string().min(1), contains: z.string() }),
    z.strictObject({ path: z.string().min(1), set: z.boolean() }),
    z.strictObject({ all: z.array(condition).min(1) }),
    z.strictObject({ any: z.array(condition).min(1) }),
    z.strictObject({ not: condition }),
  ]),
);

/** A name template: `{name}`, `{release}`, `{fullname}`, `{item.PATH}` or `{PATH}` between literal text. */
const template = z.string().min(1).regex(/^[^{}]*(\{[\w.-]+\}[^{}]*)*$/, 'placeholders are {word.word…} and braces are not nested');

const port = z.strictObject({ name: z.string().min(1).optional(), port: z.number().int().min(1).max(65535) });

const namedObject = z.strictObject({
  name: template,
  when: condition.optional(),
  /** One object per item of the list at this path; `{item.PATH}` reads the item. */
  forEach: z.string().min(1).optional(),
});

const serviceEntry = namedObject.extend({
  /** The Service ports, where the source says which; an empty list means unknown (not checked). */
  ports: z.array(port).default([]),
  headless: z.boolean().default(false),
});

/** Labels of the pods it runs (all of them, so that a Service selector can be matched exactly). */
const podEntry = z.strictObject({ labels: z.record(z.string(), template), labelsFrom: z.string().min(1).optional(), when: condition.optional(), forEach: z.string().min(1).optional() });

/** What one kind of custom resource, or one chart, creates. */
const creates = {
  services: z.array(serviceEntry).default([]),
  secrets: z.array(namedObject).default([]),
  configMaps: z.array(namedObject).default([]),
  pods: z.array(podEntry).default([]),
};

const provenance = {
  /** The source the entries were read from: a tagged tree of the operator or chart. */
  source: z.string().url(),
  /** The operator or chart version that source is. */
  version: z.union([z.string(), z.number()]).transform(String),
};

export const operatorTable = z.strictObject({
  operator: z.string().min(1),
  ...provenance,
  /** Custom resource kinds the operator reconciles; a kind with nothing under it creates nothing docs look up. */
  resources: z
    .array(z.strictObject({ group: z.string().min(1), kind: z.string().min(1), ...creates }))
    .default([]),
  /** Objects that exist in every cluster (the Kubernetes table). */
  cluster: z
    .strictObject({
      namespaces: z.array(z.string().min(1)).default([]),
      services: z.array(z.strictObject({ name: z.string().min(1), namespace: z.string().min(1), ports: z.array(port).default([]) })).default([]),
      /** ConfigMaps the control plane publishes in every namespace (`kube-root-ca.crt`). */
      configMapsInEveryNamespace: z.array(z.string().min(1)).default([]),
    })
    .optional(),
});

/** The chart's fullname helper: `fullnameOverride`, else the release when it contains the chart name, else RELEASE-CHART; cut, trailing '-' trimmed. */
const fullnameRule = z.strictObject({ maxLength: z.number().int().min(1).max(253).default(63) });

export const chartTable = z.strictObject({
  chart: z.string().min(1),
  ...provenance,
  /** Conventional `helm repo add` names for the chart's repository (`bitnami/redis`). */
  aliases: z.array(z.string().min(1)).default([]),
  /** Repository URLs (https:// for `--repo` and HelmRepository, oci:// prefixes). */
  repositories: z.array(z.string().min(1)).min(1),
  fullname: fullnameRule.default({ maxLength: 63 }),
  ...creates,
  /** Dependencies installed with the chart: their own fullname, from their values key. */
  subcharts: z
    .array(z.strictObject({ chart: z.string().min(1), values: z.string().min(1), when: condition.optional(), fullname: fullnameRule.default({ maxLength: 63 }), ...creates }))
    .default([]),
});

export type OperatorTable = z.infer<typeof operatorTable>;
export type ChartTable = z.infer<typeof chartTable>;
export type ResourceEntry = OperatorTable['resources'][number];
export type ServiceEntry = z.infer<typeof serviceEntry>;
export type NamedEntry = z.infer<typeof namedObject>;
export type PodEntry = z.infer<typeof podEntry>;
export type Creates = Pick<ResourceEntry, 'services' | 'secrets' | 'configMaps' | 'pods'>;
export type Subchart = ChartTable['subcharts'][number];

export interface Tables {
  operators: (OperatorTable & { file: string })[];
  charts: (ChartTable & { file: string })[];
}

const DATA = new URL('../../data/', import.meta.url);
/**
 * The tables as the build validated them (`npm run build` writes it into dist/): reading YAML and
 * validating it costs about 45 ms a run, reading this about 1 ms. Sources run without it.
 */
export const TABLES_SNAPSHOT = new URL('../runtime-tables.json', import.meta.url);
const FOLDERS = ['operators', 'charts'] as const;
let cached: Tables | undefined;

/** The bundled tables, loaded and validated once; a broken data file is a bug in docdrift and throws. */
export function loadTables(): Tables {
  cached ??= readSnapshot() ?? {
    operators: readTables('operators', operatorTable),
    charts: readTables('charts', chartTable),
  };
  return cached;
}

/** Size and time of every table file: a snapshot of other files than these is not used. */
function fingerprint(): string {
  return FOLDERS.flatMap((folder) => {
    const directory = new URL(`${folder}/`, DATA);
    return readdirSync(directory)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => {
        const stat = statSync(new URL(name, directory));
        return `${folder}/${name}:${stat.size}:${stat.mtimeMs}`;
      });
  }).join('\n');
}

function readSnapshot(): Tables | undefined {
  try {
    const snapshot = JSON.parse(readFileSync(TABLES_SNAPSHOT, 'utf8')) as { fingerprint: string; tables: Tables };
    return snapshot.fingerprint === fingerprint() ? snapshot.tables : undefined;
  } catch {
    return undefined;
  }
}

/** The snapshot the build writes: the validated tables and the fingerprint of the files they come from. */
export function tablesSnapshot(): string {
  return `${JSON.stringify({ fingerprint: fingerprint(), tables: { operators: readTables('operators', operatorTable), charts: readTables('charts', chartTable) } })}\n`;
}

/** Every table of a folder, in file name order; throws with the file and the first problem. */
export function readTables<T>(folder: string, schema: z.ZodType<T>, base: URL = DATA): (T & { file: string })[] {
  const directory = new URL(`${folder}/`, base);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const file = `data/${folder}/${name}`;
      const parsed = schema.safeParse(parse(readFileSync(new URL(name, directory), 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
      }
      return { ...parsed.data, file };
    });
}

/** Placeholders every table may use that are not values paths. */
export const RESERVED = new Set(['name', 'namespace', 'release', 'fullname', 'chartName']);
