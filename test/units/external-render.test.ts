/**
 * External renderers (helm template, kustomize build, kubectl kustomize), run as stub executables:
 * small shell scripts on a PATH of their own, passed to the check as its renderers' environment
 * (process.env is left alone). The last block runs the real tools when they are installed.
 */
import { chmod, cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { findRenderTools, helmTool, kustomizeTool, NO_EXTERNAL_RENDER, runProcess } from '../../src/units/external-render.ts';
import { FIXTURES } from '../rule-tester.ts';

const ROOT = path.join(FIXTURES, 'units', 'external');
const at = (source: { file: string; line: number }) => `${source.file}:${source.line}`;

/** A folder of stub executables (POSIX sh, builtins and absolute paths only: PATH holds nothing else) and the file they count their renders in. */
async function stubs(scripts: Record<string, string>): Promise<{ env: NodeJS.ProcessEnv; renders: () => Promise<string[]> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'docdrift-stubs-'));
  const counter = path.join(folder, 'renders.log');
  for (const [name, body] of Object.entries(scripts)) {
    const file = path.join(folder, name);
    await writeFile(file, `#!/bin/sh\nCOUNTER='${counter}'\n${body}`);
    await chmod(file, 0o755);
  }
  const env: NodeJS.ProcessEnv = { PATH: folder, HOME: folder };
  // Renders run side by side: the log's order is theirs, not the check's.
  const renders = async () => (await readFile(counter, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '').sort();
  return { env, renders };
}

/** `helm template` printing what helm would for the fixture chart, its arguments in an annotation. */
const HELM = `case "$1" in
  version) echo "v3.15.2+g1a500d5"; exit 0 ;;
  template) echo "helm $*" >> "$COUNTER" ;;
  *) exit 2 ;;
esac
/bin/cat <<EOF
---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: shop-web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: shop-worker
spec:
  selector:
    app: worker
  ports:
    - port: 9000
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-web
  labels:
    app: web
  annotations:
    docdrift.test/args: "$*"
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: shop:2.0
          ports:
            - containerPort: 8080
EOF
`;

/** `kustomize build` printing what kustomize would for the fixture's base or overlay, its arguments in an annotation. */
const KUSTOMIZE = `case "$1" in
  version) echo "v5.4.2"; exit 0 ;;
  build) echo "kustomize $*" >> "$COUNTER" ;;
  *) exit 2 ;;
esac
case "$2" in
  */prod) NAMESPACE=prod; REPLICAS=2 ;;
  *) NAMESPACE=default; REPLICAS=1 ;;
esac
/bin/cat <<EOF
apiVersion: v1
data:
  api.conf: |
    listen 8080
    workers 4
kind: ConfigMap
metadata:
  name: api-config
  namespace: $NAMESPACE
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: $NAMESPACE
spec:
  ports:
  - port: 80
  selector:
    app: api
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    docdrift.test/args: "$*"
  name: api
  namespace: $NAMESPACE
spec:
  replicas: $REPLICAS
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - image: api:1.0
        name: api
EOF
`;

const FAILING = (tool: string, message: string) => `case "$1" in
  version) echo "v5.4.2"; exit 0 ;;
  *) echo "${tool} $*" >> "$COUNTER"; echo "${message}" >&2; echo "more detail" >&2; exit 1 ;;
esac
`;

const findingsIn = (result: Awaited<ReturnType<typeof check>>, prefix: string) =>
  result.findings.filter((finding) => finding.file.startsWith(prefix)).map((finding) => `${finding.severity} ${finding.ruleId} ${finding.file}:${finding.line}`);

