// The value-ranked backlog: anyone adds a candidate; the portfolio owner edits, rejects, commits to ship it
// in 90 days and links the agent that became of it; the agent's gate closes the commitment.

import {
  type BacklogCandidate,
  type CandidateFields,
  candidateFieldsOf,
  type DueReminder,
  isLive,
  REMINDER_KINDS,
  shipByPlan,
} from '../domain/backlog.js';
import { changedKeys, changeOf } from '../domain/changes.js';
import { recordAudit } from '../store/audit.js';
import {
  APP_ACTOR,
  agentLink,
  CANDIDATE_ENTITY,
  candidateFromView,
  dueReminders,
  gatedCommitments,
  getCandidate,
  insertCandidate,
  insertReminder,
  markReminderQueued,
  setAgentCandidate,
  setCommitted,
  setRejected,
  setShipped,
  shipByKey,
  skipOpenReminders,
  skipReminder,
  updateCandidateFields,
} from '../store/backlog.js';
import type { Db } from '../store/db.js';
import { getWorkspace } from '../store/workspaces.js';

function mustGet(db: Db, teamId: string, candidateId: number): BacklogCandidate {
  const candidate = getCandidate(db, teamId, candidateId);
  if (!candidate) throw new Error(`Backlog candidate ${candidateId} vanished inside its own transaction`);
  return candidate;
}

export interface NewCandidate extends CandidateFields {
  readonly teamId: string;
  readonly proposedBy: string;
  /** The modal that added it: a retried submission finds this candidate instead of adding one. */
  readonly sourceViewId: string;
}

export function addCandidate(
  db: Db,
  now: Date,
  c: NewCandidate,
): { candidate: BacklogCandidate; created: boolean } {
  return db
    .transaction(() => {
      const retried = candidateFromView(db, c.teamId, c.sourceViewId);
      if (retried) return { candidate: retried, created: false };
      const id = insertCandidate(db, { ...c, createdAt: now });
      recordAudit(db, {
        teamId: c.teamId,
        actorId: c.proposedBy,
        entity: CANDIDATE_ENTITY,
        entityId: id,
        action: 'add',
        after: candidateFieldsOf(c),
        at: now,
      });
      return { candidate: mustGet(db, c.teamId, id), created: true };
    })
    .immediate();
}

