/**
 * The recipes of a Makefile: the shell text make runs for each rule, with the automatic variables
 * it can know without running make (`$@`, `$<`, `$^`, `$+` of a rule with one literal target)
 * expanded and `$$` turned into the shell's `$`. Every other variable (`$(OUT)`, `${DIR}`) is left
 * as written: readers treat a word that still holds a `$` as unknown. Pure and total.
 */

export interface Recipe {
  /** The rule's targets as written. */
  targets: string[];
  /** Its normal prerequisites (order-only ones, after `|`, are not in `$^`). */
  prerequisites: string[];
  /** One logical recipe line (continued lines joined with their backslash-newlines kept), expanded. */
  text: string;
  /** Where it is written: from its first command character to the end of its last line. */
  source: { line: number; column: number; endLine: number; endColumn: number };
}

const CONDITIONAL_RE = /^\s*(?:ifeq|ifneq|ifdef|ifndef|else|endif)\b/;

export function makefileRecipes(text: string): Recipe[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const recipes: Recipe[] = [];
  let rule: { targets: string[]; prerequisites: string[] } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.startsWith('\t')) {
      // A recipe line; continuation lines belong to it, whatever their start.
      let last = index;
      while (lines[last]!.endsWith('\\') && last + 1 < lines.length) last++;
      if (rule) recipes.push(recipe(rule, lines.slice(index, last + 1), index + 1));
      index = last;
      continue;
    }
    if (line.trim() === '' || line.trimStart().startsWith('#') || CONDITIONAL_RE.test(line)) continue;
    const parts = [line];
    while (parts[parts.length - 1]!.endsWith('\\') && index + 1 < lines.length) parts.push(lines[++index]!);
    const logical = parts.map((part, at) => (at < parts.length - 1 ? part.slice(0, -1) : part)).join(' ');
    const parsed = ruleLine(logical);
    rule = parsed && { targets: parsed.targets, prerequisites: parsed.prerequisites };
    const inline = parsed?.inline.trim();
    if (rule && inline) recipes.push({ ...rule, text: expand(inline, rule), source: { line: index + 1, column: logical.indexOf(inline, parsed!.inlineAt) + 1, endLine: index + 1, endColumn: logical.length + 1 } });
  }
  return recipes;
}

/**
 * `targets: prerequisites [| order-only] [; recipe]`; undefined for anything else: an assignment
 * (`A = b:c`, `A := b`, `A ::= b`), a target-specific variable (`t: A = b`), a directive.
 */
function ruleLine(line: string): { targets: string[]; prerequisites: string[]; inline: string; inlineAt: number } | undefined {
  const colon = line.indexOf(':');
  const equals = line.indexOf('=');
  if (colon <= 0 || (equals >= 0 && equals < colon) || line[colon + 1] === '=' || line.slice(colon + 1, colon + 3) === ':=') return undefined;
  const afterColon = line[colon + 1] === ':' ? colon + 2 : colon + 1;
  const semicolon = line.indexOf(';', afterColon);
  const prerequisites = line.slice(afterColon, semicolon < 0 ? line.length : semicolon).split('#')[0]!;
  if (prerequisites.includes('=')) return undefined;
  const [normal = ''] = prerequisites.split('|');
  return { targets: words(line.slice(0, colon)), prerequisites: words(normal), inline: semicolon < 0 ? '' : line.slice(semicolon + 1), inlineAt: semicolon + 1 };
}

function recipe(rule: { targets: string[]; prerequisites: string[] }, lines: string[], line: number): Recipe {
  const first = lines[0]!.slice(1);
  const prefix = /^[@+\-\s]*/.exec(first)![0].length;
  const text = [first.slice(prefix), ...lines.slice(1).map((entry) => entry.replace(/^\t/, ''))].join('\n');
  return { ...rule, text: expand(text, rule), source: { line, column: 2 + prefix, endLine: line + lines.length - 1, endColumn: lines[lines.length - 1]!.length + 1 } };
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/** `$$` → `$`; `$@`, `$<`, `$^`, `$+` when the rule has one literal target; anything else as written. */
function expand(text: string, rule: { targets: string[]; prerequisites: string[] }): string {
  const target = rule.targets.length === 1 && !/[%$]/.test(rule.targets[0]!) ? rule.targets[0] : undefined;
  return text.replace(/\$([$@<^+])/g, (whole, name: string) => {
    if (name === '$') return '$';
    if (target === undefined) return whole;
    if (name === '@') return target;
    if (name === '<') return rule.prerequisites[0] ?? '';
    return (name === '^' ? [...new Set(rule.prerequisites)] : rule.prerequisites).join(' ');
  });
}
