import { z } from 'zod';
import {
  type Answers,
  type Evidence,
  type Placement,
  QUESTION_IDS,
  type StoredPlacement,
} from '../domain/placement.js';
import type { StageNumber } from '../domain/stages.js';
import { cached, type Db } from './db.js';
import { parseColumn } from './json.js';
import { toIso } from './time.js';

const known = z.enum(['yes', 'no', 'unknown']);
const answersSchema = z.object(
  Object.fromEntries(QUESTION_IDS.map((id) => [id, z.boolean()])) as Record<
    (typeof QUESTION_IDS)[number],
    z.ZodBoolean
  >,
);
const evidenceSchema = z.object({
  productionAgents: z.number(),
  ownerlessProductionAgents: z.number().optional(),
  officeSideInProduction: z.boolean(),
  lineOrProductAgents: z.number(),
  shipsInWeeks: z.object({ value: known, medianDays: z.number().optional(), sample: z.number() }),
  everyAgentReports: z.object({
    value: known,
    missing: z.number().optional(),
    expected: z.number().optional(),
    period: z.string().optional(),
  }),
});
const flagsSchema = z.array(
  z.object({ id: z.enum(['skippingSteps', 'sprawlRisk']), title: z.string(), reason: z.string() }),
);
const overridesSchema = z.array(
  z.object({
    question: z.enum([...QUESTION_IDS, 'threeOrMoreAgents']),
    answered: z.boolean(),
    record: known,
    why: z.string(),
  }),
);

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

const fromRow = (r: PlacementRow): StoredPlacement => {
  const column = (name: string) => ({ table: 'placements', id: r.id, column: name });
  return {
    id: r.id,
    teamId: r.team_id,
    userId: r.user_id,
    createdAt: new Date(r.created_at),
    answers: parseColumn(answersSchema, r.answers, column('answers')),
    evidence: parseColumn(evidenceSchema, r.evidence, column('evidence')),
    selfReported: r.self_stage as StageNumber,
    evidenceBased: r.evidence_stage as StageNumber,
    final: r.final_stage as StageNumber,
    flags: parseColumn(flagsSchema, r.flags, column('flags')),
    overrides: parseColumn(overridesSchema, r.overrides, column('overrides')),
  };
};

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
