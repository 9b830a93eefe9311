import { z } from 'zod';
import {
  type Answers,
  type CheckId,
  type Evidence,
  type FlagId,
  type Known,
  type LastReviewNumber,
  type Placement,
  QUESTION_IDS,
  type StoredPlacement,
} from '../domain/placement.js';
import type { StageNumber } from '../domain/stages.js';
import { cached, type Db } from './db.js';
import { parseColumn } from './json.js';
import { toIso } from './time.js';

const known = z.enum(['yes', 'no', 'unknown'] satisfies Known[]);
const answersSchema = z.object(
  Object.fromEntries(QUESTION_IDS.map((id) => [id, z.boolean()])) as Record<
    (typeof QUESTION_IDS)[number],
    z.ZodBoolean
  >,
);
/**
 * Placements stored before the records listed the running agents and the last review hold neither (and
 * kept counts since dropped, which parsing leaves out): they read as no agents listed and no review.
 */
const evidenceSchema = z.object({
  productionAgents: z.number(),
  officeSideInProduction: z.boolean(),
  lineOrProductAgents: z.number(),
  shipsInWeeks: z.object({ value: known, medianDays: z.number().optional(), sample: z.number() }),
  runningAgents: z
    .array(
      z.object({
        name: z.string(),
        ownerId: z.string(),
        gatePassedAt: z.string().nullable(),
        ownerLeft: z.boolean(),
        lastReview: z.enum(['reported', 'missing', 'not-asked'] satisfies LastReviewNumber[]),
      }),
    )
    .default([]),
  lastReview: z.object({ month: z.string(), postedAt: z.string() }).nullable().default(null),
  monitoredAgents: z.number().optional(),
});
/** A reason as stored: parts, or one plain sentence in placements stored before reasons had parts. */
const reasonSchema = z.union([
  z.string().transform((sentence) => [sentence]),
  z.array(
    z.union([
      z.string(),
      z.object({ agent: z.string() }),
      z.object({ person: z.string() }),
      z.object({ day: z.string() }),
    ]),
  ),
]);
const overridesSchema = z.array(
  z.object({
    question: z.enum([...QUESTION_IDS, 'threeOrMoreAgents'] satisfies CheckId[]),
    answered: z.boolean(),
    record: known,
    why: reasonSchema,
  }),
);
const flagsSchema = z.array(
  z.object({
    id: z.enum(['skippingSteps', 'sprawlRisk'] satisfies FlagId[]),
    title: z.string(),
    reason: reasonSchema,
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