describe('helm on PATH', () => {
  it('renders the chart with the release, namespace and values file a README installs, each object in its template', async () => {
    const { env, renders } = await stubs({ helm: HELM });
    const result = await check({ root: ROOT, render: { env } });
    expect(await renders()).toEqual(['helm template shop ./chart -n shop -f deploy/prod-values.yaml']);
    expect(result.model.units.find((unit) => unit.id === 'chart')).toMatchObject({ kind: 'chart', status: 'checked', objects: 3, files: ['chart/templates/deployment.yaml', 'chart/templates/service.yaml'] });
    const web = result.model.workloads.find((workload) => workload.name === 'shop-web')!;
    // -n shop: objects the chart leaves without a namespace are installed there.
    expect(web.namespace).toBe('shop');
    expect(web.annotations['docdrift.test/args']?.value).toBe('template shop ./chart -n shop -f deploy/prod-values.yaml');
    // A line written as it renders is found in the template; a templated one falls back to the document's kind line.
    expect(at(web.containers[0]!.ports[0]!.source)).toBe('chart/templates/deployment.yaml:21');
    expect(`${web.replicas?.value} @ ${at(web.replicas!.source)}`).toBe('3 @ chart/templates/deployment.yaml:2');
    // The second Service of service.yaml is at that file's second `kind: Service`.
    expect(result.model.services.filter((service) => service.unit === 'chart').map((service) => `${service.name} @ ${at(service.source)}`)).toEqual([
      'shop-web @ chart/templates/service.yaml:3',
      'shop-worker @ chart/templates/service.yaml:14',
    ]);
    // Rules read the chart: its worker Service selects no pod.
    expect(findingsIn(result, 'chart/')).toEqual(['error k8s/dangling-service chart/templates/service.yaml:14']);
  });

  it('places objects at line 1 of a template docdrift does not read', async () => {
    const { env } = await stubs({ helm: HELM });
    const config = path.join(await mkdtemp(path.join(tmpdir(), 'docdrift-config-')), 'docdrift.config.yaml');
    await writeFile(config, "manifests: ['app/**/*.yaml', 'chart/Chart.yaml', 'deploy/*.yaml']\n");
    const result = await check({ root: ROOT, configPath: config, render: { env } });
    expect(result.model.services.filter((service) => service.unit === 'chart').map((service) => `${service.name} @ ${at(service.source)}`)).toEqual([
      'shop-web @ chart/templates/service.yaml:1',
      'shop-worker @ chart/templates/service.yaml:1',
    ]);
  });

  it('gives one finding when helm fails, skips the chart and checks the rest', async () => {
    const { env, renders } = await stubs({ helm: FAILING('helm', 'Error: template: shop/templates/service.yaml:3: unexpected EOF') });
    const result = await check({ root: ROOT, render: { env } });
    expect(await renders()).toEqual(['helm template shop ./chart -n shop -f deploy/prod-values.yaml']);
    expect(findingsIn(result, 'chart/')).toEqual(['warning parse-error chart/Chart.yaml:1']);
    expect(result.findings.find((finding) => finding.file === 'chart/Chart.yaml')?.message).toBe(
      'Helm chart chart: `helm template shop ./chart -n shop -f deploy/prod-values.yaml` failed (exit 1: Error: template: shop/templates/service.yaml:3: unexpected EOF); its 2 template files are not checked.',
    );
    expect(result.model.units.map((unit) => `${unit.id} ${unit.status} ${unit.objects}`)).toEqual(['app/base checked 3', 'app/overlays/prod checked 3', 'chart skipped 0']);
  });

  it('gives one finding when helm prints something that is not YAML', async () => {
    const { env } = await stubs({ helm: `case "$1" in version) echo v3.15.2; exit 0 ;; esac\necho 'kind: [Service'\n` });
    const result = await check({ root: ROOT, render: { env } });
    expect(findingsIn(result, 'chart/')).toEqual(['warning parse-error chart/Chart.yaml:1']);
    expect(result.findings.find((finding) => finding.file === 'chart/Chart.yaml')?.message).toMatch(/^Helm chart chart: `helm template shop \.\/chart -n shop -f deploy\/prod-values\.yaml` failed \(the output is not YAML: .+\); its 2 template files are not checked\.$/);
  });

  it('does not render a chart whose dependencies are not vendored, since helm would fetch them', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'docdrift-chart-'));
    await cp(ROOT, root, { recursive: true });
    await writeFile(path.join(root, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 19.x\n    repository: https://charts.bitnami.com/bitnami\n');
    const { env, renders } = await stubs({ helm: HELM });
    const result = await check({ root, render: { env } });
    expect(await renders()).toEqual([]);
    expect(result.findings.filter((finding) => finding.file.startsWith('chart/')).map((finding) => `${finding.severity} ${finding.ruleId} ${finding.file}:${finding.line} ${finding.message}`)).toEqual([
      'info skipped-file chart/Chart.yaml:1 Helm chart chart is not rendered: its dependencies redis are not vendored in charts/, and docdrift does not fetch them; its 2 template files are not checked.',
    ]);
  });
});

