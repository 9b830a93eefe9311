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

/**
 * The workspace's reminders whose time has come and that nobody is sending: pending ones, and ones whose
 * sender stopped (crashed, or Slack failed) before its claim ran out. Oldest first.
 */
export function dueReminders(db: Db, teamId: string, now: Date): DueReminder[] {
  const at = toIso(now);
  const rows = cached(
    db,
    `SELECT candidate_id, kind, due_at FROM backlog_reminders
       WHERE team_id = ? AND due_at <= ? AND (state = 'pending' OR (state = 'sending' AND claimed_until < ?))
       ORDER BY due_at, candidate_id`,
  ).all(teamId, at, at) as { candidate_id: number; kind: ReminderKind; due_at: string }[];
  return rows.map((r) => ({ candidateId: r.candidate_id, kind: r.kind, dueAt: fromIso(r.due_at) }));
}

/** Takes a due reminder for one sender until `until`; false when another sender holds it or it is done. */
export function claimReminder(
  db: Db,
  r: { candidateId: number; kind: ReminderKind; now: Date; until: Date },
): boolean {
  const info = cached(
    db,
    `UPDATE backlog_reminders SET state = 'sending', claimed_until = ?
       WHERE candidate_id = ? AND kind = ? AND (state = 'pending' OR (state = 'sending' AND claimed_until < ?))`,
  ).run(toIso(r.until), r.candidateId, r.kind, toIso(r.now));
  return info.changes === 1;
}

export function markReminderSent(
  db: Db,
  r: { candidateId: number; kind: ReminderKind; recipientId: string; at: Date },
): void {
  cached(
    db,
    `UPDATE backlog_reminders SET state = 'sent', sent_at = ?, recipient_id = ?, claimed_until = NULL
     WHERE candidate_id = ? AND kind = ?`,
  ).run(toIso(r.at), r.recipientId, r.candidateId, r.kind);
}

/** Keeps a reminder whose send failed (an owner Slack cannot reach) from being retried before `until`. */
export function postponeReminder(db: Db, r: { candidateId: number; kind: ReminderKind; until: Date }): void {
  cached(
    db,
    `UPDATE backlog_reminders SET claimed_until = ? WHERE candidate_id = ? AND kind = ? AND state = 'sending'`,
  ).run(toIso(r.until), r.candidateId, r.kind);
}

export function skipReminder(db: Db, r: { candidateId: number; kind: ReminderKind; reason: string }): void {
  cached(
    db,
    `UPDATE backlog_reminders SET state = 'skipped', skip_reason = ?, claimed_until = NULL
     WHERE candidate_id = ? AND kind = ? AND state IN ('pending', 'sending')`,
  ).run(r.reason, r.candidateId, r.kind);
}

/** Drops the reminders of a candidate that no longer needs them (rejected, or shipped). */
export function skipOpenReminders(db: Db, candidateId: number, reason: string): void {
  cached(
    db,
    `UPDATE backlog_reminders SET state = 'skipped', skip_reason = ?, claimed_until = NULL
     WHERE candidate_id = ? AND state IN ('pending', 'sending')`,
  ).run(reason, candidateId);
}

export function remindersOf(db: Db, teamId: string, candidateId: number): ReminderRecord[] {
  const rows = cached(
    db,
    `SELECT candidate_id, kind, due_at, state, recipient_id, sent_at, skip_reason FROM backlog_reminders
       WHERE team_id = ? AND candidate_id = ? ORDER BY due_at`,
  ).all(teamId, candidateId) as {
    candidate_id: number;
    kind: ReminderKind;
    due_at: string;
    state: ReminderRecord['state'];
    recipient_id: string | null;
    sent_at: string | null;
    skip_reason: string | null;
  }[];
  return rows.map((r) => ({
    candidateId: r.candidate_id,
    kind: r.kind,
    dueAt: fromIso(r.due_at),
    state: r.state,
    recipientId: r.recipient_id,
    sentAt: fromIsoOrNull(r.sent_at),
    skipReason: r.skip_reason,
  }));
}
