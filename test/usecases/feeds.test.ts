import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/domain/feeds.js';
import { auditTrail } from '../../src/store/audit.js';
import type { Db } from '../../src/store/db.js';
import { FEED_ENTITY } from '../../src/store/feeds.js';
import { ensureWorkspace } from '../../src/store/workspaces.js';
import {
  authenticateFeed,
  feedMonth,
  ingestObservations,
  issueFeedToken,
  revokeFeedToken,
  saveFeedSettings,
  watchFeeds,
} from '../../src/usecases/feeds.js';
import { moveAgent } from '../../src/usecases/registry.js';
import { pilotAgent, testDatabase } from '../support/database.js';

const TEAM = 'T1';
const NOW = new Date('2026-10-20T14:00:00Z');
const random = (n: number) => new Uint8Array(32).fill(n);

describe('feed use cases', () => {
  let db: Db;
  let close: () => void;
  let agentId: number;
  beforeEach(() => {
    ({ db, close } = testDatabase());
    ensureWorkspace(db, TEAM, NOW);
    db.prepare("UPDATE workspaces SET portfolio_owner_id = 'UCAROL', time_zone = 'America/Chicago'").run();
    agentId = pilotAgent(db, NOW, TEAM).id;
  });
  afterEach(() => close());

  const issue = (actorId = 'UOWNER', n = 1, at = NOW) =>
    issueFeedToken(db, at, { teamId: TEAM, agentId, actorId, random: random(n) });

  const obs = (clientId: string, at: string, over: Partial<Observation> = {}): Observation => ({
    clientId,
    at: new Date(at),
    casesHandled: 10,
    casesHandedToPerson: 1,
    dollarCents: null,
    measures: {},
    ...over,
  });

  it('issues, rotates and revokes a token for the owner and the portfolio owner only, audited', () => {
    expect(issue('UDAVE')).toMatchObject({ kind: 'not_allowed' });
    const first = issue('UOWNER', 1);
    const second = issue('UCAROL', 2);
    expect(first).toMatchObject({ kind: 'issued', rotated: false });
    expect(second).toMatchObject({ kind: 'issued', rotated: true });
    if (first.kind !== 'issued' || second.kind !== 'issued') return;
    expect(authenticateFeed(db, first.token)).toBeNull();
    expect(authenticateFeed(db, second.token)).toMatchObject({
      agentId,
      teamId: TEAM,
      timeZone: 'America/Chicago',
    });
    expect(revokeFeedToken(db, NOW, { teamId: TEAM, agentId, actorId: 'UDAVE' })).toMatchObject({
      kind: 'not_allowed',
    });
    expect(revokeFeedToken(db, NOW, { teamId: TEAM, agentId, actorId: 'UOWNER' })).toMatchObject({
      kind: 'revoked',
    });
    expect(revokeFeedToken(db, NOW, { teamId: TEAM, agentId, actorId: 'UOWNER' })).toMatchObject({
      kind: 'not_connected',
    });
    expect(authenticateFeed(db, second.token)).toBeNull();
    expect(auditTrail(db, TEAM, FEED_ENTITY, agentId).map((r) => r.action)).toEqual([
      'feed_connect',
      'feed_rotate',
      'feed_revoke',
    ]);
  });

  it("stops a retired agent's token and refuses it a new one", () => {
    const issued = issue();
    moveAgent(db, NOW, { teamId: TEAM, agentId, actorId: 'UOWNER', to: 'retired', cause: 'manual' });
    if (issued.kind === 'issued') expect(authenticateFeed(db, issued.token)).toBeNull();
    expect(issue()).toMatchObject({ kind: 'retired' });
  });

  it('rolls observations up into exact daily totals, and prunes raw days past the retention', () => {
    const issued = issue();
    if (issued.kind !== 'issued') throw new Error('no token');
    const holder = authenticateFeed(db, issued.token);
    if (!holder) throw new Error('no holder');
    const first = ingestObservations(db, NOW, {
      holder,
      observations: [
        obs('a', '2026-10-01T10:00:00-05:00', { dollarCents: 500, measures: { mean_confidence: 0.8 } }),
        obs('b', '2026-10-01T23:30:00-05:00', { dollarCents: 250, measures: { mean_confidence: 0.6 } }),
        obs('c', '2026-10-02T00:30:00-05:00'),
        obs('a', '2026-10-01T10:00:00-05:00', { casesHandled: 99 }),
      ],
    });
    expect(first).toEqual({ accepted: 3, ignored: 1 });
    watchFeeds(db, NOW, { teamId: TEAM, retentionDays: 90 });
    // A late observation for a rolled-up day is added on the next pass, not counted twice.
    ingestObservations(db, NOW, { holder, observations: [obs('d', '2026-10-01T12:00:00-05:00')] });
    watchFeeds(db, NOW, { teamId: TEAM, retentionDays: 90 });
    const daily = db
      .prepare('SELECT day, observations, cases_handled, dollar_cents, measures FROM feed_daily ORDER BY day')
      .all();
    expect(daily).toEqual([
      {
        day: '2026-10-01',
        observations: 3,
        cases_handled: 30,
        dollar_cents: 750,
        measures: '{"mean_confidence":{"sum":1.4,"count":2}}',
      },
      { day: '2026-10-02', observations: 1, cases_handled: 10, dollar_cents: null, measures: '{}' },
    ]);
    expect(feedMonth(db, TEAM, agentId, '2026-10')).toMatchObject({
      dollarCents: 750,
      totals: { casesHandled: 40 },
    });

    // 20 days kept: on Oct 21 the first kept day is Oct 2, so Oct 1's raw rows go and its totals stay.
    const pass = watchFeeds(db, new Date('2026-10-21T14:00:00Z'), { teamId: TEAM, retentionDays: 20 });
    expect(pass.pruned).toBe(3);
    expect(db.prepare('SELECT client_id FROM feed_observations').all()).toEqual([{ client_id: 'c' }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM feed_daily').get()).toEqual({ n: 2 });
  });

  it('opens a silence incident once, escalates it once when due, and closes it when the feed goes', () => {
    issue('UOWNER', 1, new Date('2026-10-14T14:00:00Z'));
    const watch = (at: Date) => watchFeeds(db, at, { teamId: TEAM, retentionDays: 90 });
    const opened = watch(NOW);
    expect(opened.opened.map((i) => [i.kind, i.escalateAt.toISOString()])).toEqual([
      ['silence', '2026-10-22T14:00:00.000Z'],
    ]);
    expect(opened.escalated).toEqual([]);
    expect(watch(NOW).opened).toEqual([]);

    // Two business days on, still silent: the portfolio owner is named once, and remembered on the incident.
    const due = new Date('2026-10-22T14:00:00Z');
    expect(watch(new Date(due.getTime() - 60_000)).escalated).toEqual([]);
    expect(watch(due).escalated.map((e) => [e.incident.kind, e.to])).toEqual([['silence', 'UCAROL']]);
    expect(watch(due).escalated).toEqual([]);

    revokeFeedToken(db, due, { teamId: TEAM, agentId, actorId: 'UOWNER' });
    const closed = watch(due);
    expect(closed.closed.map((i) => [i.kind, i.closeReason, i.escalatedTo])).toEqual([
      ['silence', 'disconnected', 'UCAROL'],
    ]);
    expect(watch(due).closed).toEqual([]);
  });

  it('judges only the feeds that may have changed: new totals, a new day, a silence falling due, new thresholds', () => {
    const other = pilotAgent(db, NOW, TEAM, 'Invoice matcher').id;
    const connectedAt = new Date('2026-10-19T14:00:00Z');
    const issued = issue('UOWNER', 1, connectedAt);
    issueFeedToken(db, connectedAt, { teamId: TEAM, agentId: other, actorId: 'UOWNER', random: random(2) });
    const holder = issued.kind === 'issued' ? authenticateFeed(db, issued.token) : null;
    if (!holder) throw new Error('no holder');
    const watch = (at: string) => watchFeeds(db, new Date(at), { teamId: TEAM, retentionDays: 90 });

    expect(watch('2026-10-19T14:01:00Z').agentsJudged).toBe(2);
    // A quiet minute: nothing new, the same day, no silence due.
    expect(watch('2026-10-19T14:02:00Z').agentsJudged).toBe(0);
    // One feed speaks: only it is judged.
    ingestObservations(db, NOW, { holder, observations: [obs('a', '2026-10-19T09:30:00-05:00')] });
    expect(watch('2026-10-19T14:03:00Z').agentsJudged).toBe(1);
    expect(watch('2026-10-19T14:04:00Z').agentsJudged).toBe(0);
    // A new day moves the windows: both are judged again, once.
    expect(watch('2026-10-21T06:00:00Z').agentsJudged).toBe(2);
    expect(watch('2026-10-21T06:01:00Z').agentsJudged).toBe(0);
    // Two business days after its connection the feed that never spoke is judged, with no new data: it is silent.
    const silent = watch('2026-10-21T14:00:00Z');
    expect(silent.agentsJudged).toBe(1);
    expect(silent.opened.map((i) => [i.agentId, i.kind])).toEqual([[other, 'silence']]);
    expect(watch('2026-10-21T14:01:00Z').agentsJudged).toBe(0);
    // New thresholds apply to every feed on the next pass.
    saveFeedSettings(db, NOW, {
      teamId: TEAM,
      actorId: 'UCAROL',
      settings: { handoffMarginPoints: 3, volumeDropPercent: 30, silentBusinessDays: 2 },
    });
    expect(watch('2026-10-21T14:02:00Z').agentsJudged).toBe(2);
  });
});
