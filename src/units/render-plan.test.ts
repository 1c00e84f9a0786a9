import { describe, expect, it } from 'vitest';
import { parseKustomization } from '../parse/kustomization.ts';
import { helmCommandsIn, planRenders, type RenderTools } from './render-plan.ts';

const TOOLS: RenderTools = { kustomize: { command: ['kustomize', 'build'], version: 'kustomize v5.4.2' }, helm: { command: ['helm', 'template'], version: 'helm v3.15.2' } };

/** Every file and the folders above it, as discovery lists them. */
function pathsOf(files: Record<string, string>): Set<string> {
  const paths = new Set<string>();
  for (const file of Object.keys(files)) {
    const parts = file.split('/');
    for (let index = 1; index <= parts.length; index++) paths.add(parts.slice(0, index).join('/'));
  }
  return paths;
}

function plan(files: Record<string, string>, docs: Record<string, string> = {}, tools: RenderTools = TOOLS) {
  const kustomizations = Object.entries(files)
    .filter(([file]) => file.endsWith('kustomization.yaml'))
    .map(([file, text]) => parseKustomization(file, text));
  const helmCommands = helmCommandsIn(Object.entries(docs).map(([path, text]) => ({ path, text })));
  return planRenders({ paths: pathsOf({ ...files, ...docs }), text: (path) => files[path], kustomizations, helmCommands }, tools);
}

describe('planRenders', () => {
  it('renders kustomizations with what they read, but not Components nor ones that would fetch or read outside the root', () => {
    const { jobs } = plan({
      'base/kustomization.yaml': 'resources:\n  - web.yaml\n',
      'base/web.yaml': 'kind: Deployment\n',
      'prod/kustomization.yaml': 'resources:\n  - ../base\ncomponents:\n  - ../cache\npatches:\n  - path: ../shared/patch.yaml\n',
      'cache/kustomization.yaml': 'kind: Component\n',
      'shared/patch.yaml': 'kind: Deployment\n',
      'shared/unrelated.yaml': 'kind: Service\n',
      'remote/kustomization.yaml': 'resources:\n  - github.com/org/repo//deploy?ref=v1\n',
      'outside/kustomization.yaml': 'resources:\n  - ../../elsewhere/base\n',
      'inflate/kustomization.yaml': 'helmCharts:\n  - name: redis\n    repo: https://charts.bitnami.com/bitnami\n',
    });
    expect(jobs.map((job) => `${job.argv.join(' ')} [${job.inputs.join(', ')}]`)).toEqual([
      'kustomize build base [base/kustomization.yaml, base/web.yaml]',
      'kustomize build prod [base/kustomization.yaml, base/web.yaml, cache/kustomization.yaml, prod/kustomization.yaml, shared/patch.yaml]',
    ]);
  });

  it('renders the outermost chart with the release, namespace and values files of the docs that install it', () => {
    const { jobs, skipped } = plan(
      {
        'deploy/chart/Chart.yaml': 'apiVersion: v2\nname: shop\n',
        'deploy/chart/templates/web.yaml': 'kind: Deployment\n',
        'deploy/chart/charts/redis/Chart.yaml': 'name: redis\n',
        'deploy/values/prod.yaml': 'replicas: 3\n',
        'other/Chart.yaml': 'apiVersion: v2\nname: other\n',
      },
      // Read from the doc's folder upward: ../chart from deploy/docs; a values file the reader writes is not passed.
      { 'deploy/docs/install.md': '```sh\n$ helm install web ../chart --namespace prod \\\n    -f ../values/prod.yaml -f my-overrides.yaml --set replicas=3,hosts={a,b} --set-string tag=1.10 --set image=$IMAGE\n```\n' },
    );
    expect(jobs.map((job) => job.argv.join(' '))).toEqual([
      'helm template web ./deploy/chart -n prod -f deploy/values/prod.yaml --set replicas=3 --set hosts={a,b} --set-string tag=1.10',
      'helm template other ./other',
    ]);
    expect(jobs[0]!.inputs).toContain('deploy/values/prod.yaml');
    expect(jobs[0]!.inputs).toContain('deploy/chart/charts/redis/Chart.yaml');
    expect(skipped).toEqual([]);
  });

  it('does not render a chart with dependencies that are not vendored', () => {
    const chart = 'apiVersion: v2\nname: app\ndependencies:\n  - name: redis\n    repository: oci://registry-1.docker.io/bitnamicharts\n  - name: common\n    repository: file://../common\n';
    expect(plan({ 'app/Chart.yaml': chart }).skipped.map((outcome) => `${outcome.command}: ${outcome.status === 'rendered' ? '' : outcome.reason}`)).toEqual([
      'helm template app ./app: its dependencies redis are not vendored in charts/, and docdrift does not fetch them',
    ]);
    expect(plan({ 'app/Chart.yaml': chart, 'app/charts/redis-19.6.4.tgz': '' }).jobs).toHaveLength(1);
  });

  it('plans nothing for a tool that is not there', () => {
    expect(plan({ 'Chart.yaml': 'name: app\n', 'k/kustomization.yaml': 'resources: []\n' }, {}, { kustomize: undefined, helm: undefined })).toEqual({ jobs: [], skipped: [] });
  });
});
