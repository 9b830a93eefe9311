import type { SystemOfRecord } from '../domain/agents.js';
import {
  type BacklogCandidate,
  type Candidate,
  type CandidateFields,
  type DueReminder,
  type FeasibilityScore,
  REMINDER_KINDS,
  type ReminderKind,
  type ReminderRecord,
  shipByPlan,
} from '../domain/backlog.js';
import { recordAudit } from './audit.js';
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

function fieldsOf(c: CandidateFields): CandidateFields {
  return {
    process: c.process,
    yearlyDollarsCents: c.yearlyDollarsCents,
    feasibility: c.feasibility,
    systemOfRecord: c.systemOfRecord,
    systemName: c.systemName,
  };
}

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

function mustGet(db: Db, teamId: string, candidateId: number): BacklogCandidate {
  const candidate = getCandidate(db, teamId, candidateId);
  if (!candidate) throw new Error(`Backlog candidate ${candidateId} vanished inside its own transaction`);
  return candidate;
}

export interface NewCandidate extends CandidateFields {
  readonly teamId: string;
  readonly proposedBy: string;
  readonly at: Date;
  /** The modal that added it: a retried submission finds this candidate instead of adding one. */
  readonly sourceViewId: string;
}

export function addCandidate(db: Db, c: NewCandidate): { candidate: BacklogCandidate; created: boolean } {
  return db
    .transaction(() => {
      const retried = cached(
        db,
        'SELECT id FROM backlog_candidates WHERE team_id = ? AND source_view_id = ?',
      ).get(c.teamId, c.sourceViewId) as { id: number } | undefined;
      if (retried) return { candidate: mustGet(db, c.teamId, retried.id), created: false };
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
        toIso(c.at),
        c.sourceViewId,
      );
      const id = Number(info.lastInsertRowid);
      recordAudit(db, {
        teamId: c.teamId,
        actorId: c.proposedBy,
        entity: CANDIDATE_ENTITY,
        entityId: id,
        action: 'add',
        after: fieldsOf(c),
        at: c.at,
      });
      return { candidate: mustGet(db, c.teamId, id), created: true };
    })
    .immediate();
}

export interface CandidateChange {
  readonly teamId: string;
  readonly candidateId: number;
  readonly actorId: string;
  readonly at: Date;
}

/** Open and committed candidates can still change; rejected and shipped ones are history. */
const isLive = (c: BacklogCandidate): boolean => c.status === 'open' || c.status === 'committed';

export type EditCandidateResult =
  | {
      readonly kind: 'edited';
      readonly candidate: BacklogCandidate;
      readonly changed: readonly (keyof CandidateFields)[];
    }
  | { readonly kind: 'closed'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'not_found' };

/** Only the fields that differ are written, and to the audit row; a retried edit changes nothing. */
export function editCandidate(
  db: Db,
  change: CandidateChange & { readonly fields: CandidateFields },
): EditCandidateResult {
  return db
    .transaction((): EditCandidateResult => {
      const before = getCandidate(db, change.teamId, change.candidateId);
      if (!before) return { kind: 'not_found' };
      if (!isLive(before)) return { kind: 'closed', candidate: before };
      const old = fieldsOf(before);
      const next = fieldsOf(change.fields);
      const changed = (Object.keys(next) as (keyof CandidateFields)[]).filter(
        (key) => old[key] !== next[key],
      );
      if (changed.length === 0) return { kind: 'edited', candidate: before, changed };
      cached(
        db,
        `UPDATE backlog_candidates SET process = ?, yearly_dollars_cents = ?, feasibility = ?, system_of_record = ?,
         system_name = ?
       WHERE team_id = ? AND id = ?`,
      ).run(
        next.process,
        next.yearlyDollarsCents,
        next.feasibility,
        next.systemOfRecord,
        next.systemName,
        change.teamId,
        change.candidateId,
      );
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: CANDIDATE_ENTITY,
        entityId: change.candidateId,
        action: 'edit',
        before: Object.fromEntries(changed.map((key) => [key, old[key]])),
        after: Object.fromEntries(changed.map((key) => [key, next[key]])),
        at: change.at,
      });
      return { kind: 'edited', candidate: mustGet(db, change.teamId, change.candidateId), changed };
    })
    .immediate();
}

export type RejectResult =
  | { readonly kind: 'rejected'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'closed'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'not_found' };

/** Takes a candidate out of the running, committed or not; its unsent reminders are dropped with it. */
export function rejectCandidate(db: Db, change: CandidateChange & { readonly reason: string }): RejectResult {
  return db
    .transaction((): RejectResult => {
      const before = getCandidate(db, change.teamId, change.candidateId);
      if (!before) return { kind: 'not_found' };
      if (!isLive(before)) return { kind: 'closed', candidate: before };
      cached(
        db,
        `UPDATE backlog_candidates SET status = 'rejected', rejected_by = ?, rejected_at = ?, reject_reason = ?
       WHERE team_id = ? AND id = ?`,
      ).run(change.actorId, toIso(change.at), change.reason, change.teamId, change.candidateId);
      skipOpenReminders(db, change.candidateId, 'rejected');
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: CANDIDATE_ENTITY,
        entityId: change.candidateId,
        action: 'reject',
        before: { status: before.status },
        after: { status: 'rejected', reason: change.reason },
        at: change.at,
      });
      return { kind: 'rejected', candidate: mustGet(db, change.teamId, change.candidateId) };
    })
    .immediate();
}

