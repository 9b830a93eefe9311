// The monthly value review's records: the agents it asks about, each month's reported number and its
// corrections, the posted reviews, and the review's settings kept on the workspace row.

import { z } from 'zod';
import { AGENT_STATUSES, type AgentStatus, isRunning } from '../domain/agents.js';
import { nextPeriod, type PeriodKey } from '../domain/calendar.js';
import type { MonthReviewFacts } from '../domain/judged-months.js';
import {
  type MonthlyReport,
  type ReviewAgent,
  type ReviewAgentStatus,
  type ReviewCounts,
  reportSource,
  type ValueReview,
} from '../domain/monthly-report.js';
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from '../domain/value-review.js';
import { cached, type Db, mappedRow } from './db.js';
import { parseColumn } from './json.js';
import { fromIso, fromIsoOrNull, toIso } from './time.js';

export const REPORT_ENTITY = 'report';
export const WORKSPACE_ENTITY = 'workspace';

// ---- Agents, as the review sees them ----

interface ReviewAgentRow {
  id: number;
  name: string;
  owner_id: string;
  metric: string;
  monthly_target_cents: number;
  status: AgentStatus;
  registered_at: string;
  gate_passed_at: string | null;
  retired_at: string | null;
}

const AGENT_COLUMNS =
  'id, name, owner_id, metric, monthly_target_cents, status, registered_at, gate_passed_at, retired_at';
const RUNNING_STATUSES = JSON.stringify(AGENT_STATUSES.filter(isRunning));

const agentFromRow = (r: ReviewAgentRow): ReviewAgent => ({
  id: r.id,
  name: r.name,
  ownerId: r.owner_id,
  metric: r.metric,
  monthlyTargetCents: r.monthly_target_cents,
  status: r.status,
  registeredAt: fromIso(r.registered_at),
  gatePassedAt: fromIsoOrNull(r.gate_passed_at),
  retiredAt: fromIsoOrNull(r.retired_at),
});

/** The agents asked for a number: pilot, production and scaling, by name. */
export function runningAgents(db: Db, teamId: string): ReviewAgent[] {
  const rows = cached(
    db,
    `SELECT ${AGENT_COLUMNS} FROM agents
       WHERE team_id = ? AND status IN (SELECT value FROM json_each(?)) ORDER BY name_key`,
  ).all(teamId, RUNNING_STATUSES) as ReviewAgentRow[];
  return rows.map(agentFromRow);
}

/** Whether `ownerId` owns one of the agents the review asks for a number. */
export function ownsRunningAgent(db: Db, teamId: string, ownerId: string): boolean {
  return (
    cached(
      db,
      `SELECT 1 FROM agents WHERE team_id = ? AND owner_id = ? AND status IN (SELECT value FROM json_each(?)) LIMIT 1`,
    ).get(teamId, ownerId, RUNNING_STATUSES) !== undefined
  );
}

export function reviewAgents(db: Db, teamId: string, ids: readonly number[]): ReviewAgent[] {
  const rows = cached(
    db,
    `SELECT ${AGENT_COLUMNS} FROM agents
       WHERE team_id = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY name_key`,
  ).all(teamId, JSON.stringify(ids)) as ReviewAgentRow[];
  return rows.map(agentFromRow);
}

export function reviewAgent(db: Db, teamId: string, id: number): ReviewAgent | undefined {
  return reviewAgents(db, teamId, [id])[0];
}

// ---- Reports and corrections ----

interface ReportRow {
  id: number;
  agent_id: number;
  month: string;
  amount_cents: number;
  note: string | null;
  evidence_url: string | null;
  handoff_percent: number | null;
  reported_by: string;
  on_behalf_of: string | null;
  reported_at: string;
  source_view_id: string | null;
  feed_cents: number | null;
  c_cents: number | null;
  c_note: string | null;
  c_evidence_url: string | null;
  c_handoff_percent: number | null;
  c_by: string | null;
  c_on_behalf_of: string | null;
  c_at: string | null;
  c_feed_cents: number | null;
  corrections: number;
}

