// Live feeds' records: tokens (their hashes), raw observations, daily totals, incidents and the alerts they owe.
// Small queries; the use cases in usecases/feeds.ts decide and hold the transactions.

import { z } from 'zod';
import type { AgentStatus } from '../domain/agents.js';
import type {
  DayTotal,
  DriftFigures,
  FeedSettings,
  IncidentKind,
  Judgement,
  MeasureTotal,
  Observation,
  RecordedFeedEvidence,
  Totals,
} from '../domain/feeds.js';
import { cached, type Db, mappedRow } from './db.js';
import { parseColumn } from './json.js';
import { fromIso, fromIsoOrNull, toIso } from './time.js';

/** The audit-log entity of token changes; the entity id is the agent's. */
export const FEED_ENTITY = 'feed';

// ---- Settings ----

export function feedSettings(db: Db, teamId: string): FeedSettings {
  const row = cached(
    db,
    `SELECT feed_handoff_margin_points AS margin, feed_volume_drop_percent AS drop_percent,
            feed_silent_business_days AS silent
       FROM workspaces WHERE team_id = ?`,
  ).get(teamId) as { margin: number; drop_percent: number; silent: number } | undefined;
  if (!row) throw new Error(`No workspace ${teamId}`);
  return {
    handoffMarginPoints: row.margin,
    volumeDropPercent: row.drop_percent,
    silentBusinessDays: row.silent,
  };
}

export function writeFeedSettings(db: Db, teamId: string, s: FeedSettings): void {
  cached(
    db,
    `UPDATE workspaces SET feed_handoff_margin_points = ?, feed_volume_drop_percent = ?, feed_silent_business_days = ?
       WHERE team_id = ?`,
  ).run(s.handoffMarginPoints, s.volumeDropPercent, s.silentBusinessDays, teamId);
}

// ---- Tokens ----

export interface FeedToken {
  readonly id: number;
  readonly agentId: number;
  readonly prefix: string;
  readonly createdBy: string;
  readonly createdAt: Date;
}

interface TokenRow {
  id: number;
  agent_id: number;
  token_prefix: string;
  created_by: string;
  created_at: string;
}

const tokenFromRow = (r: TokenRow): FeedToken => ({
  id: r.id,
  agentId: r.agent_id,
  prefix: r.token_prefix,
  createdBy: r.created_by,
  createdAt: fromIso(r.created_at),
});

export function liveToken(db: Db, teamId: string, agentId: number): FeedToken | undefined {
  return mappedRow(
    db,
    'SELECT * FROM feed_tokens WHERE team_id = ? AND agent_id = ? AND revoked_at IS NULL',
    tokenFromRow,
    teamId,
    agentId,
  );
}

export function insertToken(
  db: Db,
  t: { teamId: string; agentId: number; hash: string; prefix: string; by: string; at: Date },
): FeedToken {
  const info = cached(
    db,
    `INSERT INTO feed_tokens (team_id, agent_id, token_hash, token_prefix, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(t.teamId, t.agentId, t.hash, t.prefix, t.by, toIso(t.at));
  return {
    id: Number(info.lastInsertRowid),
    agentId: t.agentId,
    prefix: t.prefix,
    createdBy: t.by,
    createdAt: t.at,
  };
}

export function revokeToken(
  db: Db,
  t: { tokenId: number; by: string; at: Date; why: 'rotated' | 'revoked' },
): void {
  cached(
    db,
    'UPDATE feed_tokens SET revoked_by = ?, revoked_at = ?, revoked_why = ? WHERE id = ? AND revoked_at IS NULL',
  ).run(t.by, toIso(t.at), t.why, t.tokenId);
}

/** Who a live token speaks for, with the agent's status (a retired agent's token no longer works). */
export interface TokenHolder {
  readonly tokenId: number;
  readonly teamId: string;
  readonly agentId: number;
  readonly agentStatus: AgentStatus;
  readonly timeZone: string | null;
}

export function tokenHolder(db: Db, hash: string): TokenHolder | undefined {
  const row = cached(
    db,
    `SELECT t.id, t.team_id, t.agent_id, a.status, w.time_zone FROM feed_tokens t
       JOIN agents a ON a.id = t.agent_id JOIN workspaces w ON w.team_id = t.team_id
     WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
  ).get(hash) as
    | { id: number; team_id: string; agent_id: number; status: AgentStatus; time_zone: string | null }
    | undefined;
  return (
    row && {
      tokenId: row.id,
      teamId: row.team_id,
      agentId: row.agent_id,
      agentStatus: row.status,
      timeZone: row.time_zone,
    }
  );
}

