// The value-ranked backlog: anyone adds a candidate; the portfolio owner edits, rejects, commits to ship it
// in 90 days and links the agent that became of it; the agent's gate closes the commitment.

import {
  type BacklogCandidate,
  type CandidateAction,
  type CandidateFields,
  type CandidateObstacle,
  candidateFieldsOf,
  candidateObstacle,
  type DueReminder,
  isLive,
  REMINDER_KINDS,
  shipByPlan,
} from '../domain/backlog.js';
import { changedKeys, changeOf } from '../domain/changes.js';
import { canManageBacklog, type Person } from '../domain/roles.js';
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
import { portfolioOwnerOf } from '../store/workspaces.js';
import { type Audit, auditOf, type ChangeTarget, changeRecord, NOT_FOUND } from './change.js';

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
      auditOf(db, now, candidateTarget(c.teamId, id, c.proposedBy))('add', { after: candidateFieldsOf(c) });
      return { candidate: mustGet(db, c.teamId, id), created: true };
    })
    .immediate();
}

/** A change the system makes on someone's behalf (a linked agent's gate ships its candidate). */
export interface CandidateChange {
  readonly teamId: string;
  readonly candidateId: number;
  readonly actorId: string;
}

/** The portfolio owner's change to a candidate: whether this person may make it is decided here. */
export interface ManagerChange {
  readonly teamId: string;
  readonly candidateId: number;
  readonly actor: Person;
}

const NOT_ALLOWED = { kind: 'not_allowed' } as const;
type Refused = typeof NOT_ALLOWED | typeof NOT_FOUND;

const candidateTarget = (teamId: string, candidateId: number, actorId: string): ChangeTarget => ({
  teamId,
  actorId,
  entity: CANDIDATE_ENTITY,
  entityId: candidateId,
});

/** Whether this person may edit, commit, link or reject candidates (canManageBacklog), as the settings say now. */
export function mayManageBacklog(db: Db, p: { teamId: string; actor: Person }): boolean {
  return canManageBacklog(p.actor, portfolioOwnerOf(db, p.teamId));
}

/** Before a form that changes a candidate opens: may this person make the change, and can the candidate take it? */
export function checkCandidateChange(
  db: Db,
  c: ManagerChange & { readonly action: CandidateAction },
):
  | { readonly kind: 'allowed'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'obstacle'; readonly candidate: BacklogCandidate; readonly obstacle: CandidateObstacle }
  | Refused {
  if (!mayManageBacklog(db, c)) return NOT_ALLOWED;
  const candidate = getCandidate(db, c.teamId, c.candidateId);
  if (!candidate) return NOT_FOUND;
  const obstacle = candidateObstacle(candidate, c.action);
  return obstacle ? { kind: 'obstacle', candidate, obstacle } : { kind: 'allowed', candidate };
}

/** A manager's change to a candidate, in one transaction with its audit row; refused for anyone else. */
function changeCandidate<R>(
  db: Db,
  now: Date,
  c: ManagerChange,
  change: (before: BacklogCandidate, audit: Audit) => R,
): R | Refused {
  return changeRecord(
    db,
    now,
    candidateTarget(c.teamId, c.candidateId, c.actor.userId),
    () => getCandidate(db, c.teamId, c.candidateId),
    (before, audit) => (mayManageBacklog(db, c) ? change(before, audit) : NOT_ALLOWED),
  );
}

export type EditCandidateResult =
  | {
      readonly kind: 'edited';
      readonly candidate: BacklogCandidate;
      readonly changed: readonly (keyof CandidateFields)[];
    }
  | { readonly kind: 'closed'; readonly candidate: BacklogCandidate }
  | Refused;

/** Only the fields that differ are written, and to the audit row; a retried edit changes nothing. */
export function editCandidate(
  db: Db,
  now: Date,
  change: ManagerChange & { readonly fields: CandidateFields },
): EditCandidateResult {
  return changeCandidate(db, now, change, (before, audit): EditCandidateResult => {
    if (!isLive(before)) return { kind: 'closed', candidate: before };
    const old = candidateFieldsOf(before);
    const next = candidateFieldsOf(change.fields);
    const changed = changedKeys(old, next);
    if (changed.length === 0) return { kind: 'edited', candidate: before, changed };
    updateCandidateFields(db, change.teamId, change.candidateId, next);
    audit('edit', changeOf(old, next, changed));
    return { kind: 'edited', candidate: mustGet(db, change.teamId, change.candidateId), changed };
  });
}

