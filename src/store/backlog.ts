import type { SystemOfRecord } from '../domain/agents.js';
import type {
  BacklogCandidate,
  Candidate,
  CandidateFields,
  DueReminder,
  FeasibilityScore,
  ReminderKind,
  ReminderRecord,
} from '../domain/backlog.js';
import { cached, type Db } from './db.js';
import { fromIso, fromIsoOrNull, toIso } from './time.js';

/** The audit-log entity every backlog change is recorded under. */
export const CANDIDATE_ENTITY = 'backlog_candidate';
/** The actor recorded for changes the app makes on its own (a linked agent passed its gate). */
export const APP_ACTOR = 'app';

interface CandidateRow {
  id: number;
  team_id: string;
  process: string;
  yearly_dollars_cents: number;
  feasibility: number;
  system_of_record: SystemOfRecord;
  system_name: string | null;
  status: Candidate['status'];
  proposed_by: string;
  created_at: string;
  rejected_by: string | null;
  rejected_at: string | null;
  reject_reason: string | null;
  committed_by: string | null;
  committed_at: string | null;
  ship_owner_id: string | null;
  ship_by: string | null;
  shipped_at: string | null;
  agent_id: number | null;
  agent_name: string | null;
  agent_gate_passed_at: string | null;
}

const SELECT_CANDIDATE = `SELECT c.*, a.id AS agent_id, a.name AS agent_name, a.gate_passed_at AS agent_gate_passed_at
  FROM backlog_candidates c LEFT JOIN agents a ON a.candidate_id = c.id AND a.team_id = c.team_id`;

const fromRow = (r: CandidateRow): BacklogCandidate => ({
  id: r.id,
  teamId: r.team_id,
  process: r.process,
  yearlyDollarsCents: r.yearly_dollars_cents,
  feasibility: r.feasibility as FeasibilityScore,
  systemOfRecord: r.system_of_record,
  systemName: r.system_name,
  status: r.status,
  proposedBy: r.proposed_by,
  createdAt: fromIso(r.created_at),
  rejectedBy: r.rejected_by,
  rejectedAt: fromIsoOrNull(r.rejected_at),
  rejectReason: r.reject_reason,
  committedBy: r.committed_by,
  committedAt: fromIsoOrNull(r.committed_at),
  shipOwnerId: r.ship_owner_id,
  shipBy: fromIsoOrNull(r.ship_by),
  shippedAt: fromIsoOrNull(r.shipped_at),
  agent:
    r.agent_id === null
      ? null
      : { id: r.agent_id, name: r.agent_name ?? '', gatePassedAt: fromIsoOrNull(r.agent_gate_passed_at) },
});

export function getCandidate(db: Db, teamId: string, candidateId: number): BacklogCandidate | undefined {
  const row = cached(db, `${SELECT_CANDIDATE} WHERE c.team_id = ? AND c.id = ?`).get(teamId, candidateId) as
    | CandidateRow
    | undefined;
  return row && fromRow(row);
}

/** Every candidate of the workspace, oldest first; `rankBacklog` orders the ones still in the running. */
export function listCandidates(db: Db, teamId: string): BacklogCandidate[] {
  const rows = cached(db, `${SELECT_CANDIDATE} WHERE c.team_id = ? ORDER BY c.created_at, c.id`).all(
    teamId,
  ) as CandidateRow[];
  return rows.map(fromRow);
}

/** The candidate a modal added, so a retried submission finds it instead of adding another. */
export function candidateFromView(
  db: Db,
  teamId: string,
  sourceViewId: string,
): BacklogCandidate | undefined {
  const row = cached(db, 'SELECT id FROM backlog_candidates WHERE team_id = ? AND source_view_id = ?').get(
    teamId,
    sourceViewId,
  ) as { id: number } | undefined;
  return row && getCandidate(db, teamId, row.id);
}

