import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { checkSite, sitePages } from '../../src/site/prepare.ts';
import type { Workload } from '../../src/model/types.ts';
import { FIXTURES } from '../rule-tester.ts';

const at = (source: { file: string; line: number }) => `${source.file}:${source.line}`;

function describeWorkload(workload: Workload) {
  return {
    unit: workload.unit,
    id: `${workload.namespace}/${workload.name}`,
    replicas: workload.replicas ? `${workload.replicas.value} @ ${at(workload.replicas.source)}` : undefined,
    containers: workload.containers.map((container) => ({
      image: `${container.image} @ ${at(container.imageSource)}`,
      env: container.env.map((entry) => `${entry.name} @ ${at(entry.source)}`),
    })),
    configRefs: workload.configRefs.map((ref) => `${ref.kind}/${ref.namespace}/${ref.name}`),
  };
}

describe('kustomize units, rendered in-process', async () => {
  const result = await check({ root: path.join(FIXTURES, 'units', 'kustomize') });
  const unitsById = Object.fromEntries(result.model.units.map((unit) => [unit.id, unit]));
  const workloads = result.model.workloads.map(describeWorkload);

  it('makes one unit per kustomization, components applied inside the ones that use them', () => {
    expect(result.model.units.map((unit) => `${unit.id} ${unit.kind} ${unit.objects}`)).toEqual([
      'k/base kustomization 4',
      'k/overlays/prod kustomization 7',
      'k/overlays/staging kustomization 5',
    ]);
    expect(unitsById['k/overlays/prod']!.includes).toEqual(['k/base']);
    // Overlays of one base differ on purpose: they are neither duplicates nor alternatives.
    expect(unitsById['k/overlays/prod']!.alternatives).toEqual([]);
  });

  it('applies namespace, name prefix, images, replicas and patches, each value where it was written', () => {
    expect(workloads.find((workload) => workload.id === 'prod/prod-web')).toEqual({
      unit: 'k/overlays/prod',
      id: 'prod/prod-web',
      replicas: '4 @ k/overlays/prod/kustomization.yaml:14',
      containers: [
        {
          image: 'web:2.1 @ k/overlays/prod/kustomization.yaml:10',
          // DB_HOST deleted by the inline patch ($patch: delete); LOG_LEVEL added by it; CACHE_URL by the component's patch file.
          env: ['CACHE_URL @ k/components/cache/web-cache.yaml:11', 'LOG_LEVEL @ k/overlays/prod/kustomization.yaml:35'],
        },
      ],
      // The reference follows the generated ConfigMap's prefix.
      configRefs: ['ConfigMap/prod/prod-app-config'],
    });
    expect(workloads.find((workload) => workload.id === 'prod/prod-redis')?.unit).toBe('k/overlays/prod');
    expect(workloads.find((workload) => workload.id === 'default/web')).toMatchObject({ unit: 'k/base', replicas: '1 @ k/base/web.yaml:6' });
  });

  it('creates the ConfigMaps generators make, with their keys', () => {
    expect(result.model.configObjects.map((object) => `${object.unit} ${object.namespace}/${object.name} [${Object.keys(object.data).join(', ')}] @ ${at(object.source)}`)).toEqual([
      'k/overlays/prod prod/prod-app-config [app.conf] @ k/overlays/prod/kustomization.yaml:16',
      'k/overlays/staging staging/app-config [listen] @ k/overlays/staging/kustomization.yaml:7',
    ]);
  });

  it('reports no object twice and no reference as missing; says once per kustomization what it did not apply; finds the host a prefix broke', () => {
    expect(result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual([
      // namePrefix renames the Service to prod-redis, but not the host in the env value that names it: a real bug.
      'warning k8s/unresolved-host k/components/cache/web-cache.yaml:12',
      // transformers: labels.yaml is a kustomize plugin config, not a cluster object.
      'info skipped-file k/overlays/prod/kustomization.yaml:20',
      'info skipped-file k/overlays/staging/kustomization.yaml:11',
    ]);
  });
});

describe('units that cannot be rendered', async () => {
  const result = await check({ root: path.join(FIXTURES, 'units', 'broken') });

  it('gives one finding for each broken kustomization, skipped chart and remote base, and checks the rest', () => {
    expect(result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual([
      // One info for the whole chart, none for its templated or plain files, none for its unreadable values.yaml.
      'info skipped-file chart/Chart.yaml:1',
      // The cycle a → b → a, once, where it closes.
      'error parse-error cycle/b/kustomization.yaml:4',
      'error parse-error missing-base/kustomization.yaml:4',
      'info skipped-file missing-base/kustomization.yaml:5',
      // The plain folder beside them is still checked: its Service selects nothing (the chart
      // docdrift could not render is called chart: its pods would not be named web).
      'error k8s/dangling-service plain/web.yaml:4',
    ]);
    expect(result.model.units.map((unit) => `${unit.id} ${unit.kind} ${unit.status}`)).toEqual([
      'chart chart skipped',
      'cycle/a kustomization checked',
      'cycle/b kustomization checked',
      'missing-base kustomization checked',
      'plain folder checked',
    ]);
  });
});

describe('GitOps applications', async () => {
  const result = await check({ root: path.join(FIXTURES, 'units', 'gitops') });

  it('makes each folder an application points at one unit, and a recursive one spans its subfolders', () => {
    expect(result.model.units.map((unit) => `${unit.id} [${unit.files.join(', ')}] ${unit.appliedBy.map((entry) => `${entry.value} @ ${at(entry.source)}`).join(', ')}`)).toEqual([
      'apps [apps/jobs.yaml, apps/web-canary.yaml, apps/web.yaml] ',
      'clusters/prod [clusters/prod/platform.yaml] ',
      'jobs [jobs/config.yaml] Application jobs @ apps/jobs.yaml:10',
      'platform [platform/cache/svc.yaml, platform/db/svc.yaml] Kustomization platform @ clusters/prod/platform.yaml:8',
      'web [web/web.yaml] Application web @ apps/web.yaml:10',
      'web-canary [web-canary/web.yaml] Application web-canary @ apps/web-canary.yaml:10',
    ]);
  });

  it('holds the same Deployment in two applications without calling it a duplicate; a Service twice in one Flux path is one', () => {
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual(['k8s/duplicate-resource platform/db/svc.yaml:4']);
  });

  it("puts objects in the namespace they are applied into: Argo CD's destination for those that name none, Flux's targetNamespace for all", () => {
    expect(result.model.resources.filter((resource) => resource.unit === 'jobs' || resource.unit === 'platform').map((resource) => `${resource.kind} ${resource.namespace}/${resource.name}`)).toEqual([
      'ConfigMap batch/jobs-config',
      'Service data/shared-endpoint',
      'Service data/shared-endpoint',
    ]);
  });
});

describe('units in the config', () => {
  const root = path.join(FIXTURES, 'units', 'configured');

  it('names units, adds the alternatives it declares, and holds the docs to the units they describe', async () => {
    const result = await check({ root });
    expect(result.model.units.map((unit) => `${unit.id}${unit.name ? ` (${unit.name})` : ''}: ${unit.alternatives.join(', ')}`)).toEqual([
      'deploy: deploy/parts, staging',
      'deploy/parts (production): deploy, staging',
      'staging: deploy, deploy/parts',
    ]);
    // The README's 3 replicas are production's; staging's 1 replica is no docs drift, but a declared alternative that disagrees.
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual(['k8s/alternative-drift deploy/all-in-one.yaml:38']);
  });

  it('stops with a usage error when the docs are said to describe a unit that does not exist', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'docdrift-units-'));
    await cp(root, copy, { recursive: true });
    await writeFile(path.join(copy, 'docdrift.config.yaml'), 'units:\n  docs: [prod]\n');
    await expect(check({ root: copy })).rejects.toThrow('invalid config: units.docs: no deployment unit prod (units: deploy, deploy/parts, staging)');
  });
});

