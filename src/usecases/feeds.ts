// What people and the watch do with live feeds: connect, rotate and revoke a token; take observations in; roll
// them up and watch them, opening and closing incidents with the alerts they owe. Each write is one IMMEDIATE
// transaction; nothing here talks to Slack.

import type { Agent } from '../domain/agents.js';
import { isRunning } from '../domain/agents.js';
import { addBusinessDays, calendarZone, localDateOf, type ZoneOrCalendar } from '../domain/calendar.js';
import {
  canManageFeed,
  type DriftFigures,
  daysOfMonth,
  ESCALATE_AFTER_BUSINESS_DAYS,
  type FeedEvidence,
  type FeedSettings,
  feedEvidence,
  feedTokenFrom,
  feedTokenPrefix,
  firstKeptDay,
  handoffPercent,
  hashFeedToken,
  type IncidentKind,
  isFeedTokenShape,
  judgeFeed,
  needsJudging,
  type Observation,
  type RecordedFeedEvidence,
  shiftDay,
  silentFrom,
  sumDays,
  type Totals,
  windowsAt,
} from '../domain/feeds.js';
import { DEFAULT_TIME_ZONE, zoneOf } from '../domain/workspace.js';
import { getAgent } from '../store/agents.js';
import { recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import {
  closeIncident,
  connectedFeeds,
  dailyTotals,
  dueEscalations,
  FEED_ENTITY,
  type FeedToken,
  feedSettings,
  feedTotals,
  forgetJudgements,
  getIncident,
  type Incident,
  insertIncident,
  insertObservation,
  insertToken,
  judgements,
  lastObservations,
  liveToken,
  markEscalated,
  openIncidents,
  pruneObservations,
  revokeToken,
  rollUp,
  saveJudgement,
  type TokenHolder,
  tokenHolder,
  writeFeedSettings,
} from '../store/feeds.js';
import { getWorkspace } from '../store/workspaces.js';
import { workspaceCalendar } from './calendar.js';
import type { AgentAccess } from './registry.js';

/** The workspace's business days (its zone, public holidays and closed days): silence and escalation count them. */
function calendarOf(db: Db, teamId: string): ZoneOrCalendar {
  const workspace = getWorkspace(db, teamId);
  return workspace ? workspaceCalendar(db, workspace) : DEFAULT_TIME_ZONE;
}

// ---- Tokens ----

export interface TokenChange {
  readonly teamId: string;
  readonly agentId: number;
  readonly actorId: string;
}

export type IssueResult =
  | {
      readonly kind: 'issued';
      /** The token itself: shown once, never stored. */
      readonly token: string;
      readonly feed: FeedToken;
      readonly agent: Agent;
      readonly rotated: boolean;
    }
  | { readonly kind: 'not_allowed' | 'retired'; readonly agent: Agent }
  | { readonly kind: 'not_found' };

/** Whether the actor may manage the agent's live feed (canManageFeed): its modal opens only when they may. */
export function checkFeedAccess(db: Db, c: TokenChange): AgentAccess {
  const agent = getAgent(db, c.teamId, c.agentId);
  if (!agent) return { kind: 'not_found' };
  const allowed = canManageFeed(c.actorId, agent, getWorkspace(db, c.teamId)?.portfolioOwnerId ?? null);
  return { kind: allowed ? 'allowed' : 'not_allowed', agent };
}

function managedAgent(db: Db, c: TokenChange): { agent: Agent } | { refusal: IssueResult } {
  const access = checkFeedAccess(db, c);
  if (access.kind !== 'allowed') return { refusal: access };
  if (access.agent.status === 'retired') return { refusal: { kind: 'retired', agent: access.agent } };
  return { agent: access.agent };
}

/**
 * Connects the agent's feed, or rotates its token when one is live: the old token stops working in the same
 * transaction the new one starts. `random` is FEED_TOKEN_BYTES of crypto.randomBytes.
 */
export function issueFeedToken(db: Db, now: Date, c: TokenChange & { random: Uint8Array }): IssueResult {
  return db
    .transaction((): IssueResult => {
      const found = managedAgent(db, c);
      if ('refusal' in found) return found.refusal;
      const previous = liveToken(db, c.teamId, c.agentId);
      if (previous) revokeToken(db, { tokenId: previous.id, by: c.actorId, at: now, why: 'rotated' });
      const token = feedTokenFrom(c.random);
      const feed = insertToken(db, {
        teamId: c.teamId,
        agentId: c.agentId,
        hash: hashFeedToken(token),
        prefix: feedTokenPrefix(token),
        by: c.actorId,
        at: now,
      });
      recordAudit(db, {
        teamId: c.teamId,
        actorId: c.actorId,
        entity: FEED_ENTITY,
        entityId: c.agentId,
        action: previous ? 'feed_rotate' : 'feed_connect',
        before: previous ? { tokenPrefix: previous.prefix } : null,
        after: { tokenPrefix: feed.prefix },
        at: now,
      });
      return { kind: 'issued', token, feed, agent: found.agent, rotated: previous !== undefined };
    })
    .immediate();
}

export type RevokeResult =
  | { readonly kind: 'revoked'; readonly agent: Agent; readonly prefix: string }
  | { readonly kind: 'not_connected' | 'not_allowed'; readonly agent: Agent }
  | { readonly kind: 'not_found' };

/** Stops the agent's token. A retired agent's token may still be revoked, for a tidy record. */
export function revokeFeedToken(db: Db, now: Date, c: TokenChange): RevokeResult {
  return db
    .transaction((): RevokeResult => {
      const agent = getAgent(db, c.teamId, c.agentId);
      if (!agent) return { kind: 'not_found' };
      if (!canManageFeed(c.actorId, agent, getWorkspace(db, c.teamId)?.portfolioOwnerId ?? null))
        return { kind: 'not_allowed', agent };
      const live = liveToken(db, c.teamId, c.agentId);
      if (!live) return { kind: 'not_connected', agent };
      revokeToken(db, { tokenId: live.id, by: c.actorId, at: now, why: 'revoked' });
      recordAudit(db, {
        teamId: c.teamId,
        actorId: c.actorId,
        entity: FEED_ENTITY,
        entityId: c.agentId,
        action: 'feed_revoke',
        before: { tokenPrefix: live.prefix },
        after: null,
        at: now,
      });
      return { kind: 'revoked', agent, prefix: live.prefix };
    })
    .immediate();
}

// ---- Alert settings ----

/** Saves the drift thresholds with an audit row; a save that changes nothing writes nothing. */
export function saveFeedSettings(
  db: Db,
  now: Date,
  input: { teamId: string; actorId: string; settings: FeedSettings },
): FeedSettings {
  return db
    .transaction((): FeedSettings => {
      const before = feedSettings(db, input.teamId);
      const changed = (Object.keys(before) as (keyof FeedSettings)[]).some(
        (k) => before[k] !== input.settings[k],
      );
      if (!changed) return before;
      writeFeedSettings(db, input.teamId, input.settings);
      // New thresholds: every feed is judged by them on the next pass.
      forgetJudgements(db, input.teamId);
      recordAudit(db, {
        teamId: input.teamId,
        actorId: input.actorId,
        entity: 'workspace',
        entityId: input.teamId,
        action: 'feed_settings',
        before,
        after: input.settings,
        at: now,
      });
      return input.settings;
    })
    .immediate();
}

// ---- Intake ----

/** The agent a bearer token speaks for, or null: unknown, revoked, or its agent retired. */
export function authenticateFeed(db: Db, token: string): TokenHolder | null {
  if (!isFeedTokenShape(token)) return null;
  const holder = tokenHolder(db, hashFeedToken(token));
  return holder && holder.agentStatus !== 'retired' ? holder : null;
}

export interface IngestResult {
  readonly accepted: number;
  /** Repeats of an id already received. */
  readonly ignored: number;
}

/** Stores a batch of already-validated observations in one transaction; a repeated client id is ignored. */
export function ingestObservations(
  db: Db,
  now: Date,
  input: { holder: TokenHolder; observations: readonly Observation[] },
): IngestResult {
  const zone = zoneOf(input.holder);
  return db
    .transaction((): IngestResult => {
      let accepted = 0;
      for (const o of input.observations) {
        const stored = insertObservation(db, {
          ...o,
          teamId: input.holder.teamId,
          agentId: input.holder.agentId,
          day: localDateOf(o.at, zone),
          receivedAt: now,
        });
        if (stored) accepted += 1;
      }
      return { accepted, ignored: input.observations.length - accepted };
    })
    .immediate();
}

// ---- Watching ----

export interface WatchResult {
  readonly daysRolledUp: number;
  /** The feeds judged this pass: those that may have changed since their last judgement. */
  readonly agentsJudged: number;
  readonly pruned: number;
  readonly opened: readonly Incident[];
  /** Incidents still open two business days on: the portfolio owner (`to`) hears; null when there is none. */
  readonly escalated: readonly { readonly incident: Incident; readonly to: string | null }[];
  /** Incidents closed by this pass, with whom their escalation went to. */
  readonly closed: readonly Incident[];
}

function openIncident(
  db: Db,
  now: Date,
  calendar: ZoneOrCalendar,
  teamId: string,
  agentId: number,
  figures: DriftFigures,
): number {
  const escalateAt = addBusinessDays(now, ESCALATE_AFTER_BUSINESS_DAYS, calendar);
  return insertIncident(db, { teamId, agentId, figures, at: now, escalateAt });
}

/**
 * One pass of the watch over a workspace: rolls the new observations up into daily totals, drops raw rows past
 * their retention, then judges the connected running agents that may have changed since their last judgement (see
 * needsJudging), so a quiet minute judges none. A kind that drifts and has no open incident opens one; an open
 * incident whose drift is gone, or whose feed is gone, closes; one still open two business days on is escalated to
 * the portfolio owner, once. The surface queues the messages these owe in the same transaction.
 */
export function watchFeeds(db: Db, now: Date, input: { teamId: string; retentionDays: number }): WatchResult {
  return db
    .transaction((): WatchResult => {
      const { teamId } = input;
      const calendar = calendarOf(db, teamId);
      const zone = calendarZone(calendar);
      const rolled = rollUp(db, teamId, now);
      const pruned = pruneObservations(db, teamId, firstKeptDay(now, zone, input.retentionDays));
      const settings = feedSettings(db, teamId);
      const open = new Map(openIncidents(db, teamId).map((i) => [`${i.agentId} ${i.kind}`, i]));
      const judged = judgements(db, teamId);
      const { baseline } = windowsAt(now, calendar);
      const today = localDateOf(now, zone);
      let last: Map<number, Date> | undefined;
      let judgedNow = 0;
      const opened: number[] = [];
      const closed: number[] = [];
      const watched = new Set<number>();
      const close = (incident: Incident, reason: 'recovered' | 'disconnected') => {
        closeIncident(db, { id: incident.id, at: now, reason, figures: null });
        closed.push(incident.id);
      };
      for (const feed of connectedFeeds(db, teamId)) {
        if (!isRunning(feed.status)) {
          // Judged afresh if it runs again.
          if (judged.has(feed.agentId)) forgetJudgements(db, teamId, feed.agentId);
          continue;
        }
        watched.add(feed.agentId);
        const due = needsJudging(judged.get(feed.agentId), {
          tokenId: feed.tokenId,
          day: today,
          at: now,
          totalsChanged: rolled.agents.has(feed.agentId),
        });
        if (!due) continue;
        judgedNow += 1;
        last ??= lastObservations(db, teamId);
        const facts = {
          lastObservationAt: last.get(feed.agentId) ?? null,
          connectedAt: feed.connectedAt,
          now,
          calendar,
          settings,
        };
        const drifts = judgeFeed({
          ...facts,
          days: dailyTotals(db, teamId, feed.agentId, baseline.from, today),
        });
        for (const [kind, figures] of drifts) {
          if (!open.has(`${feed.agentId} ${kind}`))
            opened.push(openIncident(db, now, calendar, teamId, feed.agentId, figures));
        }
        for (const kind of ['handoff', 'volume', 'silence'] as const satisfies readonly IncidentKind[]) {
          const incident = open.get(`${feed.agentId} ${kind}`);
          if (incident && !drifts.has(kind)) close(incident, 'recovered');
        }
        const silentAt = silentFrom(facts);
        saveJudgement(db, teamId, feed.agentId, {
          tokenId: feed.tokenId,
          day: today,
          silentAt: silentAt > now ? silentAt : null,
        });
      }
      for (const incident of open.values()) {
        if (!watched.has(incident.agentId)) close(incident, 'disconnected');
      }
      const portfolioOwnerId = getWorkspace(db, teamId)?.portfolioOwnerId ?? null;
      const escalated = dueEscalations(db, teamId, now).map((incident) => {
        markEscalated(db, { id: incident.id, at: now, to: portfolioOwnerId });
        return { incident, to: portfolioOwnerId };
      });
      const reread = (ids: readonly number[]) => ids.flatMap((id) => getIncident(db, teamId, id) ?? []);
      return {
        daysRolledUp: rolled.days,
        agentsJudged: judgedNow,
        pruned,
        opened: reread(opened),
        escalated,
        closed: reread(closed),
      };
    })
    .immediate();
}

// ---- What the feed shows elsewhere ----

/** Each agent's feed evidence over all its rolled-up days: for the gate, the Home tab, placement and export. */
export function feedEvidenceByAgent(db: Db, now: Date, teamId: string): Map<number, FeedEvidence> {
  const calendar = calendarOf(db, teamId);
  const settings = feedSettings(db, teamId);
  const totals = feedTotals(db, teamId);
  const last = lastObservations(db, teamId);
  const live = new Map(connectedFeeds(db, teamId).map((f) => [f.agentId, f.connectedAt]));
  const agents = new Set([...totals.keys(), ...live.keys()]);
  const none: Totals = {
    days: 0,
    observations: 0,
    casesHandled: 0,
    casesHandedToPerson: 0,
    dollarCents: null,
  };
  return new Map(
    [...agents].map((agentId) => [
      agentId,
      feedEvidence({
        connectedAt: live.get(agentId) ?? null,
        totals: totals.get(agentId) ?? none,
        lastObservationAt: last.get(agentId) ?? null,
        now,
        calendar,
        settings,
      }),
    ]),
  );
}

/** Each agent's feed evidence with its hand-off share over one month, for that month's review post. */
export function feedEvidenceForMonth(
  db: Db,
  now: Date,
  teamId: string,
  month: string,
): Map<number, FeedEvidence> {
  const evidence = feedEvidenceByAgent(db, now, teamId);
  for (const [agentId, e] of evidence) {
    const share = handoffPercent(feedMonth(db, teamId, agentId, month).totals);
    evidence.set(agentId, { ...e, handoffPercent: share === null ? null : Math.round(share * 10) / 10 });
  }
  return evidence;
}

/** Production and scaling agents with a healthy live feed: the ones the records show as monitored. */
export function monitoredAgents(db: Db, now: Date, teamId: string): number {
  const evidence = feedEvidenceByAgent(db, now, teamId);
  return connectedFeeds(db, teamId).filter(
    (f) => (f.status === 'production' || f.status === 'scaling') && evidence.get(f.agentId)?.healthy,
  ).length;
}

/** The gate's record of what the feed proved when the claim was filed. */
export function recordedFeedEvidence(
  db: Db,
  now: Date,
  teamId: string,
  agentId: number,
): RecordedFeedEvidence | null {
  const evidence = feedEvidenceByAgent(db, now, teamId).get(agentId);
  if (!evidence) return null;
  return {
    connected: evidence.connected,
    days: evidence.days,
    casesHandled: evidence.casesHandled,
    handoffPercent: evidence.handoffPercent,
    lastObservationAt: evidence.lastObservationAt?.toISOString() ?? null,
    healthy: evidence.healthy,
    recordedAt: now.toISOString(),
  };
}

/** The month's figures from the feed: its dollars (null when it sends none) and its hand-off share. */
export function feedMonth(
  db: Db,
  teamId: string,
  agentId: number,
  month: string,
): { dollarCents: number | null; totals: Totals } {
  const days = daysOfMonth(dailyTotals(db, teamId, agentId, `${month}-01`, `${month}-31`), month);
  const totals = sumDays(days);
  return { dollarCents: totals.dollarCents, totals };
}

/** The days a chart of an incident shows: the baseline and everything since, up to yesterday. */
export function incidentDays(db: Db, incident: Incident, zone: string) {
  const { baseline } = windowsAt(incident.openedAt, zone);
  return dailyTotals(
    db,
    incident.teamId,
    incident.agentId,
    baseline.from,
    shiftDay(localDateOf(incident.openedAt, zone), -1),
  );
}
