import { claimsOf } from '../../model/claims.ts';
import type { DocSummary } from '../../engine/parse-file.ts';
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
    'What counts: a link target that does not exist; a `#heading` its target file does not have; an inline-code path whose folder is in the repository but whose file is not; an applied path that does not exist; a file named in a manifest\'s comment (`# see 05-workers.yaml`), read from the manifest\'s folder upward, that does not exist.',
    'Links starting with `/` are read from the root of the git repository the checked folder is in, as GitHub reads them (from the checked folder when it is in no repository). Anchors are GitHub heading slugs (lower case, punctuation but `-` and `_` dropped, spaces turned into `-`, `-1`, `-2` for repeated headings) and the `<a name>` and `id` anchors written in HTML.',
    'What does not: names in manifest comments that record history or origin ("formerly", "renamed", "generated from"), absolute paths, and names in folders that are not in the repository; files an earlier step of the same doc has the reader make (`> x.yaml`, `| tee x.yaml`, `cp`, `curl -O`, `wget`, `helm pull`, `git clone`, `tar -x`, "Save as `conf/gw.toml`:" before a fenced block), while "Edit `x`" still needs x; placeholders (`backup-YYYYMMDD.yaml`, `<your-file>`, `${X}`, `my-values.yaml`); remote targets (`https://…`, `host.tld/org/repo//dir?ref=v1`); links that lead out of the checked folder (docs/unverifiable-link says so, as an info); external URLs; inline-code paths whose folder is not in the repository, which may name paths on a server or in a container (`/data/homeserver.yaml`); references in example or historical sections, and inline paths in future sections, which may name files still to be written.',
  ].join('\n\n'),
  description: 'A referenced repository file, link target or heading anchor does not exist.',
  fix: 'Point the reference at the file (and heading) as it is named now, or restore the file.',
  check({ model, inputs, report }) {
    const anchors = anchorsByDoc(inputs.docs);
    // A bare name in a manifest comment that is a ConfigMap or Secret key names that key ("homeserver.yaml").
    const keys = new Set(model.configObjects.flatMap((object) => Object.keys(object.data)));
    for (const reference of claimsOf(inputs.claims, 'file')) {
      // History and examples may name files that are gone; inline paths are held to the present only.
      if (reference.scope === 'example' || reference.scope === 'historical') continue;
      if (reference.kind !== 'link' && reference.scope !== 'current') continue;
      if (reference.kind === 'comment' && !reference.text.includes('/') && keys.has(reference.text)) continue;
      const found = reference.candidates.find((candidate) => candidate === '' || inputs.paths.has(candidate));
      // An inline-code path counts as a repository path only when its folder exists here (else it may name a path elsewhere).
      const local = reference.kind === 'link' || reference.candidates.some((candidate) => inputs.paths.has(parentOf(candidate)));
      // A link out of the checked folder is docs/unverifiable-link's.
      if (found === undefined && local && !reference.outside) {
        const who = reference.kind === 'comment' ? `A comment in ${reference.source.file} names` : reference.kind === 'source' ? `${procedure(reference.source.file)} read${reference.source.file.endsWith('.sh') ? 's' : ''}` : 'Docs reference';
        report({ at: reference.source, message: `${who} ${reference.text}, which does not exist (looked for ${reference.candidates.join(', ')})` });
        continue;
      }
      if (found === undefined) continue;
      const targets = anchors.get(found);
      if (reference.anchor && targets && !hasAnchor(targets, reference.anchor)) {
        report({ at: reference.source, message: `Docs link to #${reference.anchor} in ${found}, which has no such heading` });
      }
    }
    for (const step of claimsOf(inputs.claims, 'applies')) {
      if (step.scope !== 'current' || appliedPath(step, inputs.paths) !== undefined) continue;
      report({ at: step.source, message: `${procedure(step.source.file)} ${step.source.file.endsWith('.sh') ? 'applies' : 'apply'} ${step.text}, which does not exist (looked for ${step.candidates.join(', ')})` });
    }
  },
});

/** Per doc, the anchors a link may target: heading slugs and anchors written in HTML. */
function anchorsByDoc(docs: readonly DocSummary[]): Map<string, Set<string>> {
  return new Map(docs.map((doc) => [doc.file, new Set([...doc.headings.map((heading) => heading.slug), ...doc.anchors])]));
}

/** GitHub finds `#Name` and `#na%20me` as it finds `#name`: slugs are lower case, and the hash is decoded. */
function hasAnchor(targets: ReadonlySet<string>, anchor: string): boolean {
  let decoded = anchor;
  try {
    decoded = decodeURIComponent(anchor);
  } catch {
    // A stray % is read as written.
  }
  return [anchor, decoded].some((candidate) => targets.has(candidate) || targets.has(candidate.toLowerCase()));
}

/** Who runs a step: a shell script, or the docs. */
function procedure(file: string): string {
  return file.endsWith('.sh') ? `The script ${file}` : 'Docs';
}

function parentOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}
