import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configJsonSchema, CONFIG_SCHEMA_PATH } from '../../src/config/json-schema.ts';
import { defaultConfig, loadConfig } from '../../src/config/load.ts';
import { RULE_IDS, WORKER_KINDS } from '../../src/config/schema.ts';
import { check } from '../../src/index.ts';
import { FIXTURES } from '../rule-tester.ts';
import { runCli } from '../cli/run-cli.ts';
import { SERVICE } from '../cli/project.ts';

const REPO = path.resolve(FIXTURES, '..', '..');

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-config-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The one stderr line docdrift prints for `config` as docdrift.config.yaml. */
async function configError(config: string, name = 'docdrift.config.yaml'): Promise<string> {
  await writeFile(path.join(scratch, name), config);
  const run = await runCli(['check', scratch]);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const prefix = `docdrift: invalid config ${path.join(scratch, name)}: `;
  expect(run.stderr.startsWith(prefix)).toBe(true);
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.slice(0, -1)).not.toContain('\n');
  return run.stderr.slice(prefix.length, -1);
}

describe('config file', () => {
  it('exits 2 naming the key and what was expected', async () => {
    expect(await configError('rules:\n  k8s/dangling-service: loud\n')).toBe(
      "rules.k8s/dangling-service: expected one of off, info, warning, error, got 'loud'",
    );
    expect(await configError('rules:\n  k8s/danglingservice: off\n')).toBe(
      "rules.k8s/danglingservice: unknown rule id 'k8s/danglingservice' (did you mean 'k8s/dangling-service'?), expected a rule id listed by 'docdrift rules'",
    );
    expect(await configError('rules:\n  unused-backend: off\n')).toBe(
      "rules.unused-backend: unknown rule id 'unused-backend' (did you mean 'haproxy/unused-backend'?), expected a rule id listed by 'docdrift rules'",
    );
    expect(await configError('rules:\n  frobnicate: off\n')).toBe(
      "rules.frobnicate: unknown rule id 'frobnicate', expected a rule id listed by 'docdrift rules'",
    );
    expect(await configError('docs: README.md\n')).toBe("docs: expected a list, got 'README.md'");
    expect(await configError('docs: [README.md, 3]\n')).toBe('docs[1]: expected a string, got 3');
    expect(await configError('maxFileSize: -1\n')).toBe('maxFileSize: expected a number > 0, got -1');
    expect(await configError('maxFileSize: 1.5\n')).toBe('maxFileSize: expected an integer, got 1.5');
    expect(await configError("namespace: ''\n")).toBe('namespace: expected a non-empty string');
    expect(await configError('gitignore: sometimes\n')).toBe("gitignore: expected true or false, got 'sometimes'");
    expect(await configError('manifest: ["**/*.yaml"]\n')).toBe(
      "manifest: unknown key 'manifest', expected one of docs, manifests, haproxy, scripts, makefiles, ignore, gitignore, namespace, clusterDomain, maxFileSize, units, render, site, workers, scopes, rules",
    );
    expect(await configError('workers:\n  aliases:\n    sync: [chat-sync]\n')).toBe(
      `workers.aliases.sync: unknown worker kind 'sync', expected one of ${WORKER_KINDS.join(', ')}`,
    );
    expect(await configError('workers:\n  aliases:\n    synchrotron: chat-sync\n')).toBe("workers.aliases.synchrotron: expected a list, got 'chat-sync'");
    expect(await configError('workers:\n  alias: {}\n')).toBe("workers.alias: unknown key 'alias', expected one of aliases");
    expect(await configError('scopes:\n  planned: [someday]\n')).toBe("scopes.planned: unknown key 'planned', expected one of future, example, historical");
    expect(await configError('- docs\n')).toBe('(top level): expected a mapping, got a list');
  });

  it('reports every problem of a config on the one line', async () => {
    expect(await configError('namespace: 3\nrules:\n  nope: off\n')).toBe(
      "namespace: expected a string, got 3; rules.nope: unknown rule id 'nope', expected a rule id listed by 'docdrift rules'",
    );
  });

  it('exits 2 on YAML that does not parse, and on an explicit config that cannot be read', async () => {
    expect(await configError('rules: [unclosed\n', '.docdrift.yaml')).toMatch(/^Flow sequence in block collection must be sufficiently indented/);
    const missing = path.join(scratch, 'nope.yaml');
    expect(await runCli(['check', scratch, '--config', missing])).toEqual({ code: 2, stdout: '', stderr: `docdrift: cannot read config ${missing}: ENOENT\n` });
  });

  it('is looked up from the root upward: docdrift.config.yaml before .docdrift.yaml, the nearest folder first', async () => {
    const root = path.join(scratch, 'a', 'b');
    await mkdir(root, { recursive: true });
    expect(await loadConfig(root)).toEqual({ file: undefined, config: defaultConfig() });
    await writeFile(path.join(scratch, '.docdrift.yaml'), 'namespace: outer\n');
    expect(await loadConfig(root)).toEqual({ file: path.join(scratch, '.docdrift.yaml'), config: { ...defaultConfig(), namespace: 'outer' } });
    await writeFile(path.join(scratch, 'a', '.docdrift.yaml'), 'namespace: dot\n');
    expect((await loadConfig(root)).config.namespace).toBe('dot');
    await writeFile(path.join(scratch, 'a', 'docdrift.config.yaml'), 'namespace: middle\n');
    expect((await loadConfig(root)).config.namespace).toBe('middle');
    await writeFile(path.join(scratch, 'explicit.yaml'), 'namespace: explicit\n');
    expect((await loadConfig(root, path.join(scratch, 'explicit.yaml'))).config.namespace).toBe('explicit');
    // An empty file is the defaults.
    await writeFile(path.join(root, 'docdrift.config.yaml'), '');
    expect(await loadConfig(root)).toEqual({ file: path.join(root, 'docdrift.config.yaml'), config: defaultConfig() });
  });

  it('has sensible defaults', () => {
    expect(defaultConfig()).toEqual({
      docs: ['**/*.md', '**/*.markdown'],
      manifests: ['**/*.yaml', '**/*.yml'],
      haproxy: ['**/haproxy*.cfg', '**/*.haproxy.cfg'],
      scripts: ['**/*.sh'],
      makefiles: ['**/Makefile', '**/makefile', '**/GNUmakefile', '**/*.mk'],
      ignore: [],
      gitignore: true,
      namespace: 'default',
      clusterDomain: 'cluster.local',
      maxFileSize: 5 * 1024 * 1024,
      units: { names: {}, alternatives: [], docs: [] },
      render: { external: true },
      site: {},
      workers: { aliases: {} },
      scopes: { future: [], example: [], historical: [] },
      rules: {},
    });
  });

  it('turns rules off and changes their severity', async () => {
    await writeFile(path.join(scratch, 'service.yaml'), SERVICE);
    expect((await check({ root: scratch })).findings.map(({ ruleId, severity }) => `${ruleId} ${severity}`)).toEqual(['k8s/dangling-service error']);
    await writeFile(path.join(scratch, 'docdrift.config.yaml'), 'rules:\n  k8s/dangling-service: warning\n');
    expect((await check({ root: scratch })).findings.map(({ ruleId, severity }) => `${ruleId} ${severity}`)).toEqual(['k8s/dangling-service warning']);
    await writeFile(path.join(scratch, 'docdrift.config.yaml'), 'rules:\n  k8s/dangling-service: off\n');
    expect((await check({ root: scratch })).findings).toEqual([]);
  });

  it('passes extra worker aliases to the vocabulary', async () => {
    await writeFile(path.join(scratch, 'README.md'), '# Chat\n\nThe main process serves every request.\n');
    await writeFile(path.join(scratch, 'chat-sync.yaml'), CHAT_SYNC);
    const workerFindings = async () =>
      (await check({ root: scratch })).findings.filter((finding) => finding.file === 'chat-sync.yaml' && finding.ruleId.startsWith('docs/')).map((finding) => finding.ruleId);
    expect(await workerFindings()).toEqual([]);
    await writeFile(path.join(scratch, 'docdrift.config.yaml'), 'workers:\n  aliases:\n    synchrotron: [chat-sync]\n');
    expect(await workerFindings()).toEqual(['docs/undocumented-worker']);
  });

  it('passes extra scope words to the Markdown parser', async () => {
    await writeFile(path.join(scratch, 'synapse.yaml'), CHAT_SYNC.replace(/chat-sync/g, 'synapse-main'));
    await writeFile(path.join(scratch, 'README.md'), '# Matrix\n\n## Someday\n\nFederation sender workers will send federation traffic.\n');
    const docFindings = async () => (await check({ root: scratch })).findings.filter((finding) => finding.file === 'README.md').map((finding) => finding.ruleId);
    expect(await docFindings()).toEqual(['docs/undeployed-worker']);
    await writeFile(path.join(scratch, 'docdrift.config.yaml'), 'scopes:\n  future: [someday]\n');
    expect(await docFindings()).toEqual([]);
  });
});

