import { describe, expect, it } from 'vitest';
import { drawsTree, readTree } from './directory-tree.ts';

describe('directory trees', () => {
  it('reads entries with their paths, folders, notes stripped and partial listings', () => {
    const value = ['my-repo/', '├── k8s/', '│   ├── app.yaml   # the app', '│   ├── *.patch.yaml', '│   └── ...', '├── docs  <- guides', '│   └── guide.md', '└── README.md (start here)'].join('\n');
    expect(drawsTree(value)).toBe(true);
    const tree = readTree(value, 10)!;
    expect(tree.root).toBe('my-repo/');
    expect(tree.entries.map((entry) => [entry.path, entry.folder, entry.line, entry.column])).toEqual([
      ['k8s', true, 11, 5],
      ['k8s/app.yaml', false, 12, 9],
      ['docs', true, 15, 5],
      ['docs/guide.md', false, 16, 9],
      ['README.md', false, 17, 5],
    ]);
    expect(tree.partial).toEqual(['k8s']);
  });

  it('reads ASCII trees, and leaves box diagrams alone', () => {
    const tree = readTree(['.', '|-- base', '|   `-- kustomization.yaml', '`-- overlays'].join('\n'), 1)!;
    expect(tree.entries.map((entry) => entry.path)).toEqual(['base', 'base/kustomization.yaml', 'overlays']);
    expect(drawsTree(['┌──────┐', '│ web  │', '└──┬───┘', '   └── api'].join('\n'))).toBe(false);
  });
});
