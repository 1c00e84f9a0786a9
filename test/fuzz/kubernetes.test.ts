/**
 * Property tests of the Kubernetes parser and the embedded Synapse config reader: on
 * manifests built from real object shapes (workloads, Services, Ingresses, ConfigMaps with
 * Synapse YAML and heredoc scripts), then damaged (re-indented lines, tabs, stray separators,
 * anchors and aliases, truncation, junk), they never throw, never fall back to their
 * internal-error path, and every position is inside the file.
 */
import { describe, expect, it } from 'vitest';
import { parseKubernetes } from '../../src/parse/kubernetes.ts';
import { extractSynapseConfigs } from '../../src/parse/synapse.ts';
import { kubernetesManifest, plainKubernetesManifest } from './arbitraries.ts';
import { collectSources, expectPositionsInside } from './positions.ts';
import { fc, runs, timeout } from './setup.ts';

const FILE = 'manifests/06-synapse-workers.yaml';

function parse(text: string) {
  const k8s = parseKubernetes(FILE, text, { defaultNamespace: 'matrix' });
  const synapse = extractSynapseConfigs(k8s);
  return { k8s, synapse };
}

describe('Kubernetes fuzz', () => {
  it(
    'parses any manifest without throwing, every position inside the file',
    () => {
      fc.assert(
        fc.property(kubernetesManifest, (text) => {
          const { k8s, synapse } = parse(text);
          expectPositionsInside(k8s, text, FILE, 'lf');
          expectPositionsInside(synapse, text, FILE, 'lf');
          for (const problem of [...k8s.problems, ...synapse.problems]) expect(problem.message).not.toBe('');
        }),
        { numRuns: runs(250) },
      );
    },
    timeout(250, 60_000),
  );

  it(
    'gives the same positions with CRLF line endings or a BOM as with plain LF',
    () => {
      fc.assert(
        fc.property(plainKubernetesManifest, fc.constantFrom('crlf', 'bom', 'both'), (plain, variant) => {
          let text = variant === 'bom' ? plain : plain.replace(/\n/g, '\r\n');
          if (variant !== 'crlf') text = `\ufeff${text}`;
          const expected = parse(plain);
          const actual = parse(text);
          expect(collectSources(actual)).toEqual(collectSources(expected));
        }),
        { numRuns: runs(100) },
      );
    },
    timeout(100, 60_000),
  );
});
