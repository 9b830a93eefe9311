import {
  type Agent,
  type AgentCategory,
  type AgentFields,
  type AgentStatus,
  canTransition,
  normaliseName,
  type SystemOfRecord,
  skipsSteps,
  type TransitionCause,
} from '../domain/agents.js';
import { recordAudit } from './audit.js';
import { cached, type Db } from './db.js';
import { placementEvidence } from './evidence.js';
import { fromIso, fromIsoOrNull, toIso } from './time.js';

/** The audit-log entity every agent change is recorded under; later rituals read the same trail. */
export const AGENT_ENTITY = 'agent';
/** The actor recorded for changes Slack reported (a deactivated owner), not made by a person in the app. */
export const SLACK_ACTOR = 'slack';

interface AgentRow {
  id: number;
  team_id: string;
  name: string;
  workflow: string;
  category: AgentCategory;
  system_of_record: SystemOfRecord;
  system_name: string | null;
  owner_id: string;
  metric: string;
  monthly_target_cents: number;
  confidence_threshold: number;
  build_cost_cents: number | null;
  status: AgentStatus;
  skipping_steps: number;
  registered_by: string;
  registered_at: string;
  gate_passed_at: string | null;
  retired_at: string | null;
  owner_left_at: string | null;
}

const fromRow = (r: AgentRow): Agent => ({
  id: r.id,
  teamId: r.team_id,
  name: r.name,
  workflow: r.workflow,
  category: r.category,
  systemOfRecord: r.system_of_record,
  systemName: r.system_name,
  ownerId: r.owner_id,
  metric: r.metric,
  monthlyTargetCents: r.monthly_target_cents,
  confidenceThreshold: r.confidence_threshold,
  buildCostCents: r.build_cost_cents,
  status: r.status,
  skippingSteps: r.skipping_steps === 1,
  registeredBy: r.registered_by,
  registeredAt: fromIso(r.registered_at),
  gatePassedAt: fromIsoOrNull(r.gate_passed_at),
  retiredAt: fromIsoOrNull(r.retired_at),
  ownerLeftAt: fromIsoOrNull(r.owner_left_at),
});

/** The fields an audit row shows, so a later reader sees the agent as it was without joining anything. */
function fieldsOf(agent: AgentFields): AgentFields {
  return {
    name: agent.name,
    workflow: agent.workflow,
    category: agent.category,
    systemOfRecord: agent.systemOfRecord,
    systemName: agent.systemName,
    metric: agent.metric,
    monthlyTargetCents: agent.monthlyTargetCents,
    confidenceThreshold: agent.confidenceThreshold,
    buildCostCents: agent.buildCostCents,
  };
}

export function getAgent(db: Db, teamId: string, agentId: number): Agent | undefined {
  const row = cached(db, 'SELECT * FROM agents WHERE team_id = ? AND id = ?').get(teamId, agentId) as
    | AgentRow
    | undefined;
  return row && fromRow(row);
}

/** The agent with this name, however it is capitalised or spaced. */
export function findAgentByName(db: Db, teamId: string, name: string): Agent | undefined {
  const row = cached(db, 'SELECT * FROM agents WHERE team_id = ? AND name_key = ?').get(
    teamId,
    normaliseName(name),
  ) as AgentRow | undefined;
  return row && fromRow(row);
}

const STATUS_ORDER = `CASE status WHEN 'production' THEN 0 WHEN 'scaling' THEN 1 WHEN 'pilot' THEN 2
  WHEN 'proposed' THEN 3 ELSE 4 END`;

/** Every agent of the workspace, production first and retired last, then by name. */
export function listAgents(db: Db, teamId: string): Agent[] {
  const rows = cached(db, `SELECT * FROM agents WHERE team_id = ? ORDER BY ${STATUS_ORDER}, name_key`).all(
    teamId,
  ) as AgentRow[];
  return rows.map(fromRow);
}

export function agentNames(db: Db, teamId: string): string[] {
  return (
    cached(db, 'SELECT name FROM agents WHERE team_id = ? ORDER BY name_key').all(teamId) as {
      name: string;
    }[]
  ).map((r) => r.name);
}

export interface NewAgent extends AgentFields {
  readonly teamId: string;
  readonly ownerId: string;
  readonly status: Extract<AgentStatus, 'proposed' | 'pilot'>;
  readonly registeredBy: string;
  readonly at: Date;
  /** The modal that registered it: a retried submission finds this agent instead of adding one. */
  readonly sourceViewId: string;
}

