// Reads across the rituals' records for the portfolio summary, its charts and the framework crosswalk.
// Each ritual's own store answers for its own tables; the few queries none of them needed live here.

import { isRunning } from '../domain/agents.js';
import type { PeriodKey } from '../domain/calendar.js';
import type { RitualEvidence } from '../domain/crosswalk.js';
import type { AgentNumbers, AgentVerdict, LastVote } from '../domain/governance.js';
import type { Outcome, VoteChoice } from '../domain/vote.js';
import { standingOutcome } from '../domain/vote-round.js';
import { listAgents } from './agents.js';
import { cached, type Db } from './db.js';
import { feedRecords } from './feeds.js';
import { countPlacements, latestPlacement } from './placements.js';
import { latestValueReview, reportedCents } from './reports.js';
import { fromIsoOrNull } from './time.js';
import { closedRounds } from './votes.js';

interface VerdictRow {
  agent_id: number;
  name: string;
  outcome: Outcome;
  voters: number;
  eligible: number;
  override_outcome: VoteChoice | null;
  overridden_by: string | null;
  override_reason: string | null;
}

/**
 * What a closed round decided for each agent on its ballot, in ballot order, with any override beside it: one
 * query for the round. The first `limit` ballots only when given (a list that shows only so many lines).
 */
export function roundVerdicts(db: Db, roundId: number, limit = -1): AgentVerdict[] {
  const rows = cached(
    db,
    `SELECT b.agent_id, json_extract(b.card, '$.name') AS name, o.outcome, o.voters, o.eligible,
            ov.outcome AS override_outcome, ov.overridden_by, ov.reason AS override_reason
       FROM vote_ballots b
       JOIN vote_outcomes o ON o.ballot_id = b.id
       LEFT JOIN vote_overrides ov ON ov.ballot_id = b.id
      WHERE b.round_id = ?
      ORDER BY b.position
      LIMIT ?`,
  ).all(roundId, limit) as VerdictRow[];
  return rows.map(
    (r): AgentVerdict => ({
      agentId: r.agent_id,
      name: r.name,
      outcome: standingOutcome(
        r.outcome,
        r.override_outcome === null ? undefined : { outcome: r.override_outcome },
      ),
      voters: r.voters,
      eligible: r.eligible,
      override:
        r.override_outcome !== null && r.overridden_by !== null && r.override_reason !== null
          ? { by: r.overridden_by, reason: r.override_reason, votedOutcome: r.outcome }
          : null,
    }),
  );
}

/** How many of the round's ballots were decided (have an outcome), however many a list shows. */
export function decidedBallotCount(db: Db, roundId: number): number {
  return (
    cached(
      db,
      'SELECT COUNT(*) AS n FROM vote_ballots b JOIN vote_outcomes o ON o.ballot_id = b.id WHERE b.round_id = ?',
    ).get(roundId) as { n: number }
  ).n;
}

/** The decision that stands for each ballot of the round, without the rest of the verdict: for counting. */
function standingOutcomes(db: Db, roundId: number): Outcome[] {
  const rows = cached(
    db,
    `SELECT o.outcome, ov.outcome AS override_outcome
       FROM vote_ballots b
       JOIN vote_outcomes o ON o.ballot_id = b.id
       LEFT JOIN vote_overrides ov ON ov.ballot_id = b.id
      WHERE b.round_id = ?`,
  ).all(roundId) as Pick<VerdictRow, 'outcome' | 'override_outcome'>[];
  return rows.map((r) =>
    standingOutcome(r.outcome, r.override_outcome === null ? undefined : { outcome: r.override_outcome }),
  );
}

/** The most recent closed kill-or-scale round and what it decided for each agent on its ballot. */
export function lastVote(db: Db, teamId: string): LastVote | undefined {
  const [round] = closedRounds(db, teamId, 1);
  return round && { round, verdicts: roundVerdicts(db, round.id) };
}

export function agentNumbers(db: Db, teamId: string, months: readonly PeriodKey[]): AgentNumbers[] {
  // The value review's reading: a corrected number counts, not the one first typed.
  const numbers = new Map<number, Map<PeriodKey, number>>();
  for (const report of reportedCents(db, teamId, months)) {
    const byMonth = numbers.get(report.agentId) ?? new Map<PeriodKey, number>();
    byMonth.set(report.month, report.cents);
    numbers.set(report.agentId, byMonth);
  }
  return listAgents(db, teamId).flatMap((a) => {
    const reported = numbers.get(a.id) ?? new Map<PeriodKey, number>();
    if (!isRunning(a.status) && reported.size === 0) return [];
    return [
      {
        agentId: a.id,
        name: a.name,
        status: a.status,
        ownerId: a.ownerId,
        monthlyTargetCents: a.monthlyTargetCents,
        registeredAt: a.registeredAt,
        gatePassedAt: a.gatePassedAt,
        reported,
      },
    ];
  });
}

interface GateCounts {
  reviews: number;
  passed: number | null;
  last: string | null;
}

/** Counts and dates of the latest evidence each ritual left, for the NIST AI RMF / ISO 42001 crosswalk. */
export function crosswalkEvidence(db: Db, teamId: string): RitualEvidence {
  const registry = cached(
    db,
    'SELECT COUNT(*) AS agents, MAX(registered_at) AS last FROM agents WHERE team_id = ?',
  ).get(teamId) as { agents: number; last: string | null };
  // Only decided reviews count as held; a pending claim is not yet evidence of anything.
  const gate = cached(
    db,
    `SELECT COUNT(*) AS reviews, SUM(state = 'passed') AS passed, MAX(reviewed_at) AS last
       FROM gate_reviews WHERE team_id = ? AND reviewed_at IS NOT NULL`,
  ).get(teamId) as GateCounts;
  const review = latestValueReview(db, teamId);
  const [round] = closedRounds(db, teamId, 1);
  const outcomes = round ? standingOutcomes(db, round.id) : [];
  const placement = latestPlacement(db, teamId);
  return {
    registry: { agents: registry.agents, lastRegisteredAt: fromIsoOrNull(registry.last) },
    gate: { reviews: gate.reviews, passed: gate.passed ?? 0, lastReviewAt: fromIsoOrNull(gate.last) },
    valueReview: {
      lastPostedAt: review?.postedAt ?? null,
      lastPeriod: review?.month ?? null,
      reported: review?.reported ?? 0,
      expected: review?.expected ?? 0,
    },
    votes: {
      lastClosedAt: round?.closedAt ?? null,
      lastQuarter: round?.reviewedQuarter ?? null,
      decided: outcomes.filter((outcome) => outcome !== 'no_decision').length,
      agents: outcomes.length,
    },
    placements: { count: countPlacements(db, teamId), lastAt: placement?.createdAt ?? null },
    feeds: feedRecords(db, teamId),
  };
}