/** Adds the row and returns its id. */
export function insertCandidate(
  db: Db,
  c: CandidateFields & { teamId: string; proposedBy: string; createdAt: Date; sourceViewId: string },
): number {
  const info = cached(
    db,
    `INSERT INTO backlog_candidates (team_id, process, yearly_dollars_cents, feasibility, system_of_record,
       system_name, proposed_by, created_at, source_view_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    c.teamId,
    c.process,
    c.yearlyDollarsCents,
    c.feasibility,
    c.systemOfRecord,
    c.systemName,
    c.proposedBy,
    toIso(c.createdAt),
    c.sourceViewId,
  );
  return Number(info.lastInsertRowid);
}

export function updateCandidateFields(db: Db, teamId: string, candidateId: number, f: CandidateFields): void {
  cached(
    db,
    `UPDATE backlog_candidates SET process = ?, yearly_dollars_cents = ?, feasibility = ?, system_of_record = ?,
     system_name = ?
   WHERE team_id = ? AND id = ?`,
  ).run(f.process, f.yearlyDollarsCents, f.feasibility, f.systemOfRecord, f.systemName, teamId, candidateId);
}

export function setRejected(
  db: Db,
  r: { teamId: string; candidateId: number; rejectedBy: string; at: Date; reason: string },
): void {
  cached(
    db,
    `UPDATE backlog_candidates SET status = 'rejected', rejected_by = ?, rejected_at = ?, reject_reason = ?
   WHERE team_id = ? AND id = ?`,
  ).run(r.rejectedBy, toIso(r.at), r.reason, r.teamId, r.candidateId);
}

export function setCommitted(
  db: Db,
  c: {
    teamId: string;
    candidateId: number;
    committedBy: string;
    at: Date;
    shipOwnerId: string;
    shipBy: Date;
  },
): void {
  cached(
    db,
    `UPDATE backlog_candidates SET status = 'committed', committed_by = ?, committed_at = ?, ship_owner_id = ?,
     ship_by = ?
   WHERE team_id = ? AND id = ?`,
  ).run(c.committedBy, toIso(c.at), c.shipOwnerId, toIso(c.shipBy), c.teamId, c.candidateId);
}

export function insertReminder(
  db: Db,
  r: { teamId: string; candidateId: number; kind: ReminderKind; dueAt: Date },
): void {
  cached(db, 'INSERT INTO backlog_reminders (team_id, candidate_id, kind, due_at) VALUES (?, ?, ?, ?)').run(
    r.teamId,
    r.candidateId,
    r.kind,
    toIso(r.dueAt),
  );
}

/** What linking needs to know of an agent: whether a candidate has it already, and its gate date. */
export function agentLink(
  db: Db,
  teamId: string,
  agentId: number,
): { candidateId: number | null; gatePassedAt: Date | null } | undefined {
  const row = cached(db, 'SELECT candidate_id, gate_passed_at FROM agents WHERE team_id = ? AND id = ?').get(
    teamId,
    agentId,
  ) as { candidate_id: number | null; gate_passed_at: string | null } | undefined;
  return row && { candidateId: row.candidate_id, gatePassedAt: fromIsoOrNull(row.gate_passed_at) };
}

export function setAgentCandidate(db: Db, teamId: string, agentId: number, candidateId: number): void {
  cached(db, 'UPDATE agents SET candidate_id = ? WHERE team_id = ? AND id = ?').run(
    candidateId,
    teamId,
    agentId,
  );
}

/** Marks a committed candidate shipped; false when it was not committed (already shipped, or rejected). */
export function setShipped(db: Db, teamId: string, candidateId: number, shippedAt: Date): boolean {
  return (
    cached(
      db,
      `UPDATE backlog_candidates SET status = 'shipped', shipped_at = ?
         WHERE team_id = ? AND id = ? AND status = 'committed'`,
    ).run(toIso(shippedAt), teamId, candidateId).changes === 1
  );
}

/** Committed candidates whose linked agent has passed its gate since: they have shipped. */
export function gatedCommitments(db: Db, teamId: string): { candidateId: number; gatePassedAt: Date }[] {
  const rows = cached(
    db,
    `SELECT c.id AS candidate_id, a.gate_passed_at FROM backlog_candidates c
       JOIN agents a ON a.candidate_id = c.id AND a.team_id = c.team_id
       WHERE c.team_id = ? AND c.status = 'committed' AND a.gate_passed_at IS NOT NULL`,
  ).all(teamId) as { candidate_id: number; gate_passed_at: string }[];
  return rows.map((r) => ({ candidateId: r.candidate_id, gatePassedAt: fromIso(r.gate_passed_at) }));
}

/** Registered agents not yet linked to any candidate and not retired: what a commitment can be linked to. */
export function unlinkedAgents(db: Db, teamId: string): { id: number; name: string }[] {
  return cached(
    db,
    `SELECT id, name FROM agents WHERE team_id = ? AND candidate_id IS NULL AND status != 'retired'
       ORDER BY name_key`,
  ).all(teamId) as { id: number; name: string }[];
}

// ---- Ship-by reminders ----

/** The kind of outbox key a ship-by reminder carries. */
export const SHIP_BY_KIND = 'ship-by';

/** The outbox key of one reminder: the outbox sends each key once. */
export function shipByKey(r: { candidateId: number; kind: ReminderKind }): string {
  return `${SHIP_BY_KIND} ${r.candidateId}:${r.kind}`;
}

/** The workspace's reminders whose time has come and that are not yet queued or skipped. Oldest first. */
export function dueReminders(db: Db, teamId: string, now: Date): DueReminder[] {
  const rows = cached(
    db,
    `SELECT candidate_id, kind, due_at FROM backlog_reminders
       WHERE team_id = ? AND state = 'pending' AND due_at <= ?
       ORDER BY due_at, candidate_id`,
  ).all(teamId, toIso(now)) as { candidate_id: number; kind: ReminderKind; due_at: string }[];
  return rows.map((r) => ({ candidateId: r.candidate_id, kind: r.kind, dueAt: fromIso(r.due_at) }));
}

/** Hands a due reminder to the outbox row `outboxKey`, written in the same transaction. */
export function markReminderQueued(
  db: Db,
  r: { candidateId: number; kind: ReminderKind; recipientId: string; outboxKey: string; at: Date },
): void {
  cached(
    db,
    `UPDATE backlog_reminders SET state = 'queued', recipient_id = ?, queued_at = ?, outbox_key = ?
     WHERE candidate_id = ? AND kind = ? AND state = 'pending'`,
  ).run(r.recipientId, toIso(r.at), r.outboxKey, r.candidateId, r.kind);
}

export function skipReminder(db: Db, r: { candidateId: number; kind: ReminderKind; reason: string }): void {
  cached(
    db,
    `UPDATE backlog_reminders SET state = 'skipped', skip_reason = ?
     WHERE candidate_id = ? AND kind = ? AND state = 'pending'`,
  ).run(r.reason, r.candidateId, r.kind);
}

/** Drops the reminders of a candidate that no longer needs them (rejected, or shipped). */
export function skipOpenReminders(db: Db, candidateId: number, reason: string): void {
  cached(
    db,
    `UPDATE backlog_reminders SET state = 'skipped', skip_reason = ? WHERE candidate_id = ? AND state = 'pending'`,
  ).run(reason, candidateId);
}

/** A candidate's reminders; a queued one with what its outbox row says of the send. */
export function remindersOf(db: Db, teamId: string, candidateId: number): ReminderRecord[] {
  const rows = cached(
    db,
    `SELECT r.candidate_id, r.kind, r.due_at, r.state, r.recipient_id, r.skip_reason,
            o.state AS send_state, o.done_at, o.error
       FROM backlog_reminders r LEFT JOIN outbox o ON o.team_id = r.team_id AND o.key = r.outbox_key
      WHERE r.team_id = ? AND r.candidate_id = ? ORDER BY r.due_at`,
  ).all(teamId, candidateId) as {
    candidate_id: number;
    kind: ReminderKind;
    due_at: string;
    state: 'pending' | 'queued' | 'skipped';
    recipient_id: string | null;
    skip_reason: string | null;
    send_state: 'pending' | 'sent' | 'failed' | null;
    done_at: string | null;
    error: string | null;
  }[];
  return rows.map((r) => ({
    candidateId: r.candidate_id,
    kind: r.kind,
    dueAt: fromIso(r.due_at),
    state:
      r.state === 'queued' && r.send_state !== 'pending' && r.send_state !== null ? r.send_state : r.state,
    recipientId: r.recipient_id,
    sentAt: r.send_state === 'sent' ? fromIsoOrNull(r.done_at) : null,
    skipReason: r.skip_reason ?? r.error,
  }));
}