export type CommitResult =
  | { readonly kind: 'committed'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'not_open'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'not_found' };

/**
 * Commits to ship an open candidate within 90 days: sets the ship-by date and writes the reminders the
 * commitment owes, all at once. A second commit of the same candidate (a retried submission) is refused.
 */
export function commitCandidate(
  db: Db,
  change: CandidateChange & { readonly shipOwnerId: string },
): CommitResult {
  return db
    .transaction((): CommitResult => {
      const before = getCandidate(db, change.teamId, change.candidateId);
      if (!before) return { kind: 'not_found' };
      if (before.status !== 'open') return { kind: 'not_open', candidate: before };
      const plan = shipByPlan(change.at);
      cached(
        db,
        `UPDATE backlog_candidates SET status = 'committed', committed_by = ?, committed_at = ?, ship_owner_id = ?,
         ship_by = ?
       WHERE team_id = ? AND id = ?`,
      ).run(
        change.actorId,
        toIso(change.at),
        change.shipOwnerId,
        toIso(plan.shipBy),
        change.teamId,
        change.candidateId,
      );
      const insert = cached(
        db,
        'INSERT INTO backlog_reminders (team_id, candidate_id, kind, due_at) VALUES (?, ?, ?, ?)',
      );
      // The domain's plan lists the nudges in order (30, then 60 days), then the day the deadline passes.
      const dueTimes = [...plan.remindAt, plan.escalateAt];
      REMINDER_KINDS.forEach((kind, i) => {
        const dueAt = dueTimes[i];
        if (dueAt) insert.run(change.teamId, change.candidateId, kind, toIso(dueAt));
      });
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: CANDIDATE_ENTITY,
        entityId: change.candidateId,
        action: 'commit',
        before: { status: before.status },
        after: { status: 'committed', shipOwnerId: change.shipOwnerId, shipBy: toIso(plan.shipBy) },
        at: change.at,
      });
      return { kind: 'committed', candidate: mustGet(db, change.teamId, change.candidateId) };
    })
    .immediate();
}

export type LinkResult =
  | { readonly kind: 'linked'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'not_committed'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'agent_taken'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'not_found' };

/**
 * Records that a registered agent is the committed candidate: the agent's gate date now closes the
 * candidate's 90-day clock. An agent that already passed its gate ships the candidate at once.
 */
export function linkAgentToCandidate(
  db: Db,
  change: CandidateChange & { readonly agentId: number },
): LinkResult {
  return db
    .transaction((): LinkResult => {
      const candidate = getCandidate(db, change.teamId, change.candidateId);
      const agent = cached(
        db,
        'SELECT id, candidate_id, gate_passed_at FROM agents WHERE team_id = ? AND id = ?',
      ).get(change.teamId, change.agentId) as
        | { id: number; candidate_id: number | null; gate_passed_at: string | null }
        | undefined;
      if (!candidate || !agent) return { kind: 'not_found' };
      if (candidate.agent?.id === agent.id) return { kind: 'linked', candidate };
      if (candidate.status !== 'committed' || candidate.agent !== null)
        return { kind: 'not_committed', candidate };
      if (agent.candidate_id !== null) return { kind: 'agent_taken', candidate };
      cached(db, 'UPDATE agents SET candidate_id = ? WHERE team_id = ? AND id = ?').run(
        change.candidateId,
        change.teamId,
        change.agentId,
      );
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: CANDIDATE_ENTITY,
        entityId: change.candidateId,
        action: 'link_agent',
        after: { agentId: change.agentId },
        at: change.at,
      });
      if (agent.gate_passed_at !== null) {
        markShipped(db, { ...change, shippedAt: fromIso(agent.gate_passed_at) });
      }
      return { kind: 'linked', candidate: mustGet(db, change.teamId, change.candidateId) };
    })
    .immediate();
}

/** The linked agent passed its gate (on `shippedAt`): the commitment is met and its unsent reminders are moot. */
export function markShipped(db: Db, change: CandidateChange & { readonly shippedAt: Date }): void {
  db.transaction(() => {
    const info = cached(
      db,
      `UPDATE backlog_candidates SET status = 'shipped', shipped_at = ?
         WHERE team_id = ? AND id = ? AND status = 'committed'`,
    ).run(toIso(change.shippedAt), change.teamId, change.candidateId);
    if (info.changes === 0) return;
    skipOpenReminders(db, change.candidateId, 'shipped');
    recordAudit(db, {
      teamId: change.teamId,
      actorId: change.actorId,
      entity: CANDIDATE_ENTITY,
      entityId: change.candidateId,
      action: 'ship',
      before: { status: 'committed' },
      after: { status: 'shipped', shippedAt: toIso(change.shippedAt) },
      at: change.at,
    });
  }).immediate();
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

function skipOpenReminders(db: Db, candidateId: number, reason: string): void {
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