export type RegisterResult =
  | { readonly kind: 'registered'; readonly agent: Agent; readonly created: boolean }
  | { readonly kind: 'name_taken'; readonly existing: Agent };

/**
 * Adds an agent with its audit row, in one transaction. Whether it skips steps is judged here,
 * against the registry as it stands at that moment.
 */
export function registerAgent(db: Db, a: NewAgent): RegisterResult {
  return db
    .transaction((): RegisterResult => {
      const retried = cached(db, 'SELECT * FROM agents WHERE team_id = ? AND source_view_id = ?').get(
        a.teamId,
        a.sourceViewId,
      ) as AgentRow | undefined;
      if (retried) return { kind: 'registered', agent: fromRow(retried), created: false };
      const existing = findAgentByName(db, a.teamId, a.name);
      if (existing) return { kind: 'name_taken', existing };
      const skipping = skipsSteps(a.category, placementEvidence(db, a.teamId).officeSideInProduction);
      const info = cached(
        db,
        `INSERT INTO agents (team_id, name, name_key, workflow, category, system_of_record, system_name, owner_id,
           metric, monthly_target_cents, confidence_threshold, build_cost_cents, status, skipping_steps,
           registered_by, registered_at, source_view_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        a.teamId,
        a.name,
        normaliseName(a.name),
        a.workflow,
        a.category,
        a.systemOfRecord,
        a.systemName,
        a.ownerId,
        a.metric,
        a.monthlyTargetCents,
        a.confidenceThreshold,
        a.buildCostCents,
        a.status,
        skipping ? 1 : 0,
        a.registeredBy,
        toIso(a.at),
        a.sourceViewId,
      );
      const agentId = Number(info.lastInsertRowid);
      recordAudit(db, {
        teamId: a.teamId,
        actorId: a.registeredBy,
        entity: AGENT_ENTITY,
        entityId: agentId,
        action: 'register',
        after: { ...fieldsOf(a), ownerId: a.ownerId, status: a.status, skippingSteps: skipping },
        at: a.at,
      });
      return { kind: 'registered', agent: mustGet(db, a.teamId, agentId), created: true };
    })
    .immediate();
}

function mustGet(db: Db, teamId: string, agentId: number): Agent {
  const agent = getAgent(db, teamId, agentId);
  if (!agent) throw new Error(`Agent ${agentId} vanished inside its own transaction`);
  return agent;
}

export interface AgentChange {
  readonly teamId: string;
  readonly agentId: number;
  readonly actorId: string;
  readonly at: Date;
}

export type EditResult =
  | { readonly kind: 'edited'; readonly agent: Agent; readonly changed: readonly (keyof AgentFields)[] }
  | { readonly kind: 'name_taken'; readonly existing: Agent }
  | { readonly kind: 'not_found' };

/** Changes what was typed about an agent. Only the fields that differ are written to the audit row. */
export function editAgent(db: Db, change: AgentChange & { readonly fields: AgentFields }): EditResult {
  return db
    .transaction((): EditResult => {
      const before = getAgent(db, change.teamId, change.agentId);
      if (!before) return { kind: 'not_found' };
      const clash = findAgentByName(db, change.teamId, change.fields.name);
      if (clash && clash.id !== before.id) return { kind: 'name_taken', existing: clash };
      const old = fieldsOf(before);
      const next = fieldsOf(change.fields);
      const changed = (Object.keys(next) as (keyof AgentFields)[]).filter((key) => old[key] !== next[key]);
      if (changed.length === 0) return { kind: 'edited', agent: before, changed };
      // A new category is judged against today's registry, as a new registration would be.
      const skipping = changed.includes('category')
        ? skipsSteps(next.category, placementEvidence(db, change.teamId).officeSideInProduction)
        : before.skippingSteps;
      cached(
        db,
        `UPDATE agents SET name = ?, name_key = ?, workflow = ?, category = ?, system_of_record = ?, system_name = ?,
         metric = ?, monthly_target_cents = ?, confidence_threshold = ?, build_cost_cents = ?, skipping_steps = ?
       WHERE team_id = ? AND id = ?`,
      ).run(
        next.name,
        normaliseName(next.name),
        next.workflow,
        next.category,
        next.systemOfRecord,
        next.systemName,
        next.metric,
        next.monthlyTargetCents,
        next.confidenceThreshold,
        next.buildCostCents,
        skipping ? 1 : 0,
        change.teamId,
        change.agentId,
      );
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: AGENT_ENTITY,
        entityId: change.agentId,
        action: 'edit',
        before: Object.fromEntries(changed.map((key) => [key, old[key]])),
        after: Object.fromEntries(changed.map((key) => [key, next[key]])),
        at: change.at,
      });
      return { kind: 'edited', agent: mustGet(db, change.teamId, change.agentId), changed };
    })
    .immediate();
}

export type HandOverResult =
  | { readonly kind: 'handed_over'; readonly agent: Agent; readonly previousOwnerId: string }
  | { readonly kind: 'unchanged'; readonly agent: Agent }
  | { readonly kind: 'not_found' };

/** Names a new owner; an owner who had left is replaced, so the agent is no longer orphaned. */
export function handOverAgent(db: Db, change: AgentChange & { readonly newOwnerId: string }): HandOverResult {
  return db
    .transaction((): HandOverResult => {
      const before = getAgent(db, change.teamId, change.agentId);
      if (!before) return { kind: 'not_found' };
      if (before.ownerId === change.newOwnerId && before.ownerLeftAt === null)
        return { kind: 'unchanged', agent: before };
      cached(db, 'UPDATE agents SET owner_id = ?, owner_left_at = NULL WHERE team_id = ? AND id = ?').run(
        change.newOwnerId,
        change.teamId,
        change.agentId,
      );
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: AGENT_ENTITY,
        entityId: change.agentId,
        action: 'hand_over',
        before: { ownerId: before.ownerId },
        after: { ownerId: change.newOwnerId },
        at: change.at,
      });
      return {
        kind: 'handed_over',
        agent: mustGet(db, change.teamId, change.agentId),
        previousOwnerId: before.ownerId,
      };
    })
    .immediate();
}

export type StatusResult =
  | { readonly kind: 'moved'; readonly agent: Agent; readonly from: AgentStatus }
  | { readonly kind: 'refused'; readonly agent: Agent }
  | { readonly kind: 'not_found' };

/**
 * Moves an agent along its lifecycle when the domain allows that move for that cause. Production
 * stamps the gate date, retirement the retirement date. Safe inside a caller's transaction.
 */
export function changeAgentStatus(
  db: Db,
  change: AgentChange & {
    readonly to: AgentStatus;
    readonly cause: TransitionCause;
    readonly reason?: string;
  },
): StatusResult {
  return db
    .transaction((): StatusResult => {
      const before = getAgent(db, change.teamId, change.agentId);
      if (!before) return { kind: 'not_found' };
      if (!canTransition(before.status, change.to, change.cause)) return { kind: 'refused', agent: before };
      const at = toIso(change.at);
      cached(
        db,
        `UPDATE agents SET status = ?,
         gate_passed_at = CASE WHEN ? = 'production' THEN ? ELSE gate_passed_at END,
         retired_at = CASE WHEN ? = 'retired' THEN ? ELSE retired_at END
       WHERE team_id = ? AND id = ?`,
      ).run(change.to, change.to, at, change.to, at, change.teamId, change.agentId);
      recordAudit(db, {
        teamId: change.teamId,
        actorId: change.actorId,
        entity: AGENT_ENTITY,
        entityId: change.agentId,
        action: 'status',
        before: { status: before.status },
        after: {
          status: change.to,
          cause: change.cause,
          ...(change.reason ? { reason: change.reason } : {}),
        },
        at: change.at,
      });
      return { kind: 'moved', agent: mustGet(db, change.teamId, change.agentId), from: before.status };
    })
    .immediate();
}

/**
 * Marks the agents of an owner Slack reports as deactivated. Returns only the agents marked now,
 * so a repeated event tells nobody twice.
 */
export function markOwnerLeft(db: Db, p: { teamId: string; ownerId: string; at: Date }): Agent[] {
  return db
    .transaction((): Agent[] => {
      const rows = cached(
        db,
        `SELECT * FROM agents WHERE team_id = ? AND owner_id = ? AND owner_left_at IS NULL AND status != 'retired'
         ORDER BY name_key`,
      ).all(p.teamId, p.ownerId) as AgentRow[];
      const mark = cached(db, 'UPDATE agents SET owner_left_at = ? WHERE team_id = ? AND id = ?');
      for (const row of rows) {
        mark.run(toIso(p.at), p.teamId, row.id);
        recordAudit(db, {
          teamId: p.teamId,
          actorId: SLACK_ACTOR,
          entity: AGENT_ENTITY,
          entityId: row.id,
          action: 'owner_left',
          before: { ownerLeftAt: null },
          after: { ownerId: p.ownerId, ownerLeftAt: toIso(p.at) },
          at: p.at,
        });
      }
      return rows.map((row) => mustGet(db, p.teamId, row.id));
    })
    .immediate();
}
