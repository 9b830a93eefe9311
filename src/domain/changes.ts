/** The keys whose values differ between two versions of the same typed fields, in the fields' order. */
export function changedKeys<T extends object>(old: T, next: T): (keyof T)[] {
  return (Object.keys(next) as (keyof T)[]).filter((key) => old[key] !== next[key]);
}

/** The before and after of only what changed, as an audit row records them. */
export function changeOf<T extends object>(
  old: T,
  next: T,
  keys: readonly (keyof T)[],
): { before: Partial<T>; after: Partial<T> } {
  const pick = (from: T): Partial<T> => Object.fromEntries(keys.map((key) => [key, from[key]])) as Partial<T>;
  return { before: pick(old), after: pick(next) };
}
