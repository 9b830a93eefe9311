// POST /api/v1/observations: an agent's own numbers, sent with its feed token. Served on the app's HTTP port
// through Bolt's custom routes, in HTTP and Socket Mode alike, beside /healthz and the OpenAPI document.
//
// A batch with some bad items keeps the good ones and names each bad one (202, with `rejected` and `problems`);
// only a request with nothing to keep is refused as a whole (400). Client-chosen ids make this safe: a sender
// that fixes the bad items and sends the whole batch again has the kept ones ignored as repeats.
//
// The token is read from the Authorization header, hashed and compared; it is never logged, stored or echoed.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FeedConfig } from '../config.js';
import { OBSERVATIONS_PATH, type Observation, observationTimeProblem } from '../domain/feeds.js';
import type { Db } from '../store/db.js';
import type { TokenHolder } from '../store/feeds.js';
import { authenticateFeed, ingestObservations } from '../usecases/feeds.js';
import {
  type AcceptedBody,
  batchSchema,
  type ErrorBody,
  fieldName,
  observationSchema,
  type Problem,
  problemsOf,
} from './observations.js';
import { openApiDocument } from './openapi.js';
import { RateLimiter } from './rate-limit.js';

export const OPENAPI_PATH = '/api/v1/openapi.json';

export interface IntakeDeps {
  readonly db: Db;
  readonly now: () => Date;
  readonly feeds: FeedConfig;
  /** Unexpected failures only; the request's headers and body are never passed on. */
  readonly onError: (error: unknown) => void;
}

export interface CustomRoute {
  readonly path: string;
  readonly method: string[];
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

function send(
  res: ServerResponse,
  status: number,
  body: AcceptedBody | ErrorBody | object,
  headers = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

const refuse = (res: ServerResponse, status: number, error: ErrorBody['error'], message: string, more = {}) =>
  send(res, status, { error, message, ...more }, status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});

const BEARER = /^Bearer\s+(\S+)\s*$/i;

class TooLarge extends Error {}

/** The body as text, or TooLarge as soon as it passes the limit (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new TooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

interface Checked {
  readonly observations: Observation[];
  readonly problems: Problem[];
  readonly count: number;
}

/** Each item validated on its own, so one bad item names itself and the others can still be kept. */
function checkItems(
  items: readonly unknown[],
  prefixOf: (i: number) => string,
  holder: TokenHolder,
  deps: IntakeDeps,
): Checked {
  const now = deps.now();
  const zone = holder.timeZone ?? 'UTC';
  const observations: Observation[] = [];
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    const parsed = observationSchema.safeParse(item);
    if (!parsed.success) {
      problems.push(...problemsOf(prefixOf(i), parsed.error));
      return;
    }
    const o = parsed.data;
    const at = o.at === undefined ? now : new Date(o.at);
    const late = observationTimeProblem(at, now, zone, deps.feeds.retentionDays);
    if (late) {
      problems.push({ field: fieldName(prefixOf(i), ['at']), message: late });
      return;
    }
    observations.push({
      clientId: o.id,
      at,
      casesHandled: o.cases_handled,
      casesHandedToPerson: o.cases_handed_to_person,
      dollarCents: o.dollar_value === undefined ? null : Math.round(o.dollar_value * 100),
      measures: o.measures ?? {},
    });
  });
  return { observations, problems, count: items.length };
}

function checkBody(json: unknown, holder: TokenHolder, deps: IntakeDeps): Checked | { envelope: Problem[] } {
  const isBatch = typeof json === 'object' && json !== null && !Array.isArray(json) && 'observations' in json;
  if (!isBatch) return checkItems([json], () => '', holder, deps);
  const batch = batchSchema.safeParse(json);
  if (!batch.success) return { envelope: problemsOf('', batch.error) };
  return checkItems(batch.data.observations, (i) => `observations[${i}]`, holder, deps);
}

async function receive(req: IncomingMessage, res: ServerResponse, deps: IntakeDeps, limiter: RateLimiter) {
  const bearer = BEARER.exec(req.headers.authorization ?? '');
  const holder = bearer?.[1] ? authenticateFeed(deps.db, bearer[1]) : null;
  if (!holder) {
    refuse(
      res,
      401,
      'unauthorized',
      bearer
        ? 'That feed token is not valid: it was revoked or rotated, its agent was retired, or it was mistyped.'
        : 'Send the agent\'s feed token as "Authorization: Bearer <token>".',
    );
    return;
  }
  const nowMs = deps.now().getTime();
  const taken = limiter.take(String(holder.tokenId), nowMs);
  if (!taken.ok) {
    send(
      res,
      429,
      {
        error: 'rate_limited',
        message: `At most ${deps.feeds.ratePerMinute} requests a minute per feed token. Batch observations (up to 500 a request) and try again in ${taken.retryAfterSeconds} s.`,
      },
      { 'Retry-After': String(taken.retryAfterSeconds) },
    );
    return;
  }
  let text: string;
  try {
    text = await readBody(req, deps.feeds.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof TooLarge)) throw error;
    refuse(
      res,
      413,
      'too_large',
      `The body is larger than ${Math.round(deps.feeds.maxBodyBytes / 1024)} KB. Send fewer observations per request.`,
    );
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    refuse(
      res,
      400,
      'malformed_json',
      'The body is not JSON. Send one observation object, or {"observations": [...]}.',
    );
    return;
  }
  const checked = checkBody(json, holder, deps);
  if ('envelope' in checked) {
    refuse(res, 400, 'invalid_observations', 'The batch is not valid; nothing was kept.', {
      problems: checked.envelope,
    });
    return;
  }
  if (checked.observations.length === 0) {
    refuse(res, 400, 'invalid_observations', 'No observation is valid; nothing was kept.', {
      problems: checked.problems,
    });
    return;
  }
  const stored = ingestObservations(deps.db, deps.now(), { holder, observations: checked.observations });
  send(res, 202, {
    accepted: stored.accepted,
    ignored: stored.ignored,
    rejected: checked.count - checked.observations.length,
    problems: checked.problems,
  } satisfies AcceptedBody);
}

/** The intake and its OpenAPI document, as Bolt custom routes. */
export function intakeRoutes(deps: IntakeDeps): CustomRoute[] {
  const limiter = new RateLimiter(deps.feeds.ratePerMinute);
  const document = JSON.stringify(openApiDocument(deps.feeds.publicUrl));
  return [
    {
      path: OBSERVATIONS_PATH,
      method: ['POST'],
      handler: (req, res) => {
        receive(req, res, deps, limiter).catch((error: unknown) => {
          deps.onError(error);
          if (!res.headersSent)
            refuse(res, 500, 'internal', 'Something went wrong on our side; nothing was kept.');
        });
      },
    },
    {
      path: OPENAPI_PATH,
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(document);
      },
    },
  ];
}
