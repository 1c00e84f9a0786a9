const memo = new WeakMap<readonly unknown[], Map<string, unknown[]>>();

/**
 * In a repository that holds several deployments, a doc speaks of the deployment beside it: the
 * candidates whose files share the longest folder prefix with the doc. With one deployment, that is all of them.
 * Results are kept per candidate list and doc folder, as every doc of a folder asks the same question.
 */
export function nearest<T>(docFile: string, candidates: readonly T[], fileOf: (candidate: T) => string): T[] {
  const docFolder = docFile.slice(0, Math.max(0, docFile.lastIndexOf('/')));
  let byFolder = memo.get(candidates);
  if (!byFolder) memo.set(candidates, (byFolder = new Map()));
  let found = byFolder.get(docFolder) as T[] | undefined;
  if (!found) {
    found = closest(docFolder, candidates, fileOf);
    byFolder.set(docFolder, found);
  }
  return found;
}

function closest<T>(docFolder: string, candidates: readonly T[], fileOf: (candidate: T) => string): T[] {
  let best = -1;
  let found: T[] = [];
  const docFolders = docFolder === '' ? [] : docFolder.split('/');
  for (const candidate of candidates) {
    const shared = sharedFolders(docFolders, fileOf(candidate).split('/').slice(0, -1));
    if (shared > best) {
      best = shared;
      found = [candidate];
    } else if (shared === best) found.push(candidate);
  }
  return found;
}

function sharedFolders(a: string[], b: string[]): number {
  let count = 0;
  while (count < a.length && count < b.length && a[count] === b[count]) count++;
  return count;
}
