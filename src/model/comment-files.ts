/**
 * File names written in a manifest's comments ("# see 05-workers.yaml", "# the config is
 * config/haproxy.cfg"): references like a doc's, read from the file text at parse time (the
 * Kubernetes parser keeps no comments). Only names that look like repository files count.
 */
import { upwardCandidates } from './build-claims.ts';
import type { FileReference } from './claims.ts';
import { isPlaceholder, isRemote } from './procedure-files.ts';

/** A path with a folder (any of these extensions), or a bare manifest name ("05-workers.yaml"); not a key (`key=`, `=file`). */
const FILE_NAME = /(?<![\w./:@=-])((?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)+\.(?:ya?ml|json|cfg|conf|sh|md|toml|txt)|[\w.-]+\.(?:ya?ml|json))(?![\w/=-])/g;
/** Comments that record where something came from or went: history, not a reference. */
const HISTORY = /\b(?:formerly|previously|replaced|renamed|moved|removed|deleted|was|were|generated|copied|upstream|based on|from the)\b/i;

/** File references in the `#` comments of a YAML file; candidates read from its folder, then each folder above. */
export function commentFileReferences(file: string, text: string): FileReference[] {
  if (!text.includes('#')) return [];
  const references: FileReference[] = [];
  const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  let line = 0;
  for (const content of text.split(/\r\n|\r|\n/)) {
    line++;
    const hash = commentStart(content);
    if (hash < 0) continue;
    const comment = content.slice(hash + 1, hash + 1 + 500);
    if (comment.trimStart().startsWith('docdrift') || HISTORY.test(comment)) continue;
    for (const match of comment.matchAll(FILE_NAME)) {
      const name = match[1]!;
      if (isPlaceholder(name) || isRemote(name)) continue;
      const column = hash + 2 + match.index;
      references.push({
        type: 'file',
        kind: 'comment',
        text: name,
        candidates: upwardCandidates(folder, name.replace(/^\.\//, '')),
        outside: false,
        anchor: undefined,
        source: { file, line, column, endLine: line, endColumn: column + name.length },
        scope: 'current',
        section: [],
      });
    }
  }
  return references;
}

/** The index of a line's comment `#` (at the start or after a space, outside quotes), or -1. */
function commentStart(content: string): number {
  let quote = '';
  for (let index = 0; index < content.length; index++) {
    const c = content[index]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (index === 0 || content[index - 1] === ' ' || content[index - 1] === '\t')) return index;
  }
  return -1;
}
