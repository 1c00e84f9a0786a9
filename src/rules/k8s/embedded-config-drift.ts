import type { SourceFile } from '../../engine/analyze.ts';
import type { EmbeddedText, Source } from '../../model/types.ts';
import { addToGroup } from '../../model/group.ts';
import { defineRule } from '../define-rule.ts';

/**
 * A ConfigMap that embeds a copy of a file kept in the repo (haproxy.cfg, homeserver.yaml)
 * must carry the same text, or the cluster runs something other than what is reviewed.
 */
export default defineRule({
  id: 'k8s/embedded-config-drift',
  severity: 'error',
  impact: 'high',
  title: 'ConfigMaps embed stale copies of repository files',
  consequence:
    'The cluster runs a configuration nobody reviewed: fixes made to the file in the repository never reach the pods, and the next `kubectl apply` of the ConfigMap reverts them.',
  docs: [
    'Deployments often keep a file such as `haproxy.cfg` or `homeserver.yaml` in the repository and a copy of it under a ConfigMap key of the same name. The two must carry the same text. A key is compared with every checked file whose name equals the key (`haproxy.cfg: |` with `config/haproxy.cfg`); the ConfigMap agrees when any of them has the same text.',
    'What counts: a different line (the finding points at the first different line of the embedded text and, as related, at the same line of the file); a placeholder instead of the content (a few lines, or words such as `TODO` or `see haproxy.cfg`).',
    'Texts that share less than half their lines are a warning: a repository may keep another file of the same name (a local-development `config/app.yaml` beside the cluster\'s). The file compared is the closest of that name.',
    'What does not: line endings, trailing blanks, and blank lines at the start or end; keys that name no file in the repository; the manifest the ConfigMap is written in (key `app.yaml` in `app.yaml`); Secrets. A base that several kustomize overlays render is reported once.',
  ].join('\n\n'),
  description: 'A ConfigMap embeds a file that also exists in the repository, with different content or only a placeholder.',
  fix: 'Generate the ConfigMap from the file (kubectl create configmap NAME --from-file=KEY=PATH --dry-run=client -o yaml) or copy the file into it verbatim.',
  check({ model, inputs, report }) {
    const filesByName = new Map<string, SourceFile[]>();
    for (const file of inputs.files) addToGroup(filesByName, file.path.slice(file.path.lastIndexOf('/') + 1), file);
    // Each copy of a deployment embeds the same file names: normalize every file of a name once.
    const normalizedByName = new Map<string, Set<string>>();
    const normalizedTexts = (name: string, files: SourceFile[]): Set<string> => {
      let texts = normalizedByName.get(name);
      if (!texts) normalizedByName.set(name, (texts = new Set(files.map((file) => normalize(file.text)))));
      return texts;
    };
    // A base rendered by several overlays holds one text: one finding.
    const reported = new Set<string>();
    for (const object of model.configObjects) {
      if (object.kind !== 'ConfigMap') continue;
      for (const [key, embedded] of Object.entries(object.data)) {
        // The manifest a ConfigMap is written in is not a copy of it (key `app.yaml` in app.yaml).
        const candidates = filesByName.get(key)?.filter((file) => file.path !== object.source.file);
        if (!candidates || candidates.length === 0) continue;
        if (normalizedTexts(key, candidates).has(normalize(embedded.value))) continue;
        // Compared with the closest file of that name.
        const [file, shared] = candidates.map((candidate) => [candidate, sharedLines(embedded.value, candidate.text)] as const).reduce((best, next) => (next[1] > best[1] ? next : best));
        const difference = firstDifference(embedded.value, file.text);
        const placeholder = looksLikePlaceholder(embedded.value, file.text);
        const at = placeholder ? embedded.source : lineSource(embedded, difference.embeddedLine);
        if (reported.has(`${at.file}:${at.line} ${file.path}`)) continue;
        reported.add(`${at.file}:${at.line} ${file.path}`);
        // Texts that share less than half their lines may be two files of one name (a local-development config beside the cluster's).
        const unlike = !placeholder && shared < 0.5;
        report({
          at,
          ...(unlike ? { severity: 'warning' as const } : {}),
          message: placeholder
            ? `ConfigMap ${object.name} key ${key} holds only a placeholder, expected the content of ${file.path}`
            : `ConfigMap ${object.name} key ${key} differs from ${file.path} (first at its line ${difference.fileLine})` +
              (unlike ? `; they share ${Math.round(shared * 100)}% of their lines, so they may be two files of one name (a warning)` : ''),
          related: [{ at: fileLine(file.path, placeholder ? 1 : difference.fileLine), message: `${file.path} as kept in the repository` }],
        });
      }
    }
  },
});

/** Line endings, trailing blanks and leading or trailing blank lines are not drift. */
function normalize(text: string): string {
  return comparableLines(text).lines.join('\n');
}

/** The lines that are compared, and how many leading blank lines were dropped before them. */
function comparableLines(text: string): { lines: string[]; offset: number } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let offset = 0;
  while (offset < lines.length && lines[offset] === '') offset++;
  return { lines: lines.slice(offset), offset };
}

/**
 * 1-based line of the first difference on each side, in the texts as written. A side that ends
 * first points at its last line, so the finding stays inside the embedded text.
 */
function firstDifference(embedded: string, file: string): { embeddedLine: number; fileLine: number } {
  const left = comparableLines(embedded);
  const right = comparableLines(file);
  let index = 0;
  while (index < left.lines.length && index < right.lines.length && left.lines[index] === right.lines[index]) index++;
  const line = (side: { lines: string[]; offset: number }) => side.offset + Math.min(index, Math.max(side.lines.length - 1, 0)) + 1;
  return { embeddedLine: line(left), fileLine: line(right) };
}

/** The share of the longer text's lines that the other text also has (as a multiset, in any order). */
function sharedLines(left: string, right: string): number {
  const [a, b] = [comparableLines(left).lines, comparableLines(right).lines];
  const counts = new Map<string, number>();
  for (const line of a) counts.set(line, (counts.get(line) ?? 0) + 1);
  let shared = 0;
  for (const line of b) {
    const count = counts.get(line) ?? 0;
    if (count === 0) continue;
    counts.set(line, count - 1);
    shared++;
  }
  return shared / Math.max(a.length, b.length, 1);
}

function looksLikePlaceholder(embedded: string, original: string): boolean {
  const lines = embedded.trim().split('\n').length;
  const tiny = lines <= 3 && original.split('\n').length > 10;
  return tiny || (lines <= 5 && /placeholder|replace me|todo|changeme|see .*\.cfg/i.test(embedded));
}

/** The manifest line holding a given line of the embedded text, when block scalar positions allow it. */
export function lineSource(embedded: EmbeddedText, line: number): Source {
  if (!embedded.contentStart) return embedded.source;
  const manifestLine = embedded.contentStart.line + line - 1;
  return { file: embedded.source.file, line: manifestLine, column: embedded.contentStart.column, endLine: manifestLine, endColumn: embedded.contentStart.column };
}

function fileLine(file: string, line: number): Source {
  return { file, line, column: 1, endLine: line, endColumn: 1 };
}
