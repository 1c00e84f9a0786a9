import { claimsOf } from '../../model/claims.ts';
import { defineRule } from '../define-rule.ts';
import { appliedPath } from './creation-steps.ts';

/** Links, file paths and `kubectl apply -f` targets in docs must exist, headings included. */
export default defineRule({
  id: 'docs/missing-file',
  severity: 'error',
  impact: 'low',
  title: 'Docs reference files, links or headings that do not exist',
  consequence:
    'Readers follow a link, open a path or run `kubectl apply -f` on a file that is not there: the step fails, and the guide stops being trusted.',
  docs: [
    'References in the docs are checked against the files and folders under the root (ignored and gitignored ones included: they exist): relative Markdown links and their `#anchor` (GitHub heading slugs), file paths written in inline code (`deployment/config/haproxy.cfg`), and the files and folders of documented `kubectl apply -f` steps. A renamed file or heading is the usual cause.',
    'What counts: a link target that does not exist; a `#heading` its target file does not have; an inline-code path whose folder is in the repository but whose file is not; an applied path that does not exist.',
    'What does not: external URLs; inline-code paths whose folder is not in the repository, which may name paths on a server or in a container (`/data/homeserver.yaml`); references in example or historical sections, and inline paths in future sections, which may name files still to be written.',
  ].join('\n\n'),
  description: 'A referenced repository file, link target or heading anchor does not exist.',
  fix: 'Point the reference at the file (and heading) as it is named now, or restore the file.',
  check({ inputs, report }) {
    const slugs = new Map(inputs.docs.map((doc) => [doc.file, new Set(doc.headings.map((heading) => heading.slug))]));
    for (const reference of claimsOf(inputs.claims, 'file')) {
      // History and examples may name files that are gone; inline paths are held to the present only.
      if (reference.scope === 'example' || reference.scope === 'historical') continue;
      if (reference.kind === 'inline-code' && reference.scope !== 'current') continue;
      const found = reference.candidates.find((candidate) => candidate === '' || inputs.paths.has(candidate));
      // An inline-code path counts as a repository path only when its folder exists here (else it may name a path elsewhere).
      const local = reference.kind === 'link' || reference.candidates.some((candidate) => inputs.paths.has(parentOf(candidate)));
      if (found === undefined && local) {
        report({ at: reference.source, message: `Docs reference ${reference.text}, which does not exist (looked for ${reference.candidates.join(', ')})` });
        continue;
      }
      if (found === undefined) continue;
      const headings = slugs.get(found);
      if (reference.anchor && headings && !headings.has(reference.anchor.toLowerCase())) {
        report({ at: reference.source, message: `Docs link to #${reference.anchor} in ${found}, which has no such heading` });
      }
    }
    for (const step of claimsOf(inputs.claims, 'applies')) {
      if (step.scope !== 'current' || appliedPath(step, inputs.paths) !== undefined) continue;
      report({ at: step.source, message: `Docs apply ${step.text}, which does not exist (looked for ${step.candidates.join(', ')})` });
    }
  },
});

function parentOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}
