/** One replacement in a file: lines `start`..`start + remove - 1` (1-based) become `insert`. */
export interface LineEdit {
  start: number;
  remove: number;
  insert: string[];
}

/**
 * A unified diff of `edits` against `text`, one hunk per edit and no context lines, so that the
 * diffs of two issues that touch neighbouring lines still apply one after the other
 * (`patch -p1`, or `git apply --unidiff-zero`).
 */
export function unifiedDiff(file: string, text: string, edits: readonly LineEdit[]): string[] {
  const lines = text.split(/\r?\n/);
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let shift = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out.push(`@@ -${edit.start},${edit.remove} +${edit.start + shift},${edit.insert.length} @@`);
    out.push(...lines.slice(edit.start - 1, edit.start - 1 + edit.remove).map((line) => `-${line}`));
    out.push(...edit.insert.map((line) => `+${line}`));
    shift += edit.insert.length - edit.remove;
  }
  return out;
}