/** Each report (r) with its latest correction (c) laid over it. */
const REPORT_COLUMNS = `
  r.id, r.agent_id, r.month, r.amount_cents, r.note, r.evidence_url, r.handoff_percent, r.reported_by,
  r.on_behalf_of, r.reported_at, r.source_view_id, r.feed_cents,
  c.corrected_cents AS c_cents, c.note AS c_note, c.evidence_url AS c_evidence_url,
  c.handoff_percent AS c_handoff_percent, c.corrected_by AS c_by, c.on_behalf_of AS c_on_behalf_of,
  c.corrected_at AS c_at, c.feed_cents AS c_feed_cents,
  (SELECT COUNT(*) FROM report_corrections n WHERE n.report_id = r.id) AS corrections`;
const LATEST_CORRECTION = `
  LEFT JOIN report_corrections c
    ON c.id = (SELECT MAX(id) FROM report_corrections l WHERE l.report_id = r.id)`;
const REPORTS_SELECT = `SELECT ${REPORT_COLUMNS} FROM monthly_reports r ${LATEST_CORRECTION}`;

function reportFromRow(r: ReportRow): MonthlyReport {
  const corrected = r.c_cents !== null && r.c_by !== null && r.c_at !== null;
  const amountCents = corrected ? (r.c_cents ?? r.amount_cents) : r.amount_cents;
  const feedCents = corrected ? r.c_feed_cents : r.feed_cents;
  return {
    id: r.id,
    agentId: r.agent_id,
    month: r.month,
    amountCents,
    originalCents: r.amount_cents,
    note: corrected ? r.c_note : r.note,
    evidenceUrl: corrected ? r.c_evidence_url : r.evidence_url,
    handoffPercent: corrected ? r.c_handoff_percent : r.handoff_percent,
    reportedBy: corrected ? (r.c_by ?? r.reported_by) : r.reported_by,
    onBehalfOf: corrected ? r.c_on_behalf_of : r.on_behalf_of,
    reportedAt: fromIso(corrected ? (r.c_at ?? r.reported_at) : r.reported_at),
    corrections: r.corrections,
    source: reportSource(amountCents, feedCents),
    feedCents,
  };
}

export function reportFor(
  db: Db,
  teamId: string,
  agentId: number,
  month: PeriodKey,
): MonthlyReport | undefined {
  return mappedRow(
    db,
    `${REPORTS_SELECT} WHERE r.team_id = ? AND r.agent_id = ? AND r.month = ?`,
    reportFromRow,
    teamId,
    agentId,
    month,
  );
}

export function reportsForMonths(db: Db, teamId: string, months: readonly PeriodKey[]): MonthlyReport[] {
  const rows = cached(
    db,
    `${REPORTS_SELECT} WHERE r.team_id = ? AND r.month IN (SELECT value FROM json_each(?))`,
  ).all(teamId, JSON.stringify(months)) as ReportRow[];
  return rows.map(reportFromRow);
}

/**
 * The number that counts for each agent and month asked (the latest correction, or the number as reported),
 * without the rest of the report: a chart or a quarter's figures over hundreds of agents read only this.
 */
export function reportedCents(
  db: Db,
  teamId: string,
  months: readonly PeriodKey[],
): { agentId: number; month: PeriodKey; cents: number }[] {
  return cached(
    db,
    `SELECT r.agent_id AS agentId, r.month,
            COALESCE((SELECT c.corrected_cents FROM report_corrections c WHERE c.report_id = r.id
                       ORDER BY c.id DESC LIMIT 1), r.amount_cents) AS cents
       FROM monthly_reports r
      WHERE r.team_id = ? AND r.month IN (SELECT value FROM json_each(?))`,
  ).all(teamId, JSON.stringify(months)) as { agentId: number; month: PeriodKey; cents: number }[];
}