export type RejectResult =
  | { readonly kind: 'rejected'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'closed'; readonly candidate: BacklogCandidate }
  | Refused;

/** Takes a candidate out of the running, committed or not; its unsent reminders are dropped with it. */
export function rejectCandidate(
  db: Db,
  now: Date,
  change: ManagerChange & { readonly reason: string },
): RejectResult {
  return changeCandidate(db, now, change, (before, audit): RejectResult => {
    if (!isLive(before)) return { kind: 'closed', candidate: before };
    setRejected(db, { ...change, rejectedBy: change.actor.userId, at: now });
    skipOpenReminders(db, change.candidateId, 'rejected');
    audit('reject', {
      before: { status: before.status },
      after: { status: 'rejected', reason: change.reason },
    });
    return { kind: 'rejected', candidate: mustGet(db, change.teamId, change.candidateId) };
  });
}

export type CommitResult =
  | { readonly kind: 'committed'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'not_open'; readonly candidate: BacklogCandidate }
  | Refused;

/**
 * Commits to ship an open candidate within 90 days: sets the ship-by date and writes the reminders the
 * commitment owes, all at once. A second commit of the same candidate (a retried submission) is refused.
 */
export function commitCandidate(
  db: Db,
  now: Date,
  change: ManagerChange & { readonly shipOwnerId: string },
): CommitResult {
  return changeCandidate(db, now, change, (before, audit): CommitResult => {
    if (before.status !== 'open') return { kind: 'not_open', candidate: before };
    const plan = shipByPlan(now);
    setCommitted(db, { ...change, committedBy: change.actor.userId, at: now, shipBy: plan.shipBy });
    // The domain's plan lists the nudges in order (30, then 60 days), then the day the deadline passes.
    const dueTimes = [...plan.remindAt, plan.escalateAt];
    REMINDER_KINDS.forEach((kind, i) => {
      const dueAt = dueTimes[i];
      if (dueAt) insertReminder(db, { teamId: change.teamId, candidateId: change.candidateId, kind, dueAt });
    });
    audit('commit', {
      before: { status: before.status },
      after: { status: 'committed', shipOwnerId: change.shipOwnerId, shipBy: plan.shipBy.toISOString() },
    });
    return { kind: 'committed', candidate: mustGet(db, change.teamId, change.candidateId) };
  });
}

export type LinkResult =
  | { readonly kind: 'linked'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'not_committed'; readonly candidate: BacklogCandidate }
  | { readonly kind: 'agent_taken'; readonly candidate: BacklogCandidate }
  | Refused;

/**
 * Records that a registered agent is the committed candidate: the agent's gate date now closes the
 * candidate's 90-day clock. An agent that already passed its gate ships the candidate at once.
 */
export function linkAgentToCandidate(
  db: Db,
  now: Date,
  change: ManagerChange & { readonly agentId: number },
): LinkResult {
  return changeCandidate(db, now, change, (candidate, audit): LinkResult => {
    const agent = agentLink(db, change.teamId, change.agentId);
    if (!agent) return NOT_FOUND;
    if (candidate.agent?.id === change.agentId) return { kind: 'linked', candidate };
    if (candidate.status !== 'committed' || candidate.agent !== null)
      return { kind: 'not_committed', candidate };
    if (agent.candidateId !== null) return { kind: 'agent_taken', candidate };
    setAgentCandidate(db, change.teamId, change.agentId, change.candidateId);
    audit('link_agent', { after: { agentId: change.agentId } });
    if (agent.gatePassedAt !== null)
      ship(db, now, { ...change, actorId: change.actor.userId, shippedAt: agent.gatePassedAt });
    return { kind: 'linked', candidate: mustGet(db, change.teamId, change.candidateId) };
  });
}

function ship(db: Db, now: Date, change: CandidateChange & { readonly shippedAt: Date }): void {
  if (!setShipped(db, change.teamId, change.candidateId, change.shippedAt)) return;
  skipOpenReminders(db, change.candidateId, 'shipped');
  auditOf(
    db,
    now,
    candidateTarget(change.teamId, change.candidateId, change.actorId),
  )('ship', {
    before: { status: 'committed' },
    after: { status: 'shipped', shippedAt: change.shippedAt.toISOString() },
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
      const portfolioOwnerId = portfolioOwnerOf(db, teamId);
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
