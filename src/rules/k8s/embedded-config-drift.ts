import type { SourceFile } from '../../engine/analyze.ts';
import type { EmbeddedText, Source } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';

/**
 * A ConfigMap that embeds a copy of a file kept in the repo (haproxy.cfg, homeserver.yaml)
 * must carry the same text, or the cluster runs something other than what is reviewed.
 */
export default defineRule({
  id: 'k8s/embedded-config-drift',
  severity: 'error',
  impact: 'high',
  description: 'A ConfigMap embeds a file that also exists in the repository, with different content or only a placeholder.',
  fix: 'Generate the ConfigMap from the file (kubectl create configmap NAME --from-file=KEY=PATH --dry-run=client -o yaml) or copy the file into it verbatim.',
  check({ model, inputs, report }) {
    const filesByName = new Map<string, SourceFile[]>();
    for (const file of inputs.files) {
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      filesByName.set(name, [...(filesByName.get(name) ?? []), file]);
    }
    for (const object of model.configObjects) {
      if (object.kind !== 'ConfigMap') continue;
      for (const [key, embedded] of Object.entries(object.data)) {
        const candidates = filesByName.get(key);
        if (!candidates) continue;
        if (candidates.some((file) => normalize(file.text) === normalize(embedded.value))) continue;
        const file = candidates[0]!;
        const difference = firstDifference(normalize(embedded.value), normalize(file.text));
        const placeholder = looksLikePlaceholder(embedded.value, file.text);
        report({
          at: placeholder ? embedded.source : lineSource(embedded, difference),
          message: placeholder
            ? `ConfigMap ${object.name} key ${key} holds only a placeholder, expected the content of ${file.path}`
            : `ConfigMap ${object.name} key ${key} differs from ${file.path} (first at its line ${difference})`,
          related: [{ at: fileLine(file.path, placeholder ? 1 : difference), message: `${file.path} as kept in the repository` }],
        });
      }
    }
  },
});

/** Line endings and trailing blanks are not drift. */
function normalize(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/** 1-based line of the first difference between two texts. */
function firstDifference(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  let index = 0;
  while (index < left.length && index < right.length && left[index] === right[index]) index++;
  return index + 1;
}

function looksLikePlaceholder(embedded: string, original: string): boolean {
  const lines = embedded.trim().split('\n').length;
  const tiny = lines <= 3 && original.split('\n').length > 10;
  return tiny || (lines <= 5 && /placeholder|replace me|todo|changeme|see .*\.cfg/i.test(embedded));
}

/** The manifest line holding a given line of the embedded text, when block scalar positions allow it. */
function lineSource(embedded: EmbeddedText, line: number): Source {
  if (!embedded.contentStart) return embedded.source;
  const lastLine = embedded.value.split('\n').length;
  const manifestLine = embedded.contentStart.line + Math.min(line, lastLine) - 1;
  return { file: embedded.source.file, line: manifestLine, column: embedded.contentStart.column, endLine: manifestLine, endColumn: embedded.contentStart.column };
}

function fileLine(file: string, line: number): Source {
  return { file, line, column: 1, endLine: line, endColumn: 1 };
}
