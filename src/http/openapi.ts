// The OpenAPI 3.1 document of the intake, built from the zod schemas the route validates with.

import { z } from 'zod';
import { MAX_BATCH } from '../domain/feeds.js';
import {
  acceptedSchema,
  documentedBatchSchema,
  errorSchema,
  observationSchema,
  problemSchema,
} from './observations.js';

const json = (schema: unknown) => ({ 'application/json': { schema } });
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Every schema once, under components; requests and responses point at them. */
function components(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const schema of [observationSchema, documentedBatchSchema, problemSchema, acceptedSchema, errorSchema])
    registry.add(schema, { id: schema.meta()?.id as string });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Inside an OpenAPI document the dialect is the document's own, and a component is named by its key.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema]),
  );
}

export function openApiDocument(publicUrl: string): Record<string, unknown> {
  const error = (description: string, headers?: Record<string, unknown>) => ({
    description,
    ...(headers ? { headers } : {}),
    content: json(ref('Error')),
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'maturity-bot live feed intake',
      version: '1',
      description:
        "An agent sends its own operating numbers with its feed token. Connect a feed from the agent's details in Slack (/maturity agents) to get one.",
    },
    servers: [{ url: publicUrl }],
    components: {
      schemas: components(),
      securitySchemes: {
        feedToken: { type: 'http', scheme: 'bearer', description: 'The agent feed token (mbf_...).' },
      },
    },
    security: [{ feedToken: [] }],
    paths: {
      '/api/v1/observations': {
        post: {
          operationId: 'sendObservations',
          summary: `Send one observation, or a batch of up to ${MAX_BATCH}`,
          description:
            'Each observation carries your own id: a repeat is accepted and ignored. In a batch, valid observations are kept even when others are refused; each refused one is named in `problems`. A request with nothing valid is refused whole (400).',
          requestBody: {
            required: true,
            content: json({ oneOf: [ref('Observation'), ref('Batch')] }),
          },
          responses: {
            '202': { description: 'Kept (and any bad items named)', content: json(ref('Accepted')) },
            '400': error('Not JSON, or nothing valid to keep; each bad field is named'),
            '401': error('No token, or not a working one'),
            '413': error('Body too large'),
            '429': error('Too many requests for this token this minute', {
              'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
            }),
          },
        },
      },
    },
  };
}
