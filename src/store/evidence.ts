import { shipsInWeeksEvidence } from '../domain/agents.js';
import type { Evidence, LastReviewNumber, RunningAgent } from '../domain/placement.js';
import { productionAgentsIn } from '../domain/placement.js';
import { cached, type Db } from './db.js';
import { latestValueReview } from './reports.js';
import { toIso } from './time.js';

interface AgentFacts {
  id: number;
  name: string;
  owner_id: string;
  category: string;
  status: string;
  registered_at: string;
  gate_passed_at: string | null;
  owner_left_at: string | null;
  /** 1 when the agent's number for the latest posted review's month was in before that review was posted. */
  reported_in_review: number;
}

/**
 * Whether an office-side agent passed the gate and is in production or scaling. An agent whose owner left
 * still proves the office side can ship one.
 */
export function officeSideInProduction(db: Db, teamId: string): boolean {
  return (
    cached(
      db,
      `SELECT 1 FROM agents WHERE team_id = ? AND status IN ('production', 'scaling') AND category = 'office'
          AND gate_passed_at IS NOT NULL LIMIT 1`,
    ).get(teamId) !== undefined
  );
}

/** What the app's own records say about the placement questions they can check. */
export function placementEvidence(db: Db, teamId: string): Evidence {
  const review = latestValueReview(db, teamId) ?? null;
  const agents = cached(
    db,
    `SELECT a.id, a.name, a.owner_id, a.category, a.status, a.registered_at, a.gate_passed_at, a.owner_left_at,
            EXISTS (SELECT 1 FROM monthly_reports r
                     WHERE r.team_id = a.team_id AND r.agent_id = a.id AND r.month = ? AND r.reported_at <= ?)
              AS reported_in_review
       FROM agents a WHERE a.team_id = ?
      ORDER BY a.gate_passed_at IS NULL, a.gate_passed_at, a.name_key`,
  ).all(review?.month ?? null, review === null ? null : toIso(review.postedAt), teamId) as AgentFacts[];
  const current = agents.filter((a) => a.status !== 'retired');
  const missing = new Set(review?.missingAgentIds ?? []);
  const lastReview = (a: AgentFacts): LastReviewNumber =>
    missing.has(a.id) ? 'missing' : a.reported_in_review === 1 ? 'reported' : 'not-asked';
  const running = current.filter((a) => a.status === 'production' || a.status === 'scaling');
  const runningAgents: RunningAgent[] = running.map((a) => ({
    name: a.name,
    ownerId: a.owner_id,
    gatePassedAt: a.gate_passed_at,
    ownerLeft: a.owner_left_at !== null,
    lastReview: lastReview(a),
  }));
  return {
    productionAgents: productionAgentsIn(runningAgents).length,
    officeSideInProduction: officeSideInProduction(db, teamId),
    lineOrProductAgents: current.filter((a) => a.category === 'line' || a.category === 'product').length,
    // Retired agents still show how fast the plumbing let them ship.
    shipsInWeeks: shipsInWeeksEvidence(
      agents.map((a) => ({
        registeredAt: new Date(a.registered_at),
        gatePassedAt: a.gate_passed_at ? new Date(a.gate_passed_at) : null,
      })),
    ),
    runningAgents,
    lastReview: review && { month: review.month, postedAt: toIso(review.postedAt) },
  };
}
