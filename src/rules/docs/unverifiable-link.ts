import { claimsOf } from '../../model/claims.ts';
import { defineRule } from '../define-rule.ts';

/** A link out of the checked folder: docdrift cannot see its target, and says so once, quietly. */
export default defineRule({
  id: 'docs/unverifiable-link',
  severity: 'info',
  impact: 'low',
  title: 'Docs link to files outside the checked folder',
  consequence:
    'A link that leads out of the checked folder cannot be checked here: if its target was moved, readers of the docs on GitHub land on a 404.',
  docs: [
    'docdrift checks links against the files below the folder it checks. A link that climbs out of it (`../../README.md` from the root) or starts with `/` while the checked folder is not the root of its git repository (`/docs/purpose.md` in a check of `deploy/`, which GitHub reads as `<repository root>/docs/purpose.md`) names a file docdrift does not read; when no file of that name exists in the checked folder either, this info says the link was not verified.',
    'What counts: a link, in a section about the current deployment or its future, whose target lies outside the checked folder and is not found inside it.',
    'What does not: links to files in the checked folder (docs/missing-file checks them, as errors when missing); a `/` link whose path exists below the checked folder, as in a vendored copy of a repository; external URLs; links in example or historical sections.',
  ].join('\n\n'),
  description: 'A link leads out of the checked folder, so its target cannot be verified.',
  fix: 'Check the folder that holds the target (the git repository root for `/` links), or link to a file inside the checked folder.',
  check({ inputs, report }) {
    for (const reference of claimsOf(inputs.claims, 'file')) {
      if (!reference.outside || reference.scope === 'example' || reference.scope === 'historical') continue;
      if (reference.candidates.some((candidate) => candidate === '' || inputs.paths.has(candidate))) continue;
      report({ at: reference.source, message: `Docs link to ${reference.text}, outside the checked folder: not verified` });
    }
  },
});
