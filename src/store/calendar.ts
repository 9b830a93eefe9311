// The workspace's calendar records: which public holidays it keeps, its own closed days, who is away (and who
// reports for them), and the heartbeat's record of its last ticks.

import { z } from 'zod';
import type { AwayRange } from '../domain/away.js';
import type { ClosedDays, HolidayChoice } from '../domain/holidays.js';
import type { HeartbeatRecord } from '../domain/schedule.js';
import { recordAudit } from './audit.js';
import { cached, type Db, mappedRow } from './db.js';
import { fromIso, fromIsoOrNull, toIso } from './time.js';

export const CALENDAR_ENTITY = 'calendar';
export const AWAY_ENTITY = 'away';

/** Stored for "no public holidays": distinct from NULL, which follows the time zone. */
const NO_HOLIDAYS = 'none';

// ---- Holiday calendar ----

interface HolidayRow {
  holiday_country: string | null;
  holiday_state: string | null;
  holiday_region: string | null;
}

export function holidayChoice(db: Db, teamId: string): HolidayChoice {
  const row = cached(
    db,
    'SELECT holiday_country, holiday_state, holiday_region FROM workspaces WHERE team_id = ?',
  ).get(teamId) as HolidayRow | undefined;
  if (!row || row.holiday_country === null) return { kind: 'from-zone' };
  if (row.holiday_country === NO_HOLIDAYS) return { kind: 'none' };
  return {
    kind: 'place',
    place: { country: row.holiday_country, state: row.holiday_state, region: row.holiday_region },
  };
}

/** Call inside the write transaction of the change; audited. */
export function writeHolidayChoice(
  db: Db,
  p: { teamId: string; actorId: string; at: Date; choice: HolidayChoice },
): void {
  const before = holidayChoice(db, p.teamId);
  const { choice } = p;
  const place = choice.kind === 'place' ? choice.place : null;
  const country = choice.kind === 'none' ? NO_HOLIDAYS : (place?.country ?? null);
  cached(
    db,
    'UPDATE workspaces SET holiday_country = ?, holiday_state = ?, holiday_region = ? WHERE team_id = ?',
  ).run(country, place?.state ?? null, place?.region ?? null, p.teamId);
  recordAudit(db, {
    teamId: p.teamId,
    actorId: p.actorId,
    entity: CALENDAR_ENTITY,
    entityId: p.teamId,
    action: 'holidays',
    before,
    after: choice,
    at: p.at,
  });
}

// ---- Closed days ----

interface ClosedRow {
  id: number;
  first_day: string;
  last_day: string;
  label: string;
}

const closedFromRow = (r: ClosedRow): ClosedDays => ({
  id: r.id,
  firstDay: r.first_day,
  lastDay: r.last_day,
  label: r.label,
});

/** Oldest first. */
export function closedDays(db: Db, teamId: string): ClosedDays[] {
  const rows = cached(
    db,
    'SELECT id, first_day, last_day, label FROM closed_days WHERE team_id = ? ORDER BY first_day, id',
  ).all(teamId) as ClosedRow[];
  return rows.map(closedFromRow);
}