/**
 * A page of the running agents as the review shows them, by name: each with its most recent number (one seek
 * per agent into the (team_id, agent_id, month) index) and its number for `month`. A list that shows the first
 * agents reads only their pages, however large the registry and however long the history.
 */
export function reviewAgentPage(
  db: Db,
  teamId: string,
  month: PeriodKey,
  page: { offset: number; limit: number },
): ReviewAgentStatus[] {
  const agents = (
    cached(
      db,
      `SELECT ${AGENT_COLUMNS} FROM agents
         WHERE team_id = ? AND status IN (SELECT value FROM json_each(?)) ORDER BY name_key LIMIT ? OFFSET ?`,
    ).all(teamId, RUNNING_STATUSES, page.limit, page.offset) as ReviewAgentRow[]
  ).map(agentFromRow);
  const ids = JSON.stringify(agents.map((a) => a.id));
  // CROSS JOIN keeps the agents as the outer loop: left to itself the planner walks every report instead.
  const latest = cached(
    db,
    `SELECT ${REPORT_COLUMNS}
       FROM agents a
       CROSS JOIN monthly_reports r
         ON r.team_id = a.team_id AND r.agent_id = a.id
        AND r.month = (SELECT MAX(m.month) FROM monthly_reports m WHERE m.team_id = a.team_id AND m.agent_id = a.id)
       ${LATEST_CORRECTION}
      WHERE a.team_id = ? AND a.id IN (SELECT value FROM json_each(?))`,
  ).all(teamId, ids) as ReportRow[];
  const current = cached(
    db,
    `${REPORTS_SELECT} WHERE r.team_id = ? AND r.month = ? AND r.agent_id IN (SELECT value FROM json_each(?))`,
  ).all(teamId, month, ids) as ReportRow[];
  const byAgent = (rows: ReportRow[]) => new Map(rows.map((row) => [row.agent_id, reportFromRow(row)]));
  const latestOf = byAgent(latest);
  const currentOf = byAgent(current);
  return agents.map((agent) => ({
    agent,
    latest: latestOf.get(agent.id) ?? null,
    current: currentOf.get(agent.id) ?? null,
  }));
}

/** How many agents the review asks for a number, and how many of them have one in for `month`. */
export function reviewCounts(db: Db, teamId: string, month: PeriodKey): ReviewCounts {
  return cached(
    db,
    `SELECT COUNT(*) AS agents,
            COALESCE(SUM(EXISTS (SELECT 1 FROM monthly_reports r
                                  WHERE r.team_id = a.team_id AND r.agent_id = a.id AND r.month = ?)), 0) AS reported
       FROM agents a WHERE a.team_id = ? AND a.status IN (SELECT value FROM json_each(?))`,
  ).get(month, teamId, RUNNING_STATUSES) as ReviewCounts;
}

/** The number as typed, with who typed it and the modal that sent it. */
export interface ReportWrite {
  readonly teamId: string;
  readonly agentId: number;
  readonly month: PeriodKey;
  readonly amountCents: number;
  readonly note: string | null;
  readonly evidenceUrl: string | null;
  readonly handoffPercent: number | null;
  readonly actorId: string;
  /** The owner, when the portfolio owner reports for them. */
  readonly onBehalfOf: string | null;
  readonly at: Date;
  /** The modal that sent it: a retried submission of the same view writes nothing. */
  readonly sourceViewId: string;
  /** The live feed's number for the month that the modal offered; null (the default) when it offered none. */
  readonly feedCents?: number | null;
}

/** The columns every write of a number carries, in the order the statements below list them. */
const numberColumns = (w: ReportWrite) => [
  w.amountCents,
  w.note,
  w.evidenceUrl,
  w.handoffPercent,
  w.actorId,
  w.onBehalfOf,
  toIso(w.at),
  w.sourceViewId,
  // The source column keeps its meaning from before feed_cents: the feed's number, unchanged.
  reportSource(w.amountCents, w.feedCents ?? null) === 'feed' ? 'feed' : 'typed',
  w.feedCents ?? null,
];

