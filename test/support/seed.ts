/**
 * Rows a test needs before Slack is involved: a configured workspace, agents, past reports. Plain SQL on the
 * app's own database, so a test can start in the middle of a portfolio's life.
 */
import type { Db } from '../../src/store/db.js';
import { TEAM_ID } from './app.js';

export interface WorkspaceSeed {
  teamId?: string;
  createdAt: string;
  timeZone?: string | null;
  portfolioOwnerId?: string | null;
  reviewChannelId?: string | null;
  currency?: string;
}

export function seedWorkspace(db: Db, w: WorkspaceSeed): void {
  db.prepare(
    `INSERT INTO workspaces (team_id, created_at, time_zone, currency, portfolio_owner_id, review_channel_id)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (team_id) DO UPDATE SET created_at = excluded.created_at, time_zone = excluded.time_zone,
       currency = excluded.currency, portfolio_owner_id = excluded.portfolio_owner_id,
       review_channel_id = excluded.review_channel_id`,
  ).run(
    w.teamId ?? TEAM_ID,
    new Date(w.createdAt).toISOString(),
    w.timeZone === undefined ? 'America/Chicago' : w.timeZone,
    w.currency ?? 'USD',
    w.portfolioOwnerId ?? null,
    w.reviewChannelId ?? null,
  );
}

export interface AgentSeed {
  teamId?: string;
  name: string;
  ownerId: string;
  metric?: string;
  monthlyTargetCents?: number;
  status?: 'proposed' | 'pilot' | 'production' | 'scaling' | 'retired';
  category?: 'office' | 'line' | 'product';
  registeredAt?: string;
  /** When it passed its production gate; none by default. */
  gatePassedAt?: string;
}

/** Returns the new agent's id. */
export function seedAgent(db: Db, a: AgentSeed): number {
  const registeredAt = new Date(a.registeredAt ?? '2026-01-05T15:00:00Z').toISOString();
  const info = db
    .prepare(
      `INSERT INTO agents (team_id, name, name_key, workflow, category, system_of_record, owner_id, metric,
         monthly_target_cents, confidence_threshold, status, registered_by, registered_at, gate_passed_at)
       VALUES (?, ?, ?, ?, ?, 'ERP', ?, ?, ?, 80, ?, ?, ?, ?)`,
    )
    .run(
      a.teamId ?? TEAM_ID,
      a.name,
      a.name.toLowerCase(),
      `${a.name} end to end`,
      a.category ?? 'office',
      a.ownerId,
      a.metric ?? 'Hours saved times the loaded rate',
      a.monthlyTargetCents ?? 1_000_000,
      a.status ?? 'production',
      a.ownerId,
      registeredAt,
      a.gatePassedAt === undefined ? null : new Date(a.gatePassedAt).toISOString(),
    );
  return Number(info.lastInsertRowid);
}

/** A number reported in an earlier month, as the owner typed it. */
export function seedReport(
  db: Db,
  r: { teamId?: string; agentId: number; month: string; cents: number; by: string; at?: string },
): void {
  db.prepare(
    `INSERT INTO monthly_reports (team_id, agent_id, month, amount_cents, reported_by, reported_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    r.teamId ?? TEAM_ID,
    r.agentId,
    r.month,
    r.cents,
    r.by,
    new Date(r.at ?? `${r.month}-28T15:00:00Z`).toISOString(),
  );
}
