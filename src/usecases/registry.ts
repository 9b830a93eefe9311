// What people do to the agent registry: register, edit, hand over, move along the lifecycle; and what Slack
// tells us (an owner left). Each runs in one write transaction and writes its audit row with the change.

import {
  type Agent,
  type AgentFields,
  type AgentStatus,
  agentFieldsOf,
  canTransition,
  findNearDuplicate,
  skipsSteps,
  type TransitionCause,
} from '../domain/agents.js';
import { changedKeys, changeOf } from '../domain/changes.js';
import { canManageAgent, type Person } from '../domain/roles.js';
import {
  AGENT_ENTITY,
  agentFromView,
  agentNames,
  agentsOfStayingOwner,
  findAgentByName,
  getAgent,
  insertAgent,
  SLACK_ACTOR,
  setAgentOwner,
  setAgentStatus,
  setOwnerLeft,
  updateAgentFields,
} from '../store/agents.js';
import { recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { placementEvidence } from '../store/evidence.js';
import { portfolioOwnerOf } from '../store/workspaces.js';
import { type Audit, auditOf, type ChangeTarget, changeRecord, NOT_FOUND } from './change.js';

export interface Registration extends AgentFields {
  readonly teamId: string;
  readonly ownerId: string;
  readonly status: Extract<AgentStatus, 'proposed' | 'pilot'>;
  readonly registeredBy: string;
  /** The modal that registered it: a retried submission finds this agent instead of adding one. */
  readonly sourceViewId: string;
}

export type RegisterResult =
  | {
      readonly kind: 'registered';
      readonly agent: Agent;
      readonly created: boolean;
      /** Another registered name this one looks a lot like, worth a second look. */
      readonly nearDuplicateOf: string | null;
    }
  | { readonly kind: 'name_taken'; readonly existing: Agent };

function mustGet(db: Db, teamId: string, agentId: number): Agent {
  const agent = getAgent(db, teamId, agentId);
  if (!agent) throw new Error(`Agent ${agentId} vanished inside its own transaction`);
  return agent;
}

/** Whether work of this category skips steps, judged against the registry as it stands now. */
const skipsStepsNow = (db: Db, teamId: string, category: Agent['category']): boolean =>
  skipsSteps(category, placementEvidence(db, teamId).officeSideInProduction);

/** Adds an agent with its audit row. A name already taken, however capitalised, is refused. */
export function registerAgent(db: Db, now: Date, r: Registration): RegisterResult {
  return db
    .transaction((): RegisterResult => {
      const registered = (agent: Agent, created: boolean): RegisterResult => ({
        kind: 'registered',
        agent,
        created,
        nearDuplicateOf: findNearDuplicate(
          agent.name,
          agentNames(db, r.teamId).filter((name) => name !== agent.name),
        ),
      });
      const retried = agentFromView(db, r.teamId, r.sourceViewId);
      if (retried) return registered(retried, false);
      const existing = findAgentByName(db, r.teamId, r.name);
      if (existing) return { kind: 'name_taken', existing };
      const skippingSteps = skipsStepsNow(db, r.teamId, r.category);
      const agentId = insertAgent(db, { ...r, skippingSteps, registeredAt: now });
      recordAudit(db, {
        teamId: r.teamId,
        actorId: r.registeredBy,
        entity: AGENT_ENTITY,
        entityId: agentId,
        action: 'register',
        after: { ...agentFieldsOf(r), ownerId: r.ownerId, status: r.status, skippingSteps },
        at: now,
      });
      return registered(mustGet(db, r.teamId, agentId), true);
    })
    .immediate();
}

/** One person's change to one agent: whether they may make it is decided here (canManageAgent). */
export interface AgentChange {
  readonly teamId: string;
  readonly agentId: number;
  readonly actor: Person;
}

/** Whether the actor may change the agent; the forms that change it open only when they may. */
export type AgentAccess =
  | { readonly kind: 'allowed'; readonly agent: Agent }
  | { readonly kind: 'not_allowed'; readonly agent: Agent }
  | typeof NOT_FOUND;

const NOT_ALLOWED = (agent: Agent) => ({ kind: 'not_allowed', agent }) as const;

const mayChange = (db: Db, c: AgentChange, agent: Agent): boolean =>
  canManageAgent(c.actor, agent, portfolioOwnerOf(db, c.teamId));

/** Before a form that changes an agent opens: may this person change it? */
export function checkAgentChange(db: Db, c: AgentChange): AgentAccess {
  const agent = getAgent(db, c.teamId, c.agentId);
  if (!agent) return NOT_FOUND;
  return mayChange(db, c, agent) ? { kind: 'allowed', agent } : NOT_ALLOWED(agent);
}

const agentTarget = (c: Pick<StatusChange, 'teamId' | 'agentId' | 'actorId'>): ChangeTarget => ({
  teamId: c.teamId,
  actorId: c.actorId,
  entity: AGENT_ENTITY,
  entityId: c.agentId,
});

/** A change to an agent by someone who manages it, in one transaction with its audit row. */
function changeManagedAgent<R>(
  db: Db,
  now: Date,
  c: AgentChange,
  change: (before: Agent, audit: Audit) => R,
): R | ReturnType<typeof NOT_ALLOWED> | typeof NOT_FOUND {
  return changeRecord(
    db,
    now,
    agentTarget({ ...c, actorId: c.actor.userId }),
    () => getAgent(db, c.teamId, c.agentId),
    (before, audit) => (mayChange(db, c, before) ? change(before, audit) : NOT_ALLOWED(before)),
  );
}

export type EditResult =
  | { readonly kind: 'edited'; readonly agent: Agent; readonly changed: readonly (keyof AgentFields)[] }
  | { readonly kind: 'name_taken'; readonly existing: Agent }
  | Exclude<AgentAccess, { kind: 'allowed' }>;

/** Changes what was typed about an agent. Only the fields that differ are written to the audit row. */
export function editAgent(
  db: Db,
  now: Date,
  change: AgentChange & { readonly fields: AgentFields },
): EditResult {
  return changeManagedAgent(db, now, change, (before, audit): EditResult => {
    const clash = findAgentByName(db, change.teamId, change.fields.name);
    if (clash && clash.id !== before.id) return { kind: 'name_taken', existing: clash };
    const old = agentFieldsOf(before);
    const next = agentFieldsOf(change.fields);
    const changed = changedKeys(old, next);
    if (changed.length === 0) return { kind: 'edited', agent: before, changed };
    // A new category is judged against today's registry, as a new registration would be.
    const skippingSteps = changed.includes('category')
      ? skipsStepsNow(db, change.teamId, next.category)
      : before.skippingSteps;
    updateAgentFields(db, change.teamId, change.agentId, { ...next, skippingSteps });
    audit('edit', changeOf(old, next, changed));
    return { kind: 'edited', agent: mustGet(db, change.teamId, change.agentId), changed };
  });
}

export type HandOverResult =
  | { readonly kind: 'handed_over'; readonly agent: Agent; readonly previousOwnerId: string }
  | { readonly kind: 'unchanged'; readonly agent: Agent }
  | Exclude<AgentAccess, { kind: 'allowed' }>;

/** Names a new owner; an owner who had left is replaced, so the agent is no longer orphaned. */
export function handOverAgent(
  db: Db,
  now: Date,
  change: AgentChange & { readonly newOwnerId: string },
): HandOverResult {
  return changeManagedAgent(db, now, change, (before, audit): HandOverResult => {
    if (before.ownerId === change.newOwnerId && before.ownerLeftAt === null)
      return { kind: 'unchanged', agent: before };
    setAgentOwner(db, change.teamId, change.agentId, change.newOwnerId);
    audit('hand_over', { before: { ownerId: before.ownerId }, after: { ownerId: change.newOwnerId } });
    return {
      kind: 'handed_over',
      agent: mustGet(db, change.teamId, change.agentId),
      previousOwnerId: before.ownerId,
    };
  });
}

export interface StatusChange {
  readonly teamId: string;
  readonly agentId: number;
  readonly actorId: string;
  readonly to: AgentStatus;
  readonly cause: TransitionCause;
  readonly reason?: string;
}

export type StatusResult =
  | { readonly kind: 'moved'; readonly agent: Agent; readonly from: AgentStatus }
  | { readonly kind: 'refused'; readonly agent: Agent }
  | typeof NOT_FOUND;

/**
 * The move itself, for a use case already inside its transaction (a confirmed gate moves its agent):
 * only when the domain allows that move for that cause.
 */
export function moveAgent(db: Db, now: Date, change: StatusChange): StatusResult {
  const before = getAgent(db, change.teamId, change.agentId);
  if (!before) return NOT_FOUND;
  if (!canTransition(before.status, change.to, change.cause)) return { kind: 'refused', agent: before };
  setAgentStatus(db, change.teamId, change.agentId, change.to, now);
  auditOf(
    db,
    now,
    agentTarget(change),
  )('status', {
    before: { status: before.status },
    after: { status: change.to, cause: change.cause, ...(change.reason ? { reason: change.reason } : {}) },
  });
  return { kind: 'moved', agent: mustGet(db, change.teamId, change.agentId), from: before.status };
}

/** A person moves an agent along its lifecycle by hand (starts its pilot, retires it). */
export function changeAgentStatus(
  db: Db,
  now: Date,
  change: AgentChange & { readonly to: AgentStatus; readonly reason?: string },
): StatusResult | ReturnType<typeof NOT_ALLOWED> {
  return changeManagedAgent(db, now, change, () =>
    moveAgent(db, now, {
      teamId: change.teamId,
      agentId: change.agentId,
      actorId: change.actor.userId,
      to: change.to,
      cause: 'manual',
      ...(change.reason ? { reason: change.reason } : {}),
    }),
  );
}

/**
 * Marks the agents of an owner Slack reports as deactivated. Returns only the agents marked now,
 * so a repeated event tells nobody twice.
 */
export function markOwnerLeft(db: Db, now: Date, p: { teamId: string; ownerId: string }): Agent[] {
  return db
    .transaction((): Agent[] =>
      agentsOfStayingOwner(db, p.teamId, p.ownerId).map((agent) => {
        setOwnerLeft(db, p.teamId, agent.id, now);
        recordAudit(db, {
          teamId: p.teamId,
          actorId: SLACK_ACTOR,
          entity: AGENT_ENTITY,
          entityId: agent.id,
          action: 'owner_left',
          before: { ownerLeftAt: null },
          after: { ownerId: p.ownerId, ownerLeftAt: now.toISOString() },
          at: now,
        });
        return mustGet(db, p.teamId, agent.id);
      }),
    )
    .immediate();
}
