import type { Answers, Evidence, Flag, Override, Placement, StoredPlacement } from '../domain/placement.js';
import type { StageNumber } from '../domain/stages.js';
import { cached, type Db } from './db.js';
import { toIso } from './time.js';

interface PlacementRow {
  id: number;
  team_id: string;
  user_id: string;
  created_at: string;
  answers: string;
  evidence: string;
  self_stage: number;
  evidence_stage: number;
  final_stage: number;
  flags: string;
  overrides: string;
}

const fromRow = (r: PlacementRow): StoredPlacement => ({
  id: r.id,
  teamId: r.team_id,
  userId: r.user_id,
  createdAt: new Date(r.created_at),
  answers: JSON.parse(r.answers) as Answers,
  evidence: JSON.parse(r.evidence) as Evidence,
  selfReported: r.self_stage as StageNumber,
  evidenceBased: r.evidence_stage as StageNumber,
  final: r.final_stage as StageNumber,
  flags: JSON.parse(r.flags) as Flag[],
  overrides: JSON.parse(r.overrides) as Override[],
});

export interface NewPlacement {
  readonly teamId: string;
  readonly userId: string;
  readonly at: Date;
  readonly answers: Answers;
  readonly evidence: Evidence;
  readonly placement: Placement;
  readonly sourceViewId: string;
}

/**
 * Stores a placement once per submitted view: a retried submission returns the row the first one stored.
 */
export function savePlacement(db: Db, p: NewPlacement): { placement: StoredPlacement; created: boolean } {
  const info = cached(
    db,
    `INSERT OR IGNORE INTO placements
         (team_id, user_id, created_at, answers, evidence, self_stage, evidence_stage, final_stage, flags, overrides, source_view_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    p.teamId,
    p.userId,
    toIso(p.at),
    JSON.stringify(p.answers),
    JSON.stringify(p.evidence),
    p.placement.selfReported,
    p.placement.evidenceBased,
    p.placement.final,
    JSON.stringify(p.placement.flags),
    JSON.stringify(p.placement.overrides),
    p.sourceViewId,
  );
  const row = cached(db, 'SELECT * FROM placements WHERE team_id = ? AND source_view_id = ?').get(
    p.teamId,
    p.sourceViewId,
  ) as PlacementRow;
  return { placement: fromRow(row), created: info.changes === 1 };
}

export function recentPlacements(db: Db, teamId: string, limit: number): StoredPlacement[] {
  const rows = cached(
    db,
    'SELECT * FROM placements WHERE team_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
  ).all(teamId, limit) as PlacementRow[];
  return rows.map(fromRow);
}

export function latestPlacement(db: Db, teamId: string): StoredPlacement | undefined {
  return recentPlacements(db, teamId, 1)[0];
}

export function countPlacements(db: Db, teamId: string): number {
  return (cached(db, 'SELECT COUNT(*) AS n FROM placements WHERE team_id = ?').get(teamId) as { n: number })
    .n;
}