/** Agents with a live token, which one and when it was made: the feeds the watch looks at. */
export function connectedFeeds(
  db: Db,
  teamId: string,
): { agentId: number; tokenId: number; connectedAt: Date; status: AgentStatus }[] {
  const rows = cached(
    db,
    `SELECT t.id, t.agent_id, t.created_at, a.status FROM feed_tokens t JOIN agents a ON a.id = t.agent_id
       WHERE t.team_id = ? AND t.revoked_at IS NULL ORDER BY t.agent_id`,
  ).all(teamId) as { id: number; agent_id: number; created_at: string; status: AgentStatus }[];
  return rows.map((r) => ({
    agentId: r.agent_id,
    tokenId: r.id,
    connectedAt: fromIso(r.created_at),
    status: r.status,
  }));
}

// ---- Observations ----

/** Stores one observation unless its client id was seen before; true when it was new. */
export function insertObservation(
  db: Db,
  o: Observation & { teamId: string; agentId: number; day: string; receivedAt: Date },
): boolean {
  const measures = Object.keys(o.measures).length === 0 ? null : JSON.stringify(o.measures);
  return (
    cached(
      db,
      `INSERT OR IGNORE INTO feed_observations (team_id, agent_id, client_id, at, day, cases_handled,
         cases_handed_to_person, dollar_cents, measures, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      o.teamId,
      o.agentId,
      o.clientId,
      toIso(o.at),
      o.day,
      o.casesHandled,
      o.casesHandedToPerson,
      o.dollarCents,
      measures,
      toIso(o.receivedAt),
    ).changes === 1
  );
}

/** Each agent's latest observation time, from the raw rows still kept and the daily totals before them. */
export function lastObservations(db: Db, teamId: string): Map<number, Date> {
  // Per agent, so each MAX is one step down an index instead of a scan of every raw row.
  const rows = cached(
    db,
    `SELECT a.id AS agent_id,
            MAX(COALESCE((SELECT MAX(at) FROM feed_observations o WHERE o.agent_id = a.id), ''),
                COALESCE((SELECT MAX(last_at) FROM feed_daily d WHERE d.agent_id = a.id), '')) AS last
       FROM agents a WHERE a.team_id = ?`,
  ).all(teamId) as { agent_id: number; last: string }[];
  return new Map(rows.flatMap((r) => (r.last === '' ? [] : [[r.agent_id, fromIso(r.last)] as const])));
}

// ---- Roll-up ----

/**
 * Recomputes the daily totals of every (agent, day) that received an observation with an id above the
 * workspace's mark, from all the raw rows of that day, then moves the mark. A day's raw rows are all still
 * there when it is recomputed (see firstKeptDay), so the totals are exact. Returns the days written and the
 * agents whose totals they were.
 */
export function rollUp(db: Db, teamId: string, at: Date): { days: number; agents: Set<number> } {
  const mark = cached(db, 'SELECT through_id FROM feed_rollups WHERE team_id = ?').get(teamId) as
    | { through_id: number }
    | undefined;
  const from = mark?.through_id ?? 0;
  // `+team_id` keeps SQLite on the id range (the few rows since the mark) rather than every row of the team.
  const top = cached(db, 'SELECT MAX(id) AS top FROM feed_observations WHERE +team_id = ? AND id > ?').get(
    teamId,
    from,
  ) as { top: number | null };
  if (top.top === null) return { days: 0, agents: new Set() };
  const agents = cached(
    db,
    'SELECT DISTINCT agent_id FROM feed_observations WHERE +team_id = ? AND id > ? AND id <= ?',
  )
    .pluck()
    .all(teamId, from, top.top) as number[];
  const written = cached(
    db,
    `WITH touched AS (
       SELECT DISTINCT agent_id, day FROM feed_observations WHERE +team_id = ? AND id > ? AND id <= ?),
     rows AS (
       SELECT o.* FROM feed_observations o JOIN touched t ON t.agent_id = o.agent_id AND t.day = o.day),
     measure_sums AS (
       SELECT agent_id, day, json_group_object(name, json_object('sum', total, 'count', n)) AS measures FROM (
         SELECT r.agent_id, r.day, m.key AS name, SUM(m.value) AS total, COUNT(*) AS n
           FROM rows r, json_each(r.measures) m WHERE r.measures IS NOT NULL GROUP BY r.agent_id, r.day, m.key)
       GROUP BY agent_id, day)
     INSERT INTO feed_daily (team_id, agent_id, day, observations, cases_handled, cases_handed_to_person,
                             dollar_cents, measures, last_at)
     SELECT ?, r.agent_id, r.day, COUNT(*), SUM(r.cases_handled), SUM(r.cases_handed_to_person),
            SUM(r.dollar_cents), COALESCE(ms.measures, '{}'), MAX(r.at)
       FROM rows r LEFT JOIN measure_sums ms ON ms.agent_id = r.agent_id AND ms.day = r.day
      GROUP BY r.agent_id, r.day
     ON CONFLICT (agent_id, day) DO UPDATE SET observations = excluded.observations,
       cases_handled = excluded.cases_handled, cases_handed_to_person = excluded.cases_handed_to_person,
       dollar_cents = excluded.dollar_cents, measures = excluded.measures, last_at = excluded.last_at`,
  ).run(teamId, from, top.top, teamId).changes;
  cached(
    db,
    `INSERT INTO feed_rollups (team_id, through_id, rolled_at) VALUES (?, ?, ?)
     ON CONFLICT (team_id) DO UPDATE SET through_id = excluded.through_id, rolled_at = excluded.rolled_at`,
  ).run(teamId, top.top, toIso(at));
  return { days: written, agents: new Set(agents) };
}

/** Drops raw observations of days before `firstKeptDay` that the roll-up has already counted. */
export function pruneObservations(db: Db, teamId: string, firstKeptDay: string): number {
  return cached(
    db,
    `DELETE FROM feed_observations WHERE team_id = ? AND day < ?
       AND id <= COALESCE((SELECT through_id FROM feed_rollups WHERE team_id = ?), 0)`,
  ).run(teamId, firstKeptDay, teamId).changes;
}

const measuresSchema = z.record(z.string(), z.object({ sum: z.number(), count: z.number() }));

interface DailyRow {
  agent_id: number;
  day: string;
  observations: number;
  cases_handled: number;
  cases_handed_to_person: number;
  dollar_cents: number | null;
  measures: string;
}

const dayFromRow = (r: DailyRow): DayTotal => ({
  day: r.day,
  observations: r.observations,
  casesHandled: r.cases_handled,
  casesHandedToPerson: r.cases_handed_to_person,
  dollarCents: r.dollar_cents,
  measures: parseColumn<Record<string, MeasureTotal>>(measuresSchema, r.measures, {
    table: 'feed_daily',
    id: `${r.agent_id}/${r.day}`,
    column: 'measures',
  }),
});

export function dailyTotals(
  db: Db,
  teamId: string,
  agentId: number,
  fromDay: string,
  toDay: string,
): DayTotal[] {
  return (
    cached(
      db,
      'SELECT * FROM feed_daily WHERE team_id = ? AND agent_id = ? AND day >= ? AND day <= ? ORDER BY day',
    ).all(teamId, agentId, fromDay, toDay) as DailyRow[]
  ).map(dayFromRow);
}

/** Every rolled-up day of every agent of the workspace, summed per agent. */
export function feedTotals(db: Db, teamId: string): Map<number, Totals> {
  const rows = cached(
    db,
    `SELECT agent_id, COUNT(*) AS days, SUM(observations) AS observations, SUM(cases_handled) AS handled,
            SUM(cases_handed_to_person) AS handed, SUM(dollar_cents) AS dollars
       FROM feed_daily WHERE team_id = ? GROUP BY agent_id`,
  ).all(teamId) as {
    agent_id: number;
    days: number;
    observations: number;
    handled: number;
    handed: number;
    dollars: number | null;
  }[];
  return new Map(
    rows.map((r) => [
      r.agent_id,
      {
        days: r.days,
        observations: r.observations,
        casesHandled: r.handled,
        casesHandedToPerson: r.handed,
        dollarCents: r.dollars,
      },
    ]),
  );
}

// ---- What the watch last judged ----

export function judgements(db: Db, teamId: string): Map<number, Judgement> {
  const rows = cached(
    db,
    'SELECT agent_id, token_id, judged_day, silent_at FROM feed_judgements WHERE team_id = ?',
  ).all(teamId) as { agent_id: number; token_id: number; judged_day: string; silent_at: string | null }[];
  return new Map(
    rows.map((r) => [
      r.agent_id,
      { tokenId: r.token_id, day: r.judged_day, silentAt: fromIsoOrNull(r.silent_at) },
    ]),
  );
}

export function saveJudgement(db: Db, teamId: string, agentId: number, j: Judgement): void {
  cached(
    db,
    `INSERT INTO feed_judgements (agent_id, team_id, token_id, judged_day, silent_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (agent_id) DO UPDATE SET token_id = excluded.token_id, judged_day = excluded.judged_day,
       silent_at = excluded.silent_at`,
  ).run(agentId, teamId, j.tokenId, j.day, j.silentAt === null ? null : toIso(j.silentAt));
}

/** Forgets what was judged of one agent's feed, or of every feed of the workspace: the next pass judges afresh. */
export function forgetJudgements(db: Db, teamId: string, agentId?: number): void {
  if (agentId === undefined) cached(db, 'DELETE FROM feed_judgements WHERE team_id = ?').run(teamId);
  else cached(db, 'DELETE FROM feed_judgements WHERE team_id = ? AND agent_id = ?').run(teamId, agentId);
}

// ---- Incidents ----

const windowFields = { window: z.enum(['day', 'week']), from: z.string(), to: z.string() };
const figuresSchema: z.ZodType<DriftFigures> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('handoff'),
    ...windowFields,
    cases: z.number(),
    sharePercent: z.number(),
    baselinePercent: z.number(),
    marginPoints: z.number(),
  }),
  z.object({
    kind: z.literal('volume'),
    ...windowFields,
    casesPerDay: z.number(),
    baselinePerDay: z.number(),
    dropPercent: z.number(),
    limitPercent: z.number(),
  }),
  z.object({
    kind: z.literal('silence'),
    lastObservationAt: z.string().nullable(),
    since: z.string(),
    businessDays: z.number(),
  }),
]);

export interface Incident {
  readonly id: number;
  readonly teamId: string;
  readonly agentId: number;
  readonly kind: IncidentKind;
  readonly openedAt: Date;
  readonly figures: DriftFigures;
  readonly escalateAt: Date;
  readonly closedAt: Date | null;
  readonly closeReason: 'recovered' | 'disconnected' | null;
  /** When the portfolio owner's escalation fell due and was queued, and to whom (null: there was nobody). */
  readonly escalatedAt: Date | null;
  readonly escalatedTo: string | null;
}

interface IncidentRow {
  id: number;
  team_id: string;
  agent_id: number;
  kind: IncidentKind;
  opened_at: string;
  figures: string;
  escalate_at: string;
  closed_at: string | null;
  close_reason: 'recovered' | 'disconnected' | null;
  escalated_at: string | null;
  escalated_to: string | null;
}

const incidentFromRow = (r: IncidentRow): Incident => ({
  id: r.id,
  teamId: r.team_id,
  agentId: r.agent_id,
  kind: r.kind,
  openedAt: fromIso(r.opened_at),
  figures: parseColumn(figuresSchema, r.figures, { table: 'feed_incidents', id: r.id, column: 'figures' }),
  escalateAt: fromIso(r.escalate_at),
  closedAt: fromIsoOrNull(r.closed_at),
  closeReason: r.close_reason,
  escalatedAt: fromIsoOrNull(r.escalated_at),
  escalatedTo: r.escalated_to,
});

/** The messages an incident may owe: the owner's DM and its chart, the escalation, the closing notes. */
export type IncidentAlert = 'opened' | 'chart' | 'escalated' | 'closed' | 'closed_escalated';

/** The outbox key of one message an incident owes; the outbox sends each key once. */
export function incidentAlertKey(incidentId: number, kind: IncidentAlert): string {
  return `${INCIDENT_ALERT_KIND} ${incidentId}:${kind}`;
}

/** The kind of outbox key an incident's messages carry. */
export const INCIDENT_ALERT_KIND = 'feed-incident';

export function openIncidents(db: Db, teamId: string): Incident[] {
  return (
    cached(db, 'SELECT * FROM feed_incidents WHERE team_id = ? AND closed_at IS NULL ORDER BY id').all(
      teamId,
    ) as IncidentRow[]
  ).map(incidentFromRow);
}

export function getIncident(db: Db, teamId: string, id: number): Incident | undefined {
  const row = cached(db, 'SELECT * FROM feed_incidents WHERE team_id = ? AND id = ?').get(teamId, id) as
    | IncidentRow
    | undefined;
  return row && incidentFromRow(row);
}

export function insertIncident(
  db: Db,
  i: { teamId: string; agentId: number; figures: DriftFigures; at: Date; escalateAt: Date },
): number {
  return Number(
    cached(
      db,
      `INSERT INTO feed_incidents (team_id, agent_id, kind, opened_at, figures, escalate_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(i.teamId, i.agentId, i.figures.kind, toIso(i.at), JSON.stringify(i.figures), toIso(i.escalateAt))
      .lastInsertRowid,
  );
}

/** Open incidents whose escalation fell due by `now` and was not yet queued. */
export function dueEscalations(db: Db, teamId: string, now: Date): Incident[] {
  return (
    cached(
      db,
      `SELECT * FROM feed_incidents
        WHERE team_id = ? AND closed_at IS NULL AND escalated_at IS NULL AND escalate_at <= ? ORDER BY id`,
    ).all(teamId, toIso(now)) as IncidentRow[]
  ).map(incidentFromRow);
}

export function markEscalated(db: Db, e: { id: number; at: Date; to: string | null }): void {
  cached(db, 'UPDATE feed_incidents SET escalated_at = ?, escalated_to = ? WHERE id = ?').run(
    toIso(e.at),
    e.to,
    e.id,
  );
}

export function closeIncident(
  db: Db,
  c: { id: number; at: Date; reason: 'recovered' | 'disconnected'; figures: DriftFigures | null },
): void {
  cached(
    db,
    `UPDATE feed_incidents SET closed_at = ?, close_reason = ?, close_figures = ?
       WHERE id = ? AND closed_at IS NULL`,
  ).run(toIso(c.at), c.reason, c.figures === null ? null : JSON.stringify(c.figures), c.id);
}

/** What the feeds' records hold, for the framework crosswalk. */
export function feedRecords(
  db: Db,
  teamId: string,
): { connected: number; days: number; incidents: number; open: number; lastIncidentAt: Date | null } {
  const row = cached(
    db,
    `SELECT (SELECT COUNT(*) FROM feed_tokens WHERE team_id = @team AND revoked_at IS NULL) AS connected,
            (SELECT COUNT(*) FROM feed_daily WHERE team_id = @team) AS days,
            COUNT(*) AS incidents, COALESCE(SUM(closed_at IS NULL), 0) AS open, MAX(opened_at) AS last
       FROM feed_incidents WHERE team_id = @team`,
  ).get({ team: teamId }) as {
    connected: number;
    days: number;
    incidents: number;
    open: number;
    last: string | null;
  };
  return {
    connected: row.connected,
    days: row.days,
    incidents: row.incidents,
    open: row.open,
    lastIncidentAt: fromIsoOrNull(row.last),
  };
}

// ---- Gate evidence ----

const gateEvidenceSchema: z.ZodType<RecordedFeedEvidence> = z.object({
  connected: z.boolean(),
  days: z.number(),
  casesHandled: z.number(),
  handoffPercent: z.number().nullable(),
  lastObservationAt: z.string().nullable(),
  healthy: z.boolean(),
  recordedAt: z.string(),
});

/** The gate_reviews.feed_evidence column, as written from a RecordedFeedEvidence. */
export function parseFeedEvidence(json: string | null, reviewId: number): RecordedFeedEvidence | null {
  return json === null
    ? null
    : parseColumn(gateEvidenceSchema, json, { table: 'gate_reviews', id: reviewId, column: 'feed_evidence' });
}
