/**
 * A workspace with agents and their feed tokens, and a client that sends observations to the real intake the
 * way an agent does: over HTTP, with its bearer token.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { FEED_TOKEN_BYTES, OBSERVATIONS_PATH } from '../../src/domain/feeds.js';
import { issueFeedToken } from '../../src/usecases/feeds.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import { seedAgent, seedWorkspace } from '../support/seed.js';

export const OWNER = 'UALICE';
export const PORTFOLIO_OWNER = 'UCAROL';

export interface Sent {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** POSTs `body` (JSON unless a string is given) with `token` as the bearer, or no Authorization at all. */
export async function postObservations(app: TestApp, token: string | null, body: unknown): Promise<Sent> {
  const res = await fetch(app.url(OBSERVATIONS_PATH), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? null : JSON.parse(text) };
}

/** The workspace in Chicago with Carol as portfolio owner, and one production agent per name, owned by Alice. */
export function seedFeedWorkspace(
  app: TestApp,
  names: readonly string[],
  createdAt = '2026-06-01T15:00:00Z',
) {
  seedWorkspace(app.bot.db, { createdAt, portfolioOwnerId: PORTFOLIO_OWNER });
  return names.map((name) => seedAgent(app.bot.db, { name, ownerId: OWNER, registeredAt: createdAt }));
}

/** Connects an agent's feed as its owner (as the Slack button does) and returns the token shown once. */
export function connectFeed(app: TestApp, agentId: number, actorId = OWNER): string {
  const result = issueFeedToken(app.bot.db, app.clock.now(), {
    teamId: TEAM_ID,
    agentId,
    actorId,
    random: randomBytes(FEED_TOKEN_BYTES),
  });
  expect(result.kind).toBe('issued');
  return result.kind === 'issued' ? result.token : '';
}

export function observation(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, cases_handled: 10, cases_handed_to_person: 1, ...over };
}

export function storedObservations(
  app: TestApp,
  agentId: number,
): { client_id: string; cases_handled: number }[] {
  return app.bot.db
    .prepare('SELECT client_id, cases_handled FROM feed_observations WHERE agent_id = ? ORDER BY id')
    .all(agentId) as { client_id: string; cases_handled: number }[];
}
