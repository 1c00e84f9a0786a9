import { addToGroup } from './group.ts';

interface FolderIndex {
  /** Candidates under each folder that holds their file at any depth, keyed as folderKeys writes them. */
  byFolder: Map<string, unknown[]>;
  /** Answers per doc folder, as every doc of a folder asks the same question. */
  answers: Map<string, readonly unknown[]>;
}

const indexes = new WeakMap<readonly unknown[], FolderIndex>();

/**
 * In a repository that holds several deployments, a doc speaks of the deployment beside it: the
 * candidates whose files share the longest folder prefix with the doc. With one deployment, that is all of them.
 * Each candidate list is indexed once by folder, so callers must pass the same array for the same list.
 */
export function nearest<T>(docFile: string, candidates: readonly T[], fileOf: (candidate: T) => string): readonly T[] {
  let index = indexes.get(candidates);
  if (!index) indexes.set(candidates, (index = { byFolder: indexByFolder(candidates, fileOf), answers: new Map() }));
  const docFolder = docFile.slice(0, Math.max(0, docFile.lastIndexOf('/')));
  let found = index.answers.get(docFolder);
  if (!found) index.answers.set(docFolder, (found = deepestHolding(index.byFolder, docFolder)));
  return found as readonly T[];
}

/** The candidates under the deepest folder of the doc that holds any: exactly those sharing the longest prefix with it. */
function deepestHolding(byFolder: Map<string, unknown[]>, docFolder: string): readonly unknown[] {
  const docFolderKeys = folderKeys(docFolder === '' ? [] : docFolder.split('/'));
  for (let depth = docFolderKeys.length - 1; depth >= 0; depth--) {
    const found = byFolder.get(docFolderKeys[depth]!);
    if (found) return found;
  }
  return [];
}

function indexByFolder<T>(candidates: readonly T[], fileOf: (candidate: T) => string): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const candidate of candidates) {
    for (const folderKey of folderKeys(fileOf(candidate).split('/').slice(0, -1))) {
      addToGroup(index, folderKey, candidate);
    }
  }
  return index;
}

/**
 * Keys of the root and of each folder down a path, `a/b` giving '', 'a/', 'a/b/': one per depth,
 * and every name ends in a slash, so that an empty name ('/x' or 'a//b') keeps its own key.
 */
function folderKeys(folders: readonly string[]): string[] {
  const keys = [''];
  for (const folder of folders) keys.push(`${keys[keys.length - 1]}${folder}/`);
  return keys;
}
