import { z } from 'zod';

/** A rule's configured level; `off` disables it. */
export const ruleSetting = z.enum(['off', 'info', 'warning', 'error']);

/**
 * The one description of docdrift.config.yaml: validation, the TypeScript type
 * and the published JSON Schema all come from it. Globs are relative to the checked root.
 */
export const configSchema = z
  .object({
    docs: z.array(z.string()).describe('Globs of Markdown documentation files.').default(['**/*.md', '**/*.markdown']),
    manifests: z.array(z.string()).describe('Globs of Kubernetes manifests.').default(['**/*.yaml', '**/*.yml']),
    haproxy: z
      .array(z.string())
      .describe('Globs of HAProxy configuration files.')
      .default(['**/haproxy*.cfg', '**/*.haproxy.cfg']),
    ignore: z.array(z.string()).describe('Globs of files never read.').default([]),
    namespace: z.string().min(1).describe('Namespace of manifests that omit metadata.namespace.').default('default'),
    clusterDomain: z.string().min(1).describe('Kubernetes cluster DNS domain.').default('cluster.local'),
    maxFileSize: z
      .number()
      .int()
      .positive()
      .describe('Files larger than this many bytes are skipped with a finding.')
      .default(5 * 1024 * 1024),
    rules: z.record(z.string(), ruleSetting).describe('Severity per rule id: off, info, warning or error.').default({}),
  })
  .strict();

export type DocdriftConfig = z.output<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSetting>;