describe('kustomize on PATH', () => {
  it('renders each kustomization once, placing each value where the in-process render has it; the cache avoids a second run', async () => {
    const { env, renders } = await stubs({ kustomize: KUSTOMIZE });
    const cache = await mkdtemp(path.join(tmpdir(), 'docdrift-render-cache-'));
    const first = await check({ root: ROOT, render: { env }, cache });
    expect(await renders()).toEqual(['kustomize build app/base', 'kustomize build app/overlays/prod']);
    const api = first.model.workloads.find((workload) => workload.unit === 'app/overlays/prod')!;
    expect(api.annotations['docdrift.test/args']?.value).toBe('build app/overlays/prod');
    expect(`${api.namespace}/${api.name} ${api.replicas?.value} @ ${at(api.replicas!.source)}`).toBe('prod/api 2 @ app/overlays/prod/kustomization.yaml:6');
    expect(at(api.containers[0]!.imageSource)).toBe('app/base/api.yaml:17');
    // A block scalar's lines start where the base writes them, not where they are in kustomize's output.
    const config = first.model.configObjects.find((object) => object.unit === 'app/overlays/prod')!;
    expect(config.data['api.conf']?.contentStart?.line).toBe(35);
    // What kustomize renders leaves nothing for the in-process renderer to say.
    expect(findingsIn(first, 'app/')).toEqual([]);

    const second = await check({ root: ROOT, render: { env }, cache });
    expect(await renders()).toHaveLength(2);
    expect(second.findings).toEqual(first.findings);
    expect(second.model.workloads).toEqual(first.model.workloads);
  });

  it('gives one finding per kustomization when kustomize fails, and renders it in-process instead', async () => {
    const { env } = await stubs({ kustomize: FAILING('kustomize', 'Error: accumulating resources: boom') });
    const result = await check({ root: ROOT, render: { env } });
    expect(findingsIn(result, 'app/')).toEqual(['warning parse-error app/base/kustomization.yaml:1', 'warning parse-error app/overlays/prod/kustomization.yaml:1']);
    expect(result.findings.find((finding) => finding.file === 'app/base/kustomization.yaml')?.message).toBe(
      "Kustomization app/base: `kustomize build app/base` failed (exit 1: Error: accumulating resources: boom); it is checked as docdrift's in-process renderer reads it instead.",
    );
    const api = result.model.workloads.find((workload) => workload.unit === 'app/overlays/prod')!;
    expect(`${api.namespace}/${api.name} ${api.replicas?.value} @ ${at(api.replicas!.source)}`).toBe('prod/api 2 @ app/overlays/prod/kustomization.yaml:6');
  });

  it('says nothing more when kustomize fails on a kustomization the in-process render finds broken (a cycle): one cause, one finding', async () => {
    const { env, renders } = await stubs({ kustomize: FAILING('kustomize', 'Error: accumulating resources: cycle') });
    const result = await check({ root: path.join(FIXTURES, 'units', 'broken'), render: { env } });
    // missing-base has a remote base: it is not rendered externally at all.
    expect(await renders()).toEqual(['kustomize build cycle/a', 'kustomize build cycle/b']);
    expect(findingsIn(result, 'cycle/')).toEqual(['error parse-error cycle/b/kustomization.yaml:4']);
  });

  it('does not use a kubectl whose kustomize is too old for components (1.20: no kustomizeVersion)', async () => {
    const { env, renders } = await stubs({
      kubectl: `case "$1" in
  version) echo '{"clientVersion":{"major":"1","minor":"20","gitVersion":"v1.20.15"}}'; exit 0 ;;
  *) echo "kubectl $*" >> "$COUNTER"; exit 1 ;;
esac
`,
    });
    const result = await check({ root: ROOT, render: { env } });
    expect(await renders()).toEqual([]);
    expect(findingsIn(result, 'app/')).toEqual([]);
  });

  it('is turned off by DOCDRIFT_NO_EXTERNAL_RENDER=1 and by config render.external: false', async () => {
    const { env, renders } = await stubs({ kustomize: KUSTOMIZE, helm: HELM });
    await check({ root: ROOT, render: { env: { ...env, [NO_EXTERNAL_RENDER]: '1' } } });
    const config = path.join(await mkdtemp(path.join(tmpdir(), 'docdrift-config-')), 'docdrift.config.yaml');
    await writeFile(config, 'render:\n  external: false\n');
    const result = await check({ root: ROOT, configPath: config, render: { env } });
    expect(await renders()).toEqual([]);
    expect(result.model.units.find((unit) => unit.id === 'chart')?.status).toBe('skipped');
  });
});

