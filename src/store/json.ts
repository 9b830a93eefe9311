import type { z } from 'zod';

/**
 * A JSON column read through its schema: a row that does not match is an error naming the table, the row
 * and the column, never a silent mis-read.
 */
export function parseColumn<T>(
  schema: z.ZodType<T>,
  text: string,
  where: { table: string; id: string | number; column: string },
): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${where.table} row ${where.id}: column ${where.column} is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `${where.table} row ${where.id}: column ${where.column} does not match its schema: ${parsed.error.message}`,
    );
  return parsed.data;
}
