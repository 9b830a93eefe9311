// What the portfolio summary, its charts and the crosswalk read across the rituals' records.

import type { AgentStatus } from './agents.js';
import type { PeriodKey } from './calendar.js';
import type { Outcome } from './vote.js';
import type { VoteRound } from './vote-round.js';

export interface AgentVerdict {
  readonly agentId: number;
  readonly name: string;
  /** The decision that stands (see effectiveOutcome). */
  readonly outcome: Outcome;
  readonly voters: number;
  readonly eligible: number;
  readonly override: { readonly by: string; readonly reason: string; readonly votedOutcome: Outcome } | null;
}

export interface LastVote {
  readonly round: VoteRound;
  readonly verdicts: readonly AgentVerdict[];
}

/** One agent's reported cents by month, for every agent running now or with a number in the months asked. */
export interface AgentNumbers {
  readonly agentId: number;
  readonly name: string;
  readonly status: AgentStatus;
  readonly ownerId: string;
  readonly monthlyTargetCents: number;
  readonly registeredAt: Date;
  readonly gatePassedAt: Date | null;
  readonly reported: ReadonlyMap<PeriodKey, number>;
}
