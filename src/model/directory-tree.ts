/**
 * Directory trees drawn in docs (`tree` output, or by hand):
 *
 *     deployment/
 *     ├── manifests/
 *     │   ├── 01-namespace.yaml     # the namespace
 *     │   └── ...
 *     └── README.md
 *
 * Read into entries with their path below the tree's root, whether each is a folder, and which
 * folders are drawn open (`...` or `…` among their children: "and more"). Linear in the drawing;
 * entries nested deeper than MAX_DEPTH are not read.
 */

export interface TreeEntry {
  /** Path below the tree's root, segments joined with `/`. */
  path: string;
  folder: boolean;
  line: number;
  column: number;
  /** Length of the name as drawn. */
  length: number;
}

export interface DirectoryTree {
  /** The root line as drawn (`deployment/`, `.`), undefined when the drawing starts with entries. */
  root: string | undefined;
  entries: TreeEntry[];
  /** Folders (paths below the root, '' for the root) drawn with `...`: their listing is partial. */
  partial: string[];
}

const MAX_DEPTH = 64;
/** Longer names are not file names; reading no further keeps every line's work bounded. */
const MAX_NAME = 256;
/** `├── `, `└── `, `|-- `, `` `-- ``, `+-- `, with any run of dashes. */
const CONNECTOR = /^((?:[│|┃ \t]|\u00a0)*)(?:[├└┣┗]|\||`|\+)(?:─|━|-){1,4}\s?/;

/** Whether a code block draws a directory tree: two lines or more that start with a connector and a name, and no boxes. */
export function drawsTree(value: string): boolean {
  if (/[┌┐┘]/.test(value)) return false;
  let count = 0;
  for (const match of value.matchAll(TREE_LINE)) if (match && ++count >= 2) return true;
  return false;
}

const TREE_LINE = /^[ \t│|┃]*(?:[├└┣┗]──|[|`+]--)[─-]*[ \t]?[\w.@~-]/gm;

/** Reads a drawn tree; `firstLine` is the file line of the block's first line. */
export function readTree(value: string, firstLine: number): DirectoryTree | undefined {
  const lines = value.split('\n');
  const entries: TreeEntry[] = [];
  const partial = new Set<string>();
  let root: string | undefined;
  // Open folders by the column of their connector: the parent of an entry is the nearest one to its left.
  const stack: { column: number; path: string }[] = [];
  let sawEntry = false;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!;
    const match = CONNECTOR.exec(text);
    if (!match) {
      // Before any entry, a lone name is the root (`deployment/`, `.`, `my-repo`).
      const trimmed = stripComment(text.slice(0, MAX_NAME).trim());
      if (!sawEntry && trimmed !== '' && !/\s/.test(trimmed)) root = trimmed;
      continue;
    }
    sawEntry = true;
    const column = match[1]!.length;
    while (stack.length > 0 && stack[stack.length - 1]!.column >= column) stack.pop();
    if (stack.length >= MAX_DEPTH) continue;
    const parent = stack[stack.length - 1]?.path ?? '';
    const start = match[0].length;
    const name = stripComment(text.slice(start, start + MAX_NAME));
    if (name === '') continue;
    if (/^(?:\.\.\.|…)$/.test(name) || /[*<>{}$]|\.\.\.|…/.test(name)) {
      partial.add(parent); // "and more", or a pattern standing for several names
      continue;
    }
    const folder = name.endsWith('/');
    const clean = name.replace(/\/+$/, '');
    if (clean === '' || clean === '.' || clean === '..' || clean.includes('/')) {
      if (clean.includes('/')) partial.add(parent); // `a/b/c.yaml`: a shortcut through folders not drawn
      continue;
    }
    const path = parent === '' ? clean : `${parent}/${clean}`;
    entries.push({ path, folder, line: firstLine + index, column: start + 1, length: clean.length });
    stack.push({ column, path });
  }
  // A folder is one when something is drawn inside it, slash or not.
  const parents = new Set(entries.map((entry) => entry.path.slice(0, Math.max(0, entry.path.lastIndexOf('/')))));
  for (const entry of entries) if (parents.has(entry.path)) entry.folder = true;
  return entries.length === 0 ? undefined : { root, entries, partial: [...partial].sort() };
}

/** The name without what is written after it: `# comment`, `<- note`, `← note`, `(note)`, ` - note`, `: note`. */
function stripComment(text: string): string {
  return text
    .replace(/\s+(?:#|<-+|←|⟵|\(|--?\s|—|:\s).*$/, '')
    .replace(/\s{2,}.*$/, '')
    .replace(/^(?:`+|\*\*)|(?:`+|\*\*)$/g, '')
    .trim();
}
