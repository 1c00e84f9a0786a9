import { z } from 'zod';
import { loadReference } from '../model/reference.ts';
import { GENERIC_KIND } from '../model/vocabulary.ts';
import { rules } from '../rules/index.ts';

/** A rule's configured level; `off` disables it. */
export const ruleSetting = z.enum(['off', 'info', 'warning', 'error']);

/** Every registered rule id: the keys `rules:` accepts. */
export const RULE_IDS = rules.map((rule) => rule.id) as [string, ...string[]];

/** The worker kinds of the bundled Synapse reference (plus the generic pool): the keys `workers.aliases` accepts. */
export const WORKER_KINDS = [...new Set([...loadReference().worker_kinds.map((kind) => kind.id), GENERIC_KIND])].sort() as [
  string,
  ...string[],
];

const globs = (what: string, defaults: string[]) =>
  z
    .array(z.string().min(1))
    .describe(`Globs (picomatch syntax, relative to the checked root) of ${what}.`)
    .default(defaults);

const phrases = (what: string) =>
  z
    .array(z.string().min(1))
    .describe(
      `Extra heading phrases that mark a section as ${what}, added to the built-in ones. Matched case-insensitively on whole words; \`#\` stands for a number, \`*\` for any one word, a leading \`^\` anchors at the start of the heading.`,
    )
    .default([]);

/**
 * The one description of docdrift.config.yaml: validation, the TypeScript type
 * and the published JSON Schema (schema/docdrift.config.schema.json, `npm run schema`)
 * all come from it. Globs are relative to the checked root.
 */
export const configSchema = z
  .object({
    $schema: z.string().describe('The JSON Schema of this file, for editors; ignored by docdrift.').optional(),
    docs: globs('Markdown documentation files', ['**/*.md', '**/*.markdown']),
    manifests: globs('Kubernetes manifests (YAML that is not Kubernetes is left alone)', ['**/*.yaml', '**/*.yml']),
    haproxy: globs('HAProxy configuration files', ['**/haproxy*.cfg', '**/*.haproxy.cfg']),
    scripts: globs('Shell scripts, read as procedures: the files they apply and the objects they name must exist', ['**/*.sh']),
    makefiles: globs('Makefiles, read for the manifest files they build from others (`cat parts/*.yaml > all.yaml`): a built file is an alternative packaging', ['**/Makefile', '**/makefile', '**/GNUmakefile', '**/*.mk']),
    ignore: z
      .array(z.string().min(1))
      .describe('Globs of files and folders never read, on top of node_modules, VCS folders and (unless gitignore is false) what .gitignore files exclude.')
      .default([]),
    gitignore: z
      .boolean()
      .describe('Skip what the .gitignore files at and below the root exclude (root .gitignore and nested ones).')
      .default(true),
    namespace: z.string().min(1).describe('Namespace of manifests that omit metadata.namespace, and of Service names written without one.').default('default'),
    clusterDomain: z.string().min(1).describe('Kubernetes cluster DNS domain, as in <service>.<namespace>.svc.<clusterDomain>.').default('cluster.local'),
    maxFileSize: z
      .number()
      .int()
      .positive()
      .describe('Files larger than this many bytes are skipped with a skipped-file finding.')
      .default(5 * 1024 * 1024),
    units: z
      .object({
        names: z
          .record(z.string().min(1), z.string().min(1))
          .describe('Display names of deployment units, by unit id (the folder of a kustomization or of plain manifests): { kustomize/overlays/prod: production }.')
          .default({}),
        alternatives: z
          .array(z.array(z.string().min(1)).min(2))
          .describe('Groups of unit ids that package the same deployment (only one is applied), besides those docdrift infers from shared objects: [[release, kubernetes-manifests]].')
          .default([]),
        docs: z
          .array(z.string().min(1))
          .describe('The unit ids the docs describe: docs/* rules check claims against these units only. Default: every unit (a claim holds when one unit agrees).')
          .default([]),
      })
      .strict()
      .describe('Deployment units: which objects are applied together (see README, Deployment units).')
      .default({ names: {}, alternatives: [], docs: [] }),
    render: z
      .object({
        external: z
          .boolean()
          .describe('Render kustomizations with `kustomize build` (or `kubectl kustomize`, kubectl 1.21+) and Helm charts with `helm template` when they are on PATH. false: kustomizations are rendered in-process only and charts are skipped (as does the environment variable DOCDRIFT_NO_EXTERNAL_RENDER=1).')
          .default(true),
      })
      .strict()
      .describe('How deployment units are rendered (see README, External renderers).')
      .default({ external: true }),
    site: z
      .object({
        editUrl: z
          .string()
          .min(1)
          .describe('Where each site page\'s file is edited, `{path}` standing for its path in the repository: https://git.example/org/repo/-/edit/main/{path}. Default: from the git remote, when it is a known forge. `docdrift site --edit-url` overrides it.')
          .optional(),
      })
      .strict()
      .describe('The published site (docdrift site build).')
      .default({}),
    workers: z
      .object({
        aliases: z
          .partialRecord(z.enum(WORKER_KINDS), z.array(z.string().min(1)))
          .describe('Extra names of Synapse worker kinds as this deployment writes them, by kind id: { synchrotron: [chat-sync] }.')
          .default({}),
      })
      .strict()
      .describe('Worker vocabulary.')
      .default({ aliases: {} }),
    scopes: z
      .object({
        future: phrases('describing the future (a plan, not the current deployment)'),
        example: phrases('an example'),
        historical: phrases('describing the past'),
      })
      .strict()
      .describe('Heading words that take a Markdown section out of the current deployment (it is then not compared with the manifests).')
      .default({ future: [], example: [], historical: [] }),
    rules: z
      .partialRecord(z.enum(RULE_IDS), ruleSetting)
      .describe('Severity per rule id: off, info, warning or error (`docdrift rules` lists the ids).')
      .default({}),
  })
  .strict()
  .describe('docdrift configuration (docdrift.config.yaml or .docdrift.yaml).');

export type DocdriftConfig = z.output<typeof configSchema>;
export type DocdriftConfigInput = z.input<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSetting>;