export interface CandidateChange {
  readonly teamId: string;
  readonly candidateId: number;
  readonly actorId: string;
}

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
  now: Date,
  change: CandidateChange & { readonly fields: CandidateFields },
): EditCandidateResult {
  return db
    .transaction((): EditCandidateResult => {
      const before = getCandidate(db, change.teamId, change.candidateId);
      if (!before) return { kind: 'not_found' };
      if (!isLive(before)) return { kind: 'closed', candidate: before };
      const old = candidateFieldsOf(before);
      const next = candidateFieldsOf(change.fields);
      const changed = changedKeys(old, next);
      if (changed.length === 0) return { kind: 'edited', candidate: before, changed };
      updateCandidateFields(db, change.teamId, change.candidateId, next);
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: CANDIDATE_ENTITY,
        entityId: change.candidateId,
        action: 'edit',
        ...changeOf(old, next, changed),
        at: now,
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
export function rejectCandidate(
  db: Db,
  now: Date,
  change: CandidateChange & { readonly reason: string },
): RejectResult {
  return db
    .transaction((): RejectResult => {
      const before = getCandidate(db, change.teamId, change.candidateId);
      if (!before) return { kind: 'not_found' };
      if (!isLive(before)) return { kind: 'closed', candidate: before };
      setRejected(db, { ...change, rejectedBy: change.actorId, at: now });
      skipOpenReminders(db, change.candidateId, 'rejected');
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: CANDIDATE_ENTITY,
        entityId: change.candidateId,
        action: 'reject',
        before: { status: before.status },
        after: { status: 'rejected', reason: change.reason },
        at: now,
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
  now: Date,
  change: CandidateChange & { readonly shipOwnerId: string },
): CommitResult {
  return db
    .transaction((): CommitResult => {
      const before = getCandidate(db, change.teamId, change.candidateId);
      if (!before) return { kind: 'not_found' };
      if (before.status !== 'open') return { kind: 'not_open', candidate: before };
      const plan = shipByPlan(now);
      setCommitted(db, { ...change, committedBy: change.actorId, at: now, shipBy: plan.shipBy });
      // The domain's plan lists the nudges in order (30, then 60 days), then the day the deadline passes.
      const dueTimes = [...plan.remindAt, plan.escalateAt];
      REMINDER_KINDS.forEach((kind, i) => {
        const dueAt = dueTimes[i];
        if (dueAt)
          insertReminder(db, { teamId: change.teamId, candidateId: change.candidateId, kind, dueAt });
      });
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: CANDIDATE_ENTITY,
        entityId: change.candidateId,
        action: 'commit',
        before: { status: before.status },
        after: { status: 'committed', shipOwnerId: change.shipOwnerId, shipBy: plan.shipBy.toISOString() },
        at: now,
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
  now: Date,
  change: CandidateChange & { readonly agentId: number },
): LinkResult {
  return db
    .transaction((): LinkResult => {
      const candidate = getCandidate(db, change.teamId, change.candidateId);
      const agent = agentLink(db, change.teamId, change.agentId);
      if (!candidate || !agent) return { kind: 'not_found' };
      if (candidate.agent?.id === change.agentId) return { kind: 'linked', candidate };
      if (candidate.status !== 'committed' || candidate.agent !== null)
        return { kind: 'not_committed', candidate };
      if (agent.candidateId !== null) return { kind: 'agent_taken', candidate };
      setAgentCandidate(db, change.teamId, change.agentId, change.candidateId);
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: CANDIDATE_ENTITY,
        entityId: change.candidateId,
        action: 'link_agent',
        after: { agentId: change.agentId },
        at: now,
      });
      if (agent.gatePassedAt !== null) ship(db, now, { ...change, shippedAt: agent.gatePassedAt });
      return { kind: 'linked', candidate: mustGet(db, change.teamId, change.candidateId) };
    })
    .immediate();
}

function ship(db: Db, now: Date, change: CandidateChange & { readonly shippedAt: Date }): void {
  if (!setShipped(db, change.teamId, change.candidateId, change.shippedAt)) return;
  skipOpenReminders(db, change.candidateId, 'shipped');
  recordAudit(db, {
    teamId: change.teamId,
    actorId: change.actorId,
    entity: CANDIDATE_ENTITY,
    entityId: change.candidateId,
    action: 'ship',
    before: { status: 'committed' },
    after: { status: 'shipped', shippedAt: change.shippedAt.toISOString() },
    at: now,
  });
}

/** A due reminder handed to the outbox: the surface queues its message under `key` in the same transaction. */
export interface QueuedReminder {
  readonly reminder: DueReminder;
  readonly candidate: BacklogCandidate;
  readonly recipientId: string;
  readonly key: string;
}

/**
 * The ship-by reminders due at `now`, each handed to the outbox once (see actAndAnnounce). A commitment whose agent
 * has passed its gate has shipped first, and its reminders are moot. After downtime several of one candidate may be
 * due at once: only the latest still says something true. The 30- and 60-day ones go to whoever ships it, the
 * 90-day one to the portfolio owner (or whoever committed it, when there is none).
 */
export function takeDueReminders(db: Db, now: Date, input: { teamId: string }): QueuedReminder[] {
  return db
    .transaction((): QueuedReminder[] => {
      const { teamId } = input;
      for (const shipped of gatedCommitments(db, teamId))
        ship(db, now, {
          teamId,
          candidateId: shipped.candidateId,
          actorId: APP_ACTOR,
          shippedAt: shipped.gatePassedAt,
        });
      const portfolioOwnerId = getWorkspace(db, teamId)?.portfolioOwnerId ?? null;
      const latest = new Map<number, DueReminder>();
      for (const reminder of dueReminders(db, teamId, now)) {
        const earlier = latest.get(reminder.candidateId);
        if (earlier) skipReminder(db, { ...earlier, reason: 'superseded' });
        latest.set(reminder.candidateId, reminder);
      }
      return [...latest.values()].flatMap((reminder): QueuedReminder[] => {
        const candidate = getCandidate(db, teamId, reminder.candidateId);
        if (candidate?.status !== 'committed') {
          skipReminder(db, { ...reminder, reason: candidate?.status ?? 'deleted' });
          return [];
        }
        const recipientId =
          reminder.kind === 'day90' ? (portfolioOwnerId ?? candidate.committedBy) : candidate.shipOwnerId;
        if (!recipientId) {
          skipReminder(db, { ...reminder, reason: 'nobody to tell' });
          return [];
        }
        const key = shipByKey(reminder);
        markReminderQueued(db, { ...reminder, recipientId, outboxKey: key, at: now });
        return [{ reminder, candidate, recipientId, key }];
      });
    })
    .immediate();
}
