/** Adds a value to the list its key holds in a map of lists, starting the list on first use. */
export function addToGroup<K, T>(groups: Map<K, T[]>, key: K, value: T): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}