/** The stored original of the agent's month, and the modal that last wrote it. */
export function reportRowOf(
  db: Db,
  teamId: string,
  agentId: number,
  month: PeriodKey,
): { id: number; sourceViewId: string | null } | undefined {
  const row = cached(
    db,
    'SELECT id, source_view_id FROM monthly_reports WHERE team_id = ? AND agent_id = ? AND month = ?',
  ).get(teamId, agentId, month) as { id: number; source_view_id: string | null } | undefined;
  return row && { id: row.id, sourceViewId: row.source_view_id };
}

export function correctionFromView(db: Db, teamId: string, sourceViewId: string): boolean {
  return (
    cached(db, 'SELECT 1 FROM report_corrections WHERE team_id = ? AND source_view_id = ?').get(
      teamId,
      sourceViewId,
    ) !== undefined
  );
}

export function insertReport(db: Db, w: ReportWrite): number {
  const info = cached(
    db,
    `INSERT INTO monthly_reports (team_id, agent_id, month, amount_cents, note, evidence_url, handoff_percent,
       reported_by, on_behalf_of, reported_at, source_view_id, source, feed_cents)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(w.teamId, w.agentId, w.month, ...numberColumns(w));
  return Number(info.lastInsertRowid);
}

/** Replaces the original, while the month's review is not posted yet. */
export function updateReport(db: Db, reportId: number, w: ReportWrite): void {
  cached(
    db,
    `UPDATE monthly_reports SET amount_cents = ?, note = ?, evidence_url = ?, handoff_percent = ?,
       reported_by = ?, on_behalf_of = ?, reported_at = ?, source_view_id = ?, source = ?, feed_cents = ?
     WHERE id = ?`,
  ).run(...numberColumns(w), reportId);
}

/** Keeps a correction beside the posted original. */
export function insertCorrection(db: Db, reportId: number, previousCents: number, w: ReportWrite): void {
  cached(
    db,
    `INSERT INTO report_corrections (team_id, report_id, previous_cents, corrected_cents, note, evidence_url,
       handoff_percent, corrected_by, on_behalf_of, corrected_at, source_view_id, source, feed_cents)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(w.teamId, reportId, previousCents, ...numberColumns(w));
}

// ---- Posted reviews ----

interface ValueReviewRow {
  id: number;
  month: string;
  run_id: number;
  posted_at: string;
  channel_id: string | null;
  message_ts: string | null;
  expected: number;
  reported: number;
  total_cents: number;
  missing_agent_ids: string;
  away_agent_ids: string;
  flags: string;
}

const agentIdsSchema = z.array(z.number().int());
const driftFlagsSchema = z.record(
  z.string(),
  z.array(z.enum(['dropVsTrailing', 'belowTargetRunning', 'negative', 'missedTwice'])),
);

const reviewFromRow = (r: ValueReviewRow): ValueReview => ({
  month: r.month,
  runId: r.run_id,
  postedAt: fromIso(r.posted_at),
  channelId: r.channel_id,
  messageTs: r.message_ts,
  expected: r.expected,
  reported: r.reported,
  totalCents: r.total_cents,
  missingAgentIds: parseColumn(agentIdsSchema, r.missing_agent_ids, {
    table: 'value_reviews',
    id: r.id,
    column: 'missing_agent_ids',
  }),
  awayAgentIds: parseColumn(agentIdsSchema, r.away_agent_ids, {
    table: 'value_reviews',
    id: r.id,
    column: 'away_agent_ids',
  }),
  flags: parseColumn(driftFlagsSchema, r.flags, { table: 'value_reviews', id: r.id, column: 'flags' }),
});

/** Closes the month: from now on a changed number is a correction. Recording twice keeps the first. */
export function recordValueReview(db: Db, teamId: string, r: ValueReview): void {
  cached(
    db,
    `INSERT OR IGNORE INTO value_reviews (team_id, month, run_id, posted_at, channel_id, message_ts, expected,
       reported, total_cents, missing_agent_ids, away_agent_ids, flags)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    teamId,
    r.month,
    r.runId,
    toIso(r.postedAt),
    r.channelId,
    r.messageTs,
    r.expected,
    r.reported,
    r.totalCents,
    JSON.stringify(r.missingAgentIds),
    JSON.stringify(r.awayAgentIds),
    JSON.stringify(r.flags),
  );
}

export function valueReviewFor(db: Db, teamId: string, month: PeriodKey): ValueReview | undefined {
  const row = cached(db, 'SELECT * FROM value_reviews WHERE team_id = ? AND month = ?').get(teamId, month) as
    | ValueReviewRow
    | undefined;
  return row && reviewFromRow(row);
}

/** Whether the month's review has posted, and how the run collecting it went (it runs the month after). */
export function monthReviewFacts(db: Db, teamId: string, month: PeriodKey): MonthReviewFacts {
  const row = cached(
    db,
    `SELECT EXISTS (SELECT 1 FROM value_reviews WHERE team_id = ? AND month = ?) AS posted,
            (SELECT late FROM ritual_runs WHERE team_id = ? AND ritual = 'value-review' AND period = ?) AS late,
            (SELECT started_at FROM ritual_runs WHERE team_id = ? AND ritual = 'value-review' AND period = ?) AS started_at`,
  ).get(teamId, month, teamId, nextPeriod(month), teamId, nextPeriod(month)) as {
    posted: number;
    late: number | null;
    started_at: string | null;
  };
  return {
    month,
    posted: row.posted === 1,
    run: row.started_at === null ? null : { late: row.late === 1, startedAt: fromIso(row.started_at) },
  };
}

/** Month -> the agents its posted review showed as away, for the months given that have a review. */
export function awayAgentsByMonth(
  db: Db,
  teamId: string,
  months: readonly PeriodKey[],
): Map<PeriodKey, ReadonlySet<number>> {
  const rows = cached(
    db,
    `SELECT id, month, away_agent_ids FROM value_reviews
       WHERE team_id = ? AND month IN (SELECT value FROM json_each(?))`,
  ).all(teamId, JSON.stringify(months)) as { id: number; month: string; away_agent_ids: string }[];
  return new Map(
    rows.map((r) => [
      r.month,
      new Set(
        parseColumn(agentIdsSchema, r.away_agent_ids, {
          table: 'value_reviews',
          id: r.id,
          column: 'away_agent_ids',
        }),
      ),
    ]),
  );
}

export function latestValueReview(db: Db, teamId: string): ValueReview | undefined {
  return mappedRow(
    db,
    'SELECT * FROM value_reviews WHERE team_id = ? ORDER BY month DESC LIMIT 1',
    reviewFromRow,
    teamId,
  );
}

// ---- Settings ----

export function reviewSettings(db: Db, teamId: string): ReviewSettings {
  const row = cached(
    db,
    'SELECT review_time, review_drop_percent, review_below_target_months FROM workspaces WHERE team_id = ?',
  ).get(teamId) as
    | { review_time: string; review_drop_percent: number; review_below_target_months: number }
    | undefined;
  return row
    ? {
        time: row.review_time,
        dropPercent: row.review_drop_percent,
        belowTargetMonths: row.review_below_target_months,
      }
    : DEFAULT_REVIEW_SETTINGS;
}

export function updateReviewSettings(
  db: Db,
  p: { teamId: string; actorId: string; at: Date; settings: ReviewSettings },
): void {
  cached(
    db,
    `UPDATE workspaces SET review_time = ?, review_drop_percent = ?, review_below_target_months = ?,
       settings_updated_at = ?, settings_updated_by = ?
     WHERE team_id = ?`,
  ).run(
    p.settings.time,
    p.settings.dropPercent,
    p.settings.belowTargetMonths,
    toIso(p.at),
    p.actorId,
    p.teamId,
  );
}
