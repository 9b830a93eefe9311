// Reads across the rituals' records for the portfolio summary, its charts and the framework crosswalk.
// Each ritual's own store answers for its own tables; the few queries none of them needed live here.

import { isRunning } from '../domain/agents.js';
import type { PeriodKey } from '../domain/calendar.js';
import type { RitualEvidence } from '../domain/crosswalk.js';
import type { ShippedAgent } from '../domain/reuse.js';
import type { Outcome } from '../domain/vote.js';
import { type Agent, listAgents } from './agents.js';
import type { Db } from './db.js';
import { countPlacements, latestPlacement } from './placements.js';
import { latestValueReview, reportsForMonths } from './reports.js';
import { fromIsoOrNull } from './time.js';
import { ballotsOf, closedRounds, outcomeOf, overrideOf, type VoteRound } from './votes.js';

export interface AgentVerdict {
  readonly agentId: number;
  readonly name: string;
  /** The decision that stands: the portfolio owner's override when there is one, else the vote's outcome. */
  readonly outcome: Outcome;
  readonly voters: number;
  readonly eligible: number;
  readonly override: { readonly by: string; readonly reason: string; readonly votedOutcome: Outcome } | null;
}

export interface LastVote {
  readonly round: VoteRound;
  readonly verdicts: readonly AgentVerdict[];
}

/** The most recent closed kill-or-scale round and what it decided for each agent on its ballot. */
export function lastVote(db: Db, teamId: string): LastVote | undefined {
  const [round] = closedRounds(db, teamId, 1);
  if (!round) return undefined;
  const verdicts = ballotsOf(db, round.id).flatMap((ballot): AgentVerdict[] => {
    const outcome = outcomeOf(db, ballot.id);
    if (!outcome) return [];
    const override = overrideOf(db, ballot.id);
    return [
      {
        agentId: ballot.agentId,
        name: ballot.card.name,
        outcome: override ? override.outcome : outcome.outcome,
        voters: outcome.voters,
        eligible: outcome.eligible,
        override: override
          ? { by: override.overriddenBy, reason: override.reason, votedOutcome: outcome.outcome }
          : null,
      },
    ];
  });
  return { round, verdicts };
}

/** Agents that passed their gate, for the reuse trend (retired ones too: they still show how fast one shipped). */
export function shippedAgents(agents: readonly Agent[]): ShippedAgent[] {
  return agents.flatMap((a) =>
    a.gatePassedAt === null
      ? []
      : [
          {
            agentId: a.id,
            name: a.name,
            registeredAt: a.registeredAt,
            gatePassedAt: a.gatePassedAt,
            buildCostCents: a.buildCostCents,
          },
        ],
  );
}

/** One agent's reported cents by month over `months`, for every agent running now or with a number in them. */
export interface AgentNumbers {
  readonly agentId: number;
  readonly name: string;
  readonly status: Agent['status'];
  readonly ownerId: string;
  readonly targetCents: number;
  readonly reported: ReadonlyMap<PeriodKey, number>;
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
        targetCents: a.monthlyTargetCents,
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
  const agents = listAgents(db, teamId);
  const lastRegistered = agents.reduce<Date | null>(
    (latest, a) => (latest === null || a.registeredAt > latest ? a.registeredAt : latest),
    null,
  );
  // Only decided reviews count as held; a pending claim is not yet evidence of anything.
  const gate = db
    .prepare(
      `SELECT COUNT(*) AS reviews, SUM(state = 'passed') AS passed, MAX(reviewed_at) AS last
       FROM gate_reviews WHERE team_id = ? AND reviewed_at IS NOT NULL`,
    )
    .get(teamId) as GateCounts;
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
  };
}

// ---- Export: every table of one workspace, as rows ----

export interface ExportedTable {
  readonly name: string;
  /** In the table's own column order, so an empty table still names its columns. */
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

/** The records an auditor asks for first; every other table of the workspace follows by name. */
const EXPORT_ORDER = [
  'workspaces',
  'placements',
  'agents',
  'gate_reviews',
  'gate_bar_claims',
  'monthly_reports',
  'report_corrections',
  'value_reviews',
  'vote_rounds',
  'vote_ballots',
  'votes',
  'vote_outcomes',
  'vote_overrides',
  'backlog_candidates',
  'backlog_reminders',
  'audit_log',
];

const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${quoteName(table)})`).all() as { name: string }[]).map(
    (c) => c.name,
  );
}

/**
 * How to pick one workspace's rows of a table: by its own team_id, or else through the first foreign key
 * to a table that has one (a gate review's bar claims belong to the review's workspace). Null: no way.
 */
function workspaceFilter(db: Db, table: string): string | null {
  if (columnsOf(db, table).includes('team_id')) return `SELECT * FROM ${quoteName(table)} WHERE team_id = ?`;
  const keys = db.prepare(`PRAGMA foreign_key_list(${quoteName(table)})`).all() as {
    table: string;
    from: string;
    to: string | null;
  }[];
  const viaParent = keys.find((k) => columnsOf(db, k.table).includes('team_id'));
  if (!viaParent) return null;
  const parent = quoteName(viaParent.table);
  return `SELECT c.* FROM ${quoteName(table)} c JOIN ${parent} p ON c.${quoteName(viaParent.from)} = p.${quoteName(viaParent.to ?? 'id')}
    WHERE p.team_id = ?`;
}

/** Every table holding this workspace's records, with its rows, in EXPORT_ORDER then by name. */
export function exportTables(db: Db, teamId: string): ExportedTable[] {
  const names = (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  const rank = (name: string): number => {
    const at = EXPORT_ORDER.indexOf(name);
    return at === -1 ? EXPORT_ORDER.length : at;
  };
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return names.flatMap((name) => {
    const query = workspaceFilter(db, name);
    if (query === null) return [];
    const rows = db.prepare(`${query} ORDER BY 1`).all(teamId) as Record<string, unknown>[];
    return [{ name, columns: columnsOf(db, name), rows }];
  });
}