describe('bundles that a Makefile or script builds', async () => {
  const root = path.join(FIXTURES, 'units', 'bundle-by-make');
  const result = await check({ root });
  const finding = (entry: { severity: string; ruleId: string; file: string; line: number; related: { file: string; line: number }[] }) =>
    `${entry.severity} ${entry.ruleId} ${entry.file}:${entry.line} [${entry.related.map(at).join(', ')}]`;

  it('makes the built file an alternative of what it is built from, with the line that builds it', () => {
    expect(result.model.units.map((unit) => `${unit.id} ${unit.kind}: ${unit.alternatives.join(', ')}${unit.builtBy.map((entry) => ` | ${entry.command} ${entry.from.join(', ')} @ ${at(entry.source)}`).join('')}`)).toEqual([
      'app folder: app/all-in-one.yaml',
      // Beside its parts and holding only one of their objects, it is still a unit of its own: the script builds it.
      'app/all-in-one.yaml bundle: app | cat app @ scripts/bundle.sh:4',
      // Shares one object of four with deploy/parts/: only the Makefile says it is a packaging of it.
      'deploy folder: deploy/parts | cat deploy/parts @ Makefile:7',
      'deploy/parts folder: deploy',
      'k/prod kustomization: release',
      // `$(OUT)/web.yaml` cannot be evaluated: out/ is no alternative, just a folder that redefines web.
      'out folder: ',
      // Rendered from the kustomization, as the Makefile says.
      'release folder: k/prod | kustomize build k/prod @ Makefile:14',
    ]);
  });

  it('reports where the built bundles drifted, on the bundle, naming the build line; no duplicates', () => {
    expect(result.findings.map(finding)).toEqual([
      'warning k8s/alternative-drift app/all-in-one.yaml:17 [app/api.yaml:16, scripts/bundle.sh:4]',
      'warning k8s/alternative-drift deploy/all.yaml:8 [deploy/parts/web.yaml:7, deploy/parts/web.yaml:16, Makefile:7]',
      // Compared with the kustomization as rendered: its images transformer sets 1.2.0.
      'warning k8s/alternative-drift release/cart.yaml:17 [k/prod/kustomization.yaml:9, Makefile:14]',
    ]);
  });

  it('says on the site home page what each built unit is built from, and where', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'docdrift-built-site-'));
    const { ctx } = await checkSite({ root, dataDir });
    const pages = await sitePages(ctx);
    const home = pages.find((page) => page.id === 'index')!.body!.html;
    const sourceLabel = (file: string) => /<p[^>]*>([^·<]+) ·/.exec(pages.find((page) => page.id === ctx.routes.sourceHref(file)!.replace(/^\/|\/$/g, ''))?.body?.html ?? '')?.[1];
    expect([sourceLabel('Makefile'), sourceLabel('scripts/bundle.sh')]).toEqual(['Makefile', 'Shell script']);
    expect(home).toContain('built from <code>deploy/parts</code> by <code>Makefile:7</code>');
    expect(home).toContain('built from <code>app</code> by <code>scripts/bundle.sh:4</code>');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('without the Makefile and the script, the drifted bundles are a duplicate and an add-on', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'docdrift-built-'));
    await cp(root, copy, { recursive: true });
    await rm(path.join(copy, 'Makefile'));
    await rm(path.join(copy, 'scripts', 'bundle.sh'));
    const without = await check({ root: copy });
    await rm(copy, { recursive: true, force: true });
    expect(without.findings.map((entry) => `${entry.severity} ${entry.ruleId} ${entry.file}:${entry.line}`)).toEqual([
      'error k8s/duplicate-resource app/all-in-one.yaml:5',
      // Read as an add-on to deploy/parts/: an info, with no word of how it is made.
      'info k8s/alternative-drift deploy/all.yaml:8',
    ]);
  });
});

