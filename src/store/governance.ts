// Reads across the rituals' records for the portfolio summary, its charts and the framework crosswalk.
// Each ritual's own store answers for its own tables; the few queries none of them needed live here.

import { type Agent, isRunning } from '../domain/agents.js';
import type { PeriodKey } from '../domain/calendar.js';
import type { RitualEvidence } from '../domain/crosswalk.js';
import type { AgentNumbers, AgentVerdict, LastVote } from '../domain/governance.js';
import type { Outcome, VoteChoice } from '../domain/vote.js';
import { standingOutcome } from '../domain/vote-round.js';
import { listAgents } from './agents.js';
import { cached, type Db } from './db.js';
import { feedRecords } from './feeds.js';
import { countPlacements, latestPlacement } from './placements.js';
import { latestValueReview, reportsForMonths } from './reports.js';
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

/** The most recent closed kill-or-scale round and what it decided for each agent on its ballot. */
export function lastVote(db: Db, teamId: string): LastVote | undefined {
  const [round] = closedRounds(db, teamId, 1);
  if (!round) return undefined;
  // One query for the round: every decided ballot with its outcome and any override beside it.
  const rows = cached(
    db,
    `SELECT b.agent_id, json_extract(b.card, '$.name') AS name, o.outcome, o.voters, o.eligible,
            ov.outcome AS override_outcome, ov.overridden_by, ov.reason AS override_reason
       FROM vote_ballots b
       JOIN vote_outcomes o ON o.ballot_id = b.id
       LEFT JOIN vote_overrides ov ON ov.ballot_id = b.id
      WHERE b.round_id = ?
      ORDER BY b.position`,
  ).all(round.id) as VerdictRow[];
  const verdicts = rows.map(
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
  return { round, verdicts };
}

export function agentNumbers(db: Db, teamId: string, months: readonly PeriodKey[]): AgentNumbers[] {
  // The value review's reading: a corrected number counts, not the one first typed.
  const numbers = new Map<number, Map<PeriodKey, number>>();
  for (const report of reportsForMonths(db, teamId, months)) {
    const byMonth = numbers.get(report.agentId) ?? new Map<PeriodKey, number>();
    byMonth.set(report.month, report.amountCents);
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
export function crosswalkEvidence(
  db: Db,
  teamId: string,
  agents: readonly Agent[] = listAgents(db, teamId),
): RitualEvidence {
  const lastRegistered = agents.reduce<Date | null>(
    (latest, a) => (latest === null || a.registeredAt > latest ? a.registeredAt : latest),
    null,
  );
  // Only decided reviews count as held; a pending claim is not yet evidence of anything.
  const gate = cached(
    db,
    `SELECT COUNT(*) AS reviews, SUM(state = 'passed') AS passed, MAX(reviewed_at) AS last
       FROM gate_reviews WHERE team_id = ? AND reviewed_at IS NOT NULL`,
  ).get(teamId) as GateCounts;
  const review = latestValueReview(db, teamId);
  const vote = lastVote(db, teamId);
  const placement = latestPlacement(db, teamId);
  return {
    registry: { agents: agents.length, lastRegisteredAt: lastRegistered },
    gate: { reviews: gate.reviews, passed: gate.passed ?? 0, lastReviewAt: fromIsoOrNull(gate.last) },
    valueReview: {
      lastPostedAt: review?.postedAt ?? null,
      lastPeriod: review?.month ?? null,
      reported: review?.reported ?? 0,
      expected: review?.expected ?? 0,
    },
    votes: {
      lastClosedAt: vote?.round.closedAt ?? null,
      lastQuarter: vote?.round.reviewedQuarter ?? null,
      decided: vote?.verdicts.filter((v) => v.outcome !== 'no_decision').length ?? 0,
      agents: vote?.verdicts.length ?? 0,
    },
    placements: { count: countPlacements(db, teamId), lastAt: placement?.createdAt ?? null },
    feeds: feedRecords(db, teamId),
  };
}