describe('JSON Schema', () => {
  it(`is committed as ${CONFIG_SCHEMA_PATH}, equal to the one generated from the zod schema (npm run schema)`, async () => {
    const committed = await readFile(path.join(REPO, CONFIG_SCHEMA_PATH), 'utf8');
    expect(committed, 'schema/docdrift.config.schema.json is stale: run npm run schema').toBe(configJsonSchema());
  });

  it('accepts the configs docdrift accepts and rejects the ones it rejects', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(configJsonSchema()) as object);
    const repoConfig = parseYaml(await readFile(path.join(REPO, 'docdrift.config.yaml'), 'utf8')) as unknown;
    for (const good of [{}, repoConfig, { rules: { [RULE_IDS[0]]: 'off' } }, { workers: { aliases: { synchrotron: ['chat-sync'] } } }, { scopes: { future: ['someday'] } }]) {
      expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    }
    for (const bad of [{ rules: { nope: 'off' } }, { rules: { [RULE_IDS[0]]: 'loud' } }, { docs: 'README.md' }, { unknown: 1 }, { workers: { aliases: { sync: [] } } }, { maxFileSize: 0 }]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('lists every rule id and worker kind, for editor completion', () => {
    const schema = JSON.parse(configJsonSchema()) as { properties: Record<string, { propertyNames?: { enum: string[] }; properties?: Record<string, { propertyNames?: { enum: string[] } }> }> };
    expect(schema.properties['rules']!.propertyNames!.enum).toEqual(RULE_IDS);
    expect(schema.properties['workers']!.properties!['aliases']!.propertyNames!.enum).toEqual(WORKER_KINDS);
  });
});


const CHAT_SYNC = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: chat-sync
  namespace: demo
spec:
  serviceName: chat-sync
  replicas: 2
  selector:
    matchLabels:
      app: chat-sync
  template:
    metadata:
      labels:
        app: chat-sync
    spec:
      containers:
        - name: synapse
          image: ghcr.io/element-hq/synapse:v1.120.0
`;
