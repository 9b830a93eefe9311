import { editDistance, normaliseName } from './agents.js';

/**
 * The registered names closest to what someone typed, closest first: names that contain the typed
 * text (or are contained in it) come before the rest, then fewer edits win, then the alphabet.
 */
export function closestNames(typed: string, names: readonly string[], limit = 3): string[] {
  const query = normaliseName(typed);
  const scored = names.map((name) => {
    const candidate = normaliseName(name);
    const contains = query !== '' && (candidate.includes(query) || query.includes(candidate));
    return { name, contains, distance: editDistance(query, candidate) };
  });
  scored.sort(
    (a, b) =>
      Number(b.contains) - Number(a.contains) || a.distance - b.distance || a.name.localeCompare(b.name),
  );
  return scored.slice(0, limit).map((s) => s.name);
}
