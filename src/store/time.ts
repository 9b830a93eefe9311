/** Times are stored as ISO-8601 UTC text so they sort and read the same in every export. */
export const toIso = (d: Date): string => d.toISOString();
export const fromIso = (s: string): Date => new Date(s);
export const fromIsoOrNull = (s: string | null): Date | null => (s === null ? null : new Date(s));
