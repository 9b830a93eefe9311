import type { z } from 'zod';

/**
 * Reads a JSON column through its schema. A row that does not fit (edited by hand, written by an older
 * version) is an error naming the table, the row and the column, never a silent mis-read.
 */
export function parseJsonColumn<T>(
  schema: z.ZodType<T>,
  text: string,
  where: { readonly table: string; readonly id: number | string; readonly column: string },
): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${where.table} row ${where.id}: ${where.column} is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${where.table} row ${where.id}: ${where.column} is malformed (${parsed.error.message})`);
  }
  return parsed.data;
}
