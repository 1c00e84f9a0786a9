import type { ModelLookup } from '../model/lookup.ts';
import { normalizeWorkerName } from '../model/vocabulary.ts';
import type { ReviewIssue } from './review.ts';

/**
 * The cause behind an issue, where the findings show one: a specialised architecture that was never
 * deployed, one port assumed everywhere, one file repeating another. Undefined when nothing can be inferred.
 */
export function rootCause(issue: ReviewIssue, lookup: ModelLookup): string | undefined {
  const deployed = [...new Set(lookup.model.workloads.map((workload) => lookup.workerKind(workload)).filter((kind) => kind !== undefined))];
  const deployedText = deployed.map((kind) => lookup.vocabulary.label(kind)).join(', ');
  switch (issue.rule.id) {
    case 'haproxy/unknown-service': {
      const kinds = new Set<string>();
      for (const finding of issue.findings) {
        const service = /Service [^/\s]+\/([^\s,]+)/.exec(finding.message)?.[1];
        const kind = service ? lookup.vocabulary.kindOf(normalizeWorkerName(service)) : undefined;
        if (kind && !deployed.includes(kind)) kinds.add(kind);
      }
      if (kinds.size < 2) return undefined;
      return `the HAProxy configuration was written for a specialised worker architecture (${[...kinds].map((kind) => lookup.vocabulary.label(kind)).join(', ')}) that this deployment does not run; it runs ${deployedText}.`;
    }
    case 'haproxy/port-mismatch': {
      const ports = new Set(issue.findings.map((finding) => /expects port (\d+)/.exec(finding.message)?.[1]));
      return ports.size === 1 && !ports.has(undefined)
        ? `every affected server assumes port ${[...ports][0]} (the main process's HTTP port), while each worker type listens on its own port.`
        : undefined;
    }
    case 'k8s/duplicate-resource': {
      const files = new Set(issue.findings.map((finding) => finding.file));
      return files.size === 1 ? `${[...files][0]} repeats objects that other manifests already define.` : undefined;
    }
    case 'docs/undeployed-worker':
    case 'docs/diagram-inconsistency':
      return `the docs describe a larger architecture than the one deployed (${deployedText}).`;
    case 'docs/missing-creation-step':
      return 'the object is created from a file outside the manifests, and the guide never shows that step.';
    default:
      return undefined;
  }
}
