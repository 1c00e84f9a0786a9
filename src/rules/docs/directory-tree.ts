import { claimsOf, type TreeClaim } from '../../model/claims.ts';
import { defineRule } from '../define-rule.ts';

/** Directory trees drawn in docs must show the files that are there, and only those. */
export default defineRule({
  id: 'docs/directory-tree',
  severity: 'warning',
  impact: 'low',
  title: 'Docs draw directory trees that the files do not match',
  consequence:
    'Readers look for files the tree shows and miss the ones it leaves out: a renamed manifest or a new folder goes unnoticed until someone applies the wrong thing.',
  docs: [
    'A directory tree drawn in a code block (`├── manifests/`, `└── README.md`, `tree` output) is compared with the files below the folder it describes: the folder named on its first line, or the doc\'s folder, whichever holds most of its top-level entries (none of them there: the drawing describes something else, and nothing is said). An entry drawn but not there is a finding on its line; files of a drawn folder that the drawing leaves out are one finding on the folder\'s line.',
    'What counts: a drawn file or folder that does not exist; files (not dotfiles) in a folder drawn with two children or more, that the drawing does not show.',
    'What does not: folders drawn without their children (collapsed) or with one child only (a path to it, not a listing); the files beside a listing of folders only (a layout: README.md and LICENSE are not left out); folders with `...` or `…` among their children, or with patterns (`*.yaml`, `<name>/`); trees in sections about the future, examples or history; trees whose entries are mostly elsewhere (a container\'s filesystem, another repository).',
  ].join('\n\n'),
  description: 'A directory tree in the docs shows files that do not exist, or leaves out files that do.',
  fix: 'Redraw the tree from the files (`tree -F --noreport FOLDER`), or mark a partial listing with `...`.',
  check({ inputs, report }) {
    let children: Map<string, string[]> | undefined;
    for (const tree of claimsOf(inputs.claims, 'tree')) {
      if (tree.scope !== 'current') continue;
      const base = describedFolder(tree, inputs.paths);
      if (base === undefined) continue;
      const at = (path: string): string => (base === '' ? path : `${base}/${path}`);
      const missingFolders: string[] = [];
      const reported = new Set<string>();
      for (const entry of tree.entries) {
        if (inputs.paths.has(at(entry.path)) || reported.has(entry.path)) continue;
        reported.add(entry.path);
        if (missingFolders.some((folder) => entry.path.startsWith(`${folder}/`))) continue; // inside a folder already reported
        if (entry.folder) missingFolders.push(entry.path);
        report({
          at: { file: tree.source.file, line: entry.line, column: entry.column, endLine: entry.line, endColumn: entry.column + entry.length },
          message: `Docs draw ${at(entry.path)}${entry.folder ? '/' : ''} in a directory tree, but it does not exist`,
        });
      }
      const listing = (children ??= childrenOf(inputs.paths));
      const drawn = new Set(tree.entries.map((entry) => entry.path));
      const partial = new Set(tree.partial);
      // Folders listed: two children drawn or more (one alone is a path to it, not a listing).
      const drawnChildren = new Map<string, number>();
      for (const entry of tree.entries) drawnChildren.set(parentOf(entry.path), (drawnChildren.get(parentOf(entry.path)) ?? 0) + 1);
      const listed = [...drawnChildren].filter(([, count]) => count >= 2).map(([folder]) => folder);
      for (const folder of listed.sort()) {
        if (partial.has(folder) || (folder !== '' && !inputs.paths.has(at(folder)))) continue;
        const actual = listing.get(folder === '' ? base : at(folder)) ?? [];
        const child = (name: string) => (folder === '' ? name : `${folder}/${name}`);
        // A listing of folders only draws the layout: the files beside them (README.md, LICENSE) are not left out.
        const foldersOnly = tree.entries.filter((entry) => parentOf(entry.path) === folder).every((entry) => entry.folder);
        const left = actual.filter((name) => !name.startsWith('.') && !drawn.has(child(name)) && (!foldersOnly || listing.has(at(child(name)))));
        if (left.length === 0) continue;
        const line = tree.entries.find((entry) => entry.path === folder);
        const shown = left.slice(0, 5).join(', ') + (left.length > 5 ? ` and ${left.length - 5} more` : '');
        report({
          at: line ? { file: tree.source.file, line: line.line, column: line.column, endLine: line.line, endColumn: line.column + line.length } : tree.source,
          message: `Docs draw ${folder === '' ? (base === '' ? 'the root folder' : `${base}/`) : `${at(folder)}/`} without ${shown}, which ${left.length === 1 ? 'is' : 'are'} there (add ${left.length === 1 ? 'it' : 'them'}, or \`...\` for a partial listing)`,
        });
      }
    }
  },
});

function parentOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}

/** The folder a tree describes: the candidate holding most of its top-level entries, and at least half of them. */
function describedFolder(tree: TreeClaim, paths: ReadonlySet<string>): string | undefined {
  const top = tree.entries.filter((entry) => !entry.path.includes('/'));
  let best: { base: string; found: number } | undefined;
  for (const base of tree.candidates) {
    if (base !== '' && !paths.has(base)) continue;
    const found = top.filter((entry) => paths.has(base === '' ? entry.path : `${base}/${entry.path}`)).length;
    if (!best || found > best.found) best = { base, found };
  }
  return best && best.found > 0 && best.found * 2 >= top.length ? best.base : undefined;
}

/** The names directly inside each folder ('' for the root), in path order. */
function childrenOf(paths: ReadonlySet<string>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const path of [...paths].sort()) {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    const list = children.get(parent);
    if (list) list.push(path.slice(slash + 1));
    else children.set(parent, [path.slice(slash + 1)]);
  }
  return children;
}
