/**
 * Synapse configs as the units deploy them. Each file's configs are read once, at parse time, under
 * the names written there; a unit may rename their ConfigMap or workload (namePrefix, namespace),
 * copy them into several overlays, or generate the ConfigMap from a plain `homeserver.yaml`
 * (configMapGenerator `files`). Here every ConfigMap and workload of a checked unit takes the
 * configs read from its text, under its rendered name, namespace and unit; positions stay in the
 * files they are written in. A config no checked unit deploys (a chart's, a file no kustomization
 * lists, a homeserver.yaml no generator reads) is not in the model.
 */
import type { KubernetesFile } from '../parse/kubernetes.ts';
import type { SynapseConfig, SynapseFileConfig, Source } from '../model/types.ts';
import { compareText } from '../engine/finding.ts';

const at = (source: Source) => `${source.file}:${source.line}:${source.column}`;

export function synapseOfUnits(parsed: readonly (SynapseConfig | SynapseFileConfig)[], unitFiles: readonly KubernetesFile[]): SynapseConfig[] {
  const byText = new Map<string, (SynapseConfig | SynapseFileConfig)[]>();
  for (const config of parsed) byText.set(at(config.textSource), [...(byText.get(at(config.textSource)) ?? []), config]);
  const out: SynapseConfig[] = [];
  for (const file of unitFiles) {
    for (const object of file.configObjects) {
      if (object.kind !== 'ConfigMap') continue;
      for (const [key, text] of Object.entries(object.data)) {
        for (const config of byText.get(at(text.source)) ?? []) {
          if (config.origin.type === 'heredoc') continue;
          out.push({ ...config, origin: { type: 'configmap', configMap: object.name, namespace: object.namespace, key }, unit: object.unit });
        }
      }
    }
    for (const workload of file.workloads) {
      for (const container of workload.containers) {
        for (const [index, entry] of [...container.command, ...container.args].entries()) {
          for (const config of byText.get(at(entry.source)) ?? []) {
            if (config.origin.type !== 'heredoc') continue;
            const script = { ...config.origin.script, index };
            out.push({ ...config, origin: { ...config.origin, workload: workload.name, namespace: workload.namespace, container: container.name, script }, unit: workload.unit });
          }
        }
      }
    }
  }
  // In the order the configs are written, then by unit: the order the files were read in before units existed.
  return out.sort((a, b) => compareText(a.textSource.file, b.textSource.file) || a.textSource.line - b.textSource.line || a.source.line - b.source.line || compareText(a.unit ?? '', b.unit ?? ''));
}
