/**
 * In a repository that holds several deployments, a doc speaks of the deployment beside it: the
 * candidates whose files share the longest folder prefix with the doc. With one deployment, that is all of them.
 */
export function nearest<T>(docFile: string, candidates: readonly T[], fileOf: (candidate: T) => string): T[] {
  let best = -1;
  let found: T[] = [];
  const docFolders = docFile.split('/').slice(0, -1);
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
