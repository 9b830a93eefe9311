import {
  type Agent,
  type AgentCategory,
  type AgentFields,
  type AgentStatus,
  normaliseName,
  type StatusCounts,
  type SystemOfRecord,
} from '../domain/agents.js';
import { cached, type Db, mappedRow } from './db.js';
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

/** How many of the workspace's agents are in each status. */
export function agentStatusCounts(db: Db, teamId: string): StatusCounts {
  const rows = cached(db, 'SELECT status, COUNT(*) AS n FROM agents WHERE team_id = ? GROUP BY status').all(
    teamId,
  ) as { status: AgentStatus; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The first `limit` agents not retired, in listAgents' order: what a short list shows of a large registry. */
export function firstCurrentAgents(db: Db, teamId: string, limit: number): Agent[] {
  const rows = cached(
    db,
    `SELECT * FROM agents WHERE team_id = ? AND status != 'retired' ORDER BY ${STATUS_ORDER}, name_key LIMIT ?`,
  ).all(teamId, limit) as AgentRow[];
  return rows.map(fromRow);
}

/** Line-level and in-product agents not retired: the first `limit` names in listAgents' order, and how many. */
export function skippingAgents(db: Db, teamId: string, limit: number): { names: string[]; total: number } {
  const where = "team_id = ? AND status != 'retired' AND category != 'office'";
  const names = cached(
    db,
    `SELECT name FROM agents WHERE ${where} ORDER BY ${STATUS_ORDER}, name_key LIMIT ?`,
  )
    .all(teamId, limit)
    .map((r) => (r as { name: string }).name);
  const { total } = cached(db, `SELECT COUNT(*) AS total FROM agents WHERE ${where}`).get(teamId) as {
    total: number;
  };
  return { names, total };
}

/** Agents not retired whose owner left the workspace. */
export function ownerlessAgents(db: Db, teamId: string): Agent[] {
  const rows = cached(
    db,
    `SELECT * FROM agents WHERE team_id = ? AND owner_left_at IS NOT NULL AND status != 'retired'
      ORDER BY ${STATUS_ORDER}, name_key`,
  ).all(teamId) as AgentRow[];
  return rows.map(fromRow);
}

export function agentNames(db: Db, teamId: string): string[] {
  return (
    cached(db, 'SELECT name FROM agents WHERE team_id = ? ORDER BY name_key').all(teamId) as {
      name: string;
    }[]
  ).map((r) => r.name);
}

/** The agent a modal registered, so a retried submission finds it instead of adding another. */
export function agentFromView(db: Db, teamId: string, sourceViewId: string): Agent | undefined {
  return mappedRow(
    db,
    'SELECT * FROM agents WHERE team_id = ? AND source_view_id = ?',
    fromRow,
    teamId,
    sourceViewId,
  );
}

/** A new agent: what the registry records before it has an id, a gate date or a history. */
export interface AgentRecord extends Omit<Agent, 'id' | 'gatePassedAt' | 'retiredAt' | 'ownerLeftAt'> {
  readonly sourceViewId: string;
}

/** Adds the row and returns its id. */
export function insertAgent(db: Db, a: AgentRecord): number {
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
    a.skippingSteps ? 1 : 0,
    a.registeredBy,
    toIso(a.registeredAt),
    a.sourceViewId,
  );
  return Number(info.lastInsertRowid);
}

export function updateAgentFields(
  db: Db,
  teamId: string,
  agentId: number,
  fields: AgentFields & { readonly skippingSteps: boolean },
): void {
  cached(
    db,
    `UPDATE agents SET name = ?, name_key = ?, workflow = ?, category = ?, system_of_record = ?, system_name = ?,
     metric = ?, monthly_target_cents = ?, confidence_threshold = ?, build_cost_cents = ?, skipping_steps = ?
   WHERE team_id = ? AND id = ?`,
  ).run(
    fields.name,
    normaliseName(fields.name),
    fields.workflow,
    fields.category,
    fields.systemOfRecord,
    fields.systemName,
    fields.metric,
    fields.monthlyTargetCents,
    fields.confidenceThreshold,
    fields.buildCostCents,
    fields.skippingSteps ? 1 : 0,
    teamId,
    agentId,
  );
}

/** A new owner; one who had left is replaced, so the agent is no longer orphaned. */
export function setAgentOwner(db: Db, teamId: string, agentId: number, ownerId: string): void {
  cached(db, 'UPDATE agents SET owner_id = ?, owner_left_at = NULL WHERE team_id = ? AND id = ?').run(
    ownerId,
    teamId,
    agentId,
  );
}

/** Production stamps the gate date, retirement the retirement date. */
export function setAgentStatus(db: Db, teamId: string, agentId: number, status: AgentStatus, at: Date): void {
  const iso = toIso(at);
  cached(
    db,
    `UPDATE agents SET status = ?,
     gate_passed_at = CASE WHEN ? = 'production' THEN ? ELSE gate_passed_at END,
     retired_at = CASE WHEN ? = 'retired' THEN ? ELSE retired_at END
   WHERE team_id = ? AND id = ?`,
  ).run(status, status, iso, status, iso, teamId, agentId);
}

/** The agents of this owner, not retired, not yet marked as left. */
export function agentsOfStayingOwner(db: Db, teamId: string, ownerId: string): Agent[] {
  const rows = cached(
    db,
    `SELECT * FROM agents WHERE team_id = ? AND owner_id = ? AND owner_left_at IS NULL AND status != 'retired'
     ORDER BY name_key`,
  ).all(teamId, ownerId) as AgentRow[];
  return rows.map(fromRow);
}

export function setOwnerLeft(db: Db, teamId: string, agentId: number, at: Date): void {
  cached(db, 'UPDATE agents SET owner_left_at = ? WHERE team_id = ? AND id = ?').run(
    toIso(at),
    teamId,
    agentId,
  );
}
