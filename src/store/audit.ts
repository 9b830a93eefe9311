import type { AuditEntry, AuditRow } from '../domain/audit.js';
import { cached, type Db } from './db.js';
import { toIso } from './time.js';

/** Call inside the same transaction as the change it records. */
export function recordAudit(db: Db, e: AuditEntry): void {
  cached(
    db,
    `INSERT INTO audit_log (team_id, at, actor_id, entity, entity_id, action, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.teamId,
    toIso(e.at),
    e.actorId,
    e.entity,
    String(e.entityId),
    e.action,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
  );
}

interface RawAuditRow {
  id: number;
  at: string;
  actor_id: string;
  entity: string;
  entity_id: string;
  action: string;
  before: string | null;
  after: string | null;
}

const parseJson = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export function auditTrail(db: Db, teamId: string, entity: string, entityId: string | number): AuditRow[] {
  const rows = cached(
    db,
    `SELECT id, at, actor_id, entity, entity_id, action, before, after FROM audit_log
       WHERE team_id = ? AND entity = ? AND entity_id = ? ORDER BY at, id`,
  ).all(teamId, entity, String(entityId)) as RawAuditRow[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    before: parseJson(r.before),
    after: parseJson(r.after),
  }));
}
