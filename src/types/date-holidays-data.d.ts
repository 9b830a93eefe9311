// The rules date-holidays ships with its package (no types of its own); read through a zod schema where used.
declare module 'date-holidays/data' {
  export const data: unknown;
}
