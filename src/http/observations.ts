// The intake's wire format: what an agent sends to POST /api/v1/observations and what it gets back. The same
// schemas validate every request and produce the OpenAPI document, so the two cannot disagree.

import { z } from 'zod';
import { MAX_BATCH, MAX_MEASURES } from '../domain/feeds.js';

const MAX_CASES = 1_000_000;
const MAX_DOLLARS = 1_000_000_000;

export const observationSchema = z
  .strictObject({
    id: z
      .string({ error: 'is required: a string you choose, unique per observation (a repeat is ignored)' })
      .min(1, { error: 'must not be empty' })
      .max(100, { error: 'must be at most 100 characters' })
      .describe('Your own id for this observation. Sending the same id again is accepted and ignored.'),
    at: z.iso
      .datetime({
        offset: true,
        error: 'must be an ISO 8601 time with its offset, e.g. 2026-11-24T09:15:00-06:00',
      })
      .optional()
      .describe('When the cases were handled, with its offset. Defaults to the time the app receives it.'),
    cases_handled: z
      .int({ error: 'is required: a whole number of cases, 0 or more' })
      .min(0, { error: 'must be 0 or more' })
      .max(MAX_CASES, { error: `must be at most ${MAX_CASES}` })
      .describe('Cases the agent handled since its last observation.'),
    cases_handed_to_person: z
      .int({ error: 'is required: a whole number of cases, 0 or more' })
      .min(0, { error: 'must be 0 or more' })
      .max(MAX_CASES, { error: `must be at most ${MAX_CASES}` })
      .describe('Of those, the cases handed to a person (below the confidence threshold).'),
    dollar_value: z
      .number({ error: 'must be a number of dollars, e.g. 182.5' })
      .min(-MAX_DOLLARS, { error: `must be at least -${MAX_DOLLARS}` })
      .max(MAX_DOLLARS, { error: `must be at most ${MAX_DOLLARS}` })
      .optional()
      .describe(
        "Optional: the dollar value of those cases, in the workspace's currency. Negative is a cost.",
      ),
    measures: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, {
          error: 'names must be lower case letters, digits and _ (up to 40), starting with a letter',
        }),
        z.number({ error: 'must be a number' }),
      )
      .refine((m) => Object.keys(m).length <= MAX_MEASURES, {
        error: `may hold at most ${MAX_MEASURES} measures`,
      })
      .optional()
      .describe('Optional: a few named numbers, e.g. {"mean_confidence": 0.91}.'),
  })
  .refine((o) => o.cases_handed_to_person <= o.cases_handled, {
    path: ['cases_handed_to_person'],
    error: 'must not be more than cases_handled',
  })
  .meta({ id: 'Observation' });

export type ObservationInput = z.infer<typeof observationSchema>;

export const batchSchema = z.strictObject({
  observations: z
    .array(z.unknown(), { error: 'must be a list of observations' })
    .min(1, { error: 'must hold at least one observation' })
    .max(MAX_BATCH, { error: `may hold at most ${MAX_BATCH} observations; send more in several requests` }),
});

/** What the OpenAPI document says a batch holds (the route reads items one by one to name each bad one). */
export const documentedBatchSchema = z
  .strictObject({ observations: z.array(observationSchema).min(1).max(MAX_BATCH) })
  .meta({ id: 'Batch' });

export const problemSchema = z
  .object({
    field: z.string().describe('Where, e.g. observations[3].cases_handled'),
    message: z.string(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

export const acceptedSchema = z
  .object({
    accepted: z.int().describe('Observations stored now.'),
    ignored: z.int().describe('Observations whose id was already received.'),
    rejected: z.int().describe('Observations refused; each is named in problems. The others were kept.'),
    problems: z.array(problemSchema),
  })
  .meta({ id: 'Accepted' });
export type AcceptedBody = z.infer<typeof acceptedSchema>;

export const errorSchema = z
  .object({
    error: z.enum([
      'unauthorized',
      'malformed_json',
      'invalid_observations',
      'too_large',
      'rate_limited',
      'internal',
    ]),
    message: z.string(),
    problems: z.array(problemSchema).optional(),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorSchema>;

/** A zod issue path as a reader writes it: observations[3].measures.mean_confidence. */
export function fieldName(prefix: string, path: readonly PropertyKey[]): string {
  let name = prefix;
  for (const key of path) {
    if (typeof key === 'number') name += `[${key}]`;
    else name += name === '' ? String(key) : `.${String(key)}`;
  }
  return name === '' ? 'body' : name;
}

export function problemsOf(prefix: string, error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue) => {
    // An unknown key names itself: "observations[0].casesHandled is not a field".
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        field: fieldName(prefix, [...issue.path, key]),
        message: 'is not a known field',
      }));
    return [{ field: fieldName(prefix, issue.path), message: issue.message }];
  });
}