describe('a stale bundle beside the kustomization HAProxy runs from', async () => {
  const result = await check({ root: path.join(FIXTURES, 'units', 'stale-bundle-haproxy') });

  it("resolves HAProxy's servers in the unit that runs its config, and reports the bundle's stale Service once, on the bundle", () => {
    // Before: the bundle's Service (first by path) was taken for the server-template's target, a false
    // haproxy/template-clusterip on a config whose own Service is headless, and the drift itself went unsaid.
    expect(result.findings.map((entry) => `${entry.severity} ${entry.ruleId} ${at(entry)} [${entry.related.map(at).join(', ')}] ${entry.message}`)).toEqual([
      'warning k8s/alternative-drift deploy/bundle.yaml:31 [deploy/k8s/sync.yaml:4, Makefile:3] Service synapse-sync differs from its copy in deploy/k8s/sync.yaml:4: a cluster IP here, clusterIP: None there; deploy/bundle.yaml is built from it by Makefile:3',
    ]);
  });
});

describe('Synapse configs in kustomize units', async () => {
  const result = await check({ root: path.join(FIXTURES, 'units', 'synapse-kustomize') });

  it('ties each config to the ConfigMap as each unit renders it, generated ones included, positions in the files they are written in', () => {
    expect(
      result.model.synapse.map((config) => (config.origin.type === 'configmap' ? `${config.unit} ${config.origin.namespace}/${config.origin.configMap} ${config.origin.key} @ ${at(config.source)}` : config.origin.type)),
    ).toEqual([
      'k/base matrix/synapse-instances instance-map.yaml @ k/base/instance-map.yaml:1',
      'k/base matrix/synapse-config homeserver.yaml @ k/base/synapse-config.yaml:6',
      // The base's ConfigMap as the overlay renders it: renamed, in the overlay's namespace, read where the base writes it.
      'k/overlays/prod matrix-prod/prod-synapse-config homeserver.yaml @ k/base/synapse-config.yaml:6',
      'k/overlays/staging matrix/staging-synapse-config homeserver.yaml @ k/base/synapse-config.yaml:6',
      'k/base matrix/writer-config writer1.yaml @ k/base/writer1.yaml:1',
      'k/overlays/staging matrix/staging-writer-config writer1.yaml @ k/base/writer1.yaml:1',
      'k/overlays/prod matrix-prod/prod-synapse-instances instance-map.yaml @ k/overlays/prod/instance-map.yaml:1',
      'k/overlays/prod matrix-prod/prod-writer-config writer1.yaml @ k/overlays/prod/writer1.yaml:1',
      'k/overlays/staging matrix/staging-synapse-instances instance-map.yaml @ k/overlays/staging/instance-map.yaml:1',
    ]);
  });

  // Before configs followed the units: a false "refuses to start" (the generated instance_map unread), every generated
  // ConfigMap (instance-map.yaml, writer1.yaml, start.sh) called a stale copy of its own file, and the prod port never compared.
  // Staging runs the same worker name as the base in the same namespace: its instance_map is read against its own pod.
  it('finds the overlay\'s wrong replication port through the renamed ConfigMaps; no false "refuses to start", no generated ConfigMap called stale', () => {
    expect(result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.file}:${finding.line} [${finding.related.map(at).join(', ')}]`)).toEqual([
      'error synapse/instance-map k/overlays/prod/instance-map.yaml:4 [k/overlays/prod/writer1.yaml:5]',
    ]);
  });
});

describe('the unit of each finding', () => {
  it('names the units that apply the file: its objects, its kustomization, the patches beside it', async () => {
    const findings = async (name: string) => (await check({ root: path.join(FIXTURES, 'units', name) })).findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line} ${finding.units?.join(',') ?? '-'}`);
    expect(await findings('broken')).toEqual([
      'skipped-file chart/Chart.yaml:1 chart',
      'parse-error cycle/b/kustomization.yaml:4 cycle/b',
      'parse-error missing-base/kustomization.yaml:4 missing-base',
      'skipped-file missing-base/kustomization.yaml:5 missing-base',
      'k8s/dangling-service plain/web.yaml:4 plain',
    ]);
    expect(await findings('synapse-kustomize')).toEqual(['synapse/instance-map k/overlays/prod/instance-map.yaml:4 k/overlays/prod']);
  });
});
