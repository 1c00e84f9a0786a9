import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import type { DeploymentUnit } from '../../src/model/types.ts';
import { mainUnits } from '../../src/units/view.ts';
import { fileStart } from '../../src/parse/yaml-positions.ts';

const ONLINE_BOUTIQUE = 'test/fixtures/real-world/online-boutique';

function unit(id: string, kind: DeploymentUnit['kind'], alternatives: string[] = [], status: DeploymentUnit['status'] = 'checked'): DeploymentUnit {
  return { id, kind, path: id, source: fileStart(id), status, files: [], objects: 1, includes: [], alternatives, overlays: [], appliedBy: [], builtBy: [] };
}

describe('the main units of a repository', () => {
  it('keeps one packaging of each app: outside tests, nearest the root, a folder before its bundle', () => {
    const units = [
      unit('release/all.yaml', 'bundle', ['app']),
      unit('app', 'folder', ['release/all.yaml', 'tests/app']),
      unit('tests/app', 'kustomization', ['app']),
      unit('addons/metrics', 'folder'),
      unit('components/tls', 'component'),
      unit('chart', 'chart', [], 'skipped'),
    ];
    expect(mainUnits(units)).toEqual(['addons/metrics', 'app']);
  });

  it('prefers a bundle to a test packaging, and keeps a test packaging that is the only one', () => {
    expect(mainUnits([unit('tests/app', 'kustomization')])).toEqual(['tests/app']);
    expect(mainUnits([unit('tests/app', 'kustomization', ['release/all.yaml']), unit('release/all.yaml', 'bundle', ['tests/app'])])).toEqual(['release/all.yaml']);
  });

  it('leaves kustomize bases to the overlays that render them, and shows one environment of a base, production first', () => {
    const kustomization = (id: string, includes: string[]) => ({ ...unit(id, 'kustomization'), includes });
    expect(
      mainUnits([
        kustomization('base', []),
        kustomization('overlays/dev', ['base']),
        kustomization('overlays/prod', ['base']),
        kustomization('overlays/staging', ['base']),
        // Two apps with overlays of their own: both are part of the deployment.
        kustomization('apps/web/base', []),
        kustomization('apps/web/overlays/prod', ['apps/web/base']),
        kustomization('apps/api/base', []),
        kustomization('apps/api/overlays/prod', ['apps/api/base']),
      ]),
    ).toEqual(['apps/api/overlays/prod', 'apps/web/overlays/prod', 'overlays/prod']);
  });

  it('chooses on online-boutique the plain manifests and the Istio add-on, not the components no kustomization uses', async () => {
    const result = await check({ root: ONLINE_BOUTIQUE });
    expect(mainUnits(result.model.units)).toEqual([
      'istio-manifests',
      'kubernetes-manifests',
    ]);
  });
});