describe('running a renderer', () => {
  it('stops a process that writes more than the output bound, and says so', async () => {
    const result = await runProcess(['/bin/sh', '-c', 'while :; do echo xxxxxxxxxxxxxxxxxxxxxxxx; done'], { cwd: tmpdir(), env: {}, timeoutMs: 600_000, maxBytes: 10_000 });
    expect(result).toMatchObject({ exitCode: null, failure: 'more than 10000 bytes of output' });
  });

  it('says when the command is not found', async () => {
    const result = await runProcess(['docdrift-no-such-renderer'], { cwd: tmpdir(), env: { PATH: tmpdir() }, timeoutMs: 600_000, maxBytes: 10_000 });
    expect(result.failure).toBe('not found');
  });
});

describe('which renderers are used', () => {
  it('takes kustomize v4 and later, else kubectl 1.21 and later with its kustomizeVersion; helm v3 and later', () => {
    expect(kustomizeTool('v5.4.2', undefined)?.command).toEqual(['kustomize', 'build']);
    expect(kustomizeTool('{Version:kustomize/v4.5.7 GitCommit:56d82a8 BuildDate:2022-08-02T16:35:54Z GoOs:linux GoArch:amd64}', undefined)?.version).toBe('kustomize v4.5.7');
    expect(kustomizeTool('{Version:kustomize/v3.8.7 GitCommit:ad092cc}', undefined)).toBeUndefined();
    const kubectl = (minor: string, kustomize?: string) => JSON.stringify({ clientVersion: { major: '1', minor, gitVersion: `v1.${minor}` }, ...(kustomize ? { kustomizeVersion: kustomize } : {}) });
    expect(kustomizeTool(undefined, kubectl('20'))).toBeUndefined();
    expect(kustomizeTool(undefined, kubectl('32+', 'v5.5.0'))).toEqual({ command: ['kubectl', 'kustomize'], version: 'kubectl v1.32+ kustomize v5.5.0' });
    expect(kustomizeTool('{Version:kustomize/v3.8.7}', kubectl('21', 'v4.0.5'))?.command).toEqual(['kubectl', 'kustomize']);
    expect(helmTool('v3.15.2+g1a500d5')?.version).toBe('helm v3.15.2+g1a500d5');
    expect(helmTool('Client: v2.17.0+ga690bad')).toBeUndefined();
    expect(helmTool(undefined)).toBeUndefined();
  });
});

/**
 * The real tools, when installed. External renderers are optional (issue 13): without them a
 * check renders kustomizations in-process and skips charts, so these tests skip, even under CI=true.
 */
describe('real renderers', async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== NO_EXTERNAL_RENDER));
  const tools = await findRenderTools(runProcess, env, ROOT);

  it('renders the fixture kustomizations with the real kustomize', async (context) => {
    if (!tools.kustomize) {
      console.warn('install kustomize (v4+) or kubectl (1.21+) to run the real kustomize render test');
      context.skip();
    }
    const result = await check({ root: path.join(FIXTURES, 'units', 'kustomize'), render: { env } });
    // kustomize names a generated ConfigMap with a hash of its content, and the reference follows.
    const config = result.model.configObjects.find((object) => object.unit === 'k/overlays/prod')!;
    expect(config.name).toMatch(/^prod-app-config-[a-z0-9]{10}$/);
    expect(at(config.source)).toBe('k/overlays/prod/kustomization.yaml:16');
    const web = result.model.workloads.find((workload) => workload.namespace === 'prod' && workload.name === 'prod-web')!;
    expect(web.configRefs.map((ref) => ref.name)).toContain(config.name);
    expect(`${web.replicas?.value} @ ${at(web.replicas!.source)}`).toBe('4 @ k/overlays/prod/kustomization.yaml:14');
    expect(at(web.containers[0]!.imageSource)).toBe('k/overlays/prod/kustomization.yaml:10');
  });

  it('renders the fixture chart with the real helm', async (context) => {
    if (!tools.helm) {
      console.warn('install helm (v3+) to run the real helm template test');
      context.skip();
    }
    const result = await check({ root: ROOT, render: { env } });
    expect(result.model.services.filter((service) => service.unit === 'chart').map((service) => `${service.namespace}/${service.name} @ ${at(service.source)}`)).toEqual([
      'shop/shop-web @ chart/templates/service.yaml:3',
      'shop/shop-worker @ chart/templates/service.yaml:14',
    ]);
    expect(result.model.workloads.find((workload) => workload.name === 'shop-web')?.replicas?.value).toBe(3);
  });
});