/** Returns null when this submission was already saved (a Slack retry). Call inside a write transaction. */
export function insertClosedDays(
  db: Db,
  p: {
    teamId: string;
    actorId: string;
    at: Date;
    firstDay: string;
    lastDay: string;
    label: string;
    sourceViewId: string;
  },
): ClosedDays | null {
  const info = cached(
    db,
    `INSERT OR IGNORE INTO closed_days (team_id, first_day, last_day, label, added_by, added_at, source_view_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(p.teamId, p.firstDay, p.lastDay, p.label, p.actorId, toIso(p.at), p.sourceViewId);
  if (info.changes === 0) return null;
  const added = {
    id: Number(info.lastInsertRowid),
    firstDay: p.firstDay,
    lastDay: p.lastDay,
    label: p.label,
  };
  recordAudit(db, {
    teamId: p.teamId,
    actorId: p.actorId,
    entity: CALENDAR_ENTITY,
    entityId: p.teamId,
    action: 'closed_days_added',
    after: added,
    at: p.at,
  });
  return added;
}

/** False when there was no such row (already removed). Call inside a write transaction. */
export function deleteClosedDays(
  db: Db,
  p: { teamId: string; actorId: string; at: Date; id: number },
): boolean {
  const before = closedDays(db, p.teamId).find((c) => c.id === p.id);
  if (!before) return false;
  cached(db, 'DELETE FROM closed_days WHERE team_id = ? AND id = ?').run(p.teamId, p.id);
  recordAudit(db, {
    teamId: p.teamId,
    actorId: p.actorId,
    entity: CALENDAR_ENTITY,
    entityId: p.teamId,
    action: 'closed_days_removed',
    before,
    at: p.at,
  });
  return true;
}

// ---- People away ----

interface AwayRow {
  id: number;
  person_id: string;
  first_day: string;
  last_day: string;
  delegate_id: string | null;
}

const awayFromRow = (r: AwayRow): AwayRange => ({
  id: r.id,
  personId: r.person_id,
  firstDay: r.first_day,
  lastDay: r.last_day,
  delegateId: r.delegate_id,
});

/** Every range that has not ended before `fromDay` ('YYYY-MM-DD'), soonest first. */
export function awayRanges(db: Db, teamId: string, fromDay: string): AwayRange[] {
  const rows = cached(
    db,
    `SELECT id, person_id, first_day, last_day, delegate_id FROM away_ranges
       WHERE team_id = ? AND last_day >= ? ORDER BY first_day, id`,
  ).all(teamId, fromDay) as AwayRow[];
  return rows.map(awayFromRow);
}

/** Returns null when this submission was already saved (a Slack retry). Call inside a write transaction. */
export function insertAwayRange(
  db: Db,
  p: {
    teamId: string;
    actorId: string;
    at: Date;
    range: Omit<AwayRange, 'id'>;
    sourceViewId: string;
  },
): AwayRange | null {
  const { range } = p;
  const info = cached(
    db,
    `INSERT OR IGNORE INTO away_ranges
       (team_id, person_id, first_day, last_day, delegate_id, set_by, set_at, source_view_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    p.teamId,
    range.personId,
    range.firstDay,
    range.lastDay,
    range.delegateId,
    p.actorId,
    toIso(p.at),
    p.sourceViewId,
  );
  if (info.changes === 0) return null;
  const added = { id: Number(info.lastInsertRowid), ...range };
  recordAudit(db, {
    teamId: p.teamId,
    actorId: p.actorId,
    entity: AWAY_ENTITY,
    entityId: range.personId,
    action: 'away_added',
    after: added,
    at: p.at,
  });
  return added;
}

export function getAwayRange(db: Db, teamId: string, id: number): AwayRange | undefined {
  return mappedRow(
    db,
    'SELECT id, person_id, first_day, last_day, delegate_id FROM away_ranges WHERE team_id = ? AND id = ?',
    awayFromRow,
    teamId,
    id,
  );
}

/** Call inside a write transaction. */
export function deleteAwayRange(db: Db, p: { teamId: string; actorId: string; at: Date; range: AwayRange }) {
  cached(db, 'DELETE FROM away_ranges WHERE team_id = ? AND id = ?').run(p.teamId, p.range.id);
  recordAudit(db, {
    teamId: p.teamId,
    actorId: p.actorId,
    entity: AWAY_ENTITY,
    entityId: p.range.personId,
    action: 'away_removed',
    before: p.range,
    at: p.at,
  });
}

// ---- The heartbeat's own record ----

const heartbeatRow = z.object({ last_at: z.string(), previous_at: z.string().nullable() });

export function heartbeatOf(db: Db, teamId: string): HeartbeatRecord | null {
  const row = cached(db, 'SELECT last_at, previous_at FROM heartbeats WHERE team_id = ?').get(teamId);
  if (row === undefined) return null;
  const r = heartbeatRow.parse(row);
  return { lastAt: fromIso(r.last_at), previousAt: fromIsoOrNull(r.previous_at) };
}

/** A tick at `at`; a tick older than the last one (a CLI run `--at` in the past) leaves the record alone. */
export function recordHeartbeat(db: Db, teamId: string, at: Date): void {
  cached(
    db,
    `INSERT INTO heartbeats (team_id, last_at, previous_at) VALUES (?, ?, NULL)
     ON CONFLICT (team_id) DO UPDATE SET previous_at = last_at, last_at = excluded.last_at
       WHERE excluded.last_at > heartbeats.last_at`,
  ).run(teamId, toIso(at));
}
