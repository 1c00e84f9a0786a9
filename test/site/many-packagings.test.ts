import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentOrder } from '../../src/site/guide.ts';
import { checkSite, planPages } from '../../src/site/prepare.ts';

/** A real repository that packages one app many ways (see test/real-world/online-boutique.test.ts). */
const ONLINE_BOUTIQUE = 'test/fixtures/real-world/online-boutique';

describe('the site of a repository of many packagings', async () => {
  const checked = await checkSite({ root: ONLINE_BOUTIQUE, dataDir: await mkdtemp(path.join(tmpdir(), 'docdrift-view-')) });

  it('applies a kustomization whole in the deployment guide, and plain manifests file by file', () => {
    expect(deploymentOrder(checked.ctx).map((step) => `${step.command} (${step.source}, ${step.objects.length} objects)`)).toEqual([
      'kubectl apply -k kubernetes-manifests (kubernetes-manifests/kustomization.yaml, 33 objects)',
      'kubectl apply -f istio-manifests/allow-egress-googleapis.yaml (istio-manifests/allow-egress-googleapis.yaml, 2 objects)',
      'kubectl apply -f istio-manifests/frontend-gateway.yaml (istio-manifests/frontend-gateway.yaml, 2 objects)',
      'kubectl apply -f istio-manifests/frontend.yaml (istio-manifests/frontend.yaml, 1 objects)',
    ]);
  });

  it('has no Synapse expansion path for a deployment that runs no Synapse', () => {
    const ids = planPages(checked.ctx).map(({ page }) => page.id);
    expect(ids).toContain('guide');
    expect(ids).not.toContain('expansion');
    expect(JSON.stringify(checked.config.sidebar)).not.toContain('/expansion/');
  });

  it('has one page per workload of the deployment it describes, not one per packaging', () => {
    const workers = planPages(checked.ctx)
      .map(({ page }) => page.id)
      .filter((id) => id.startsWith('workers/'))
      .sort();
    expect(workers).toEqual([
      'workers/adservice',
      'workers/cartservice',
      'workers/checkoutservice',
      'workers/currencyservice',
      'workers/emailservice',
      'workers/frontend',
      'workers/paymentservice',
      'workers/productcatalogservice',
      'workers/recommendationservice',
      'workers/redis-cart',
      'workers/shippingservice',
    ]);
  });
});
