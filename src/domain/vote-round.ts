// A quarterly kill-or-scale round as the records keep it: the round, one ballot per agent, the votes cast,
// the outcome the close decided and the portfolio owner's override of it, with the rules that read them.

import type { AgentCategory, AgentStatus } from './agents.js';
import type { PeriodKey } from './calendar.js';
import type { BallotFlag, MonthNumber, VoteVisibility } from './kill-or-scale.js';
import type { Trend } from './reuse.js';
import type { StageNumber } from './stages.js';
import { type Outcome, type Tally, VOTE_CHOICES, type VoteChoice } from './vote.js';

/** What the thread reply says about an agent, fixed when the round opens. */
export interface BallotCard {
  readonly name: string;
  readonly category: AgentCategory;
  readonly status: AgentStatus;
  readonly metric: string;
  readonly targetCents: number;
  /** The quarter's months the agent existed in, oldest first; null cents: nothing reported. */
  readonly numbers: readonly MonthNumber[];
  readonly trend: Trend;
  readonly flags: readonly BallotFlag[];
  readonly drift: readonly string[];
  /** Where the agent stands with the production gate, in words. */
  readonly gate: string;
}

export type RoundState = 'open' | 'closed';

export interface VoteRound {
  readonly id: number;
  readonly teamId: string;
  readonly quarter: PeriodKey;
  readonly reviewedQuarter: PeriodKey;
  readonly channelId: string;
  readonly parentTs: string;
  readonly openedAt: Date;
  readonly deadline: Date;
  readonly leaderIds: readonly string[];
  readonly quorumFraction: number;
  readonly visibility: VoteVisibility;
  readonly stage: StageNumber | null;
  readonly totalCents: number;
  readonly state: RoundState;
  readonly closedAt: Date | null;
  readonly overrideUntil: Date | null;
}

export interface Ballot {
  readonly id: number;
  readonly teamId: string;
  readonly roundId: number;
  readonly agentId: number;
  readonly position: number;
  readonly ownerId: string;
  readonly card: BallotCard;
  readonly threadTs: string | null;
}

/** A round before it is stored: the parent message is posted first, so the vote opens when leaders can see it. */
export interface NewRound extends Omit<VoteRound, 'id' | 'state' | 'closedAt' | 'overrideUntil'> {
  /** In ballot order. */
  readonly ballots: readonly { agentId: number; ownerId: string; card: BallotCard }[];
}

export interface CastVote {
  readonly voterId: string;
  readonly choice: VoteChoice;
  readonly castAt: Date;
  readonly changedAt: Date | null;
}

/** What the close decided for one ballot, and what it did to the agent. */
export interface BallotOutcome {
  readonly ballotId: number;
  readonly outcome: Outcome;
  readonly counts: Readonly<Record<VoteChoice, number>>;
  readonly voters: number;
  readonly eligible: number;
  readonly quorumNeeded: number;
  readonly statusBefore: AgentStatus;
  readonly statusAfter: AgentStatus;
  /** The agent's scaling quarter before the close, restored when an override undoes a scale. */
  readonly scalingQuarterBefore: PeriodKey | null;
  readonly note: string | null;
  readonly decidedAt: Date;
}

/** The portfolio owner's replacement of a ballot's outcome. */
export interface OutcomeOverride {
  readonly ballotId: number;
  readonly previousOutcome: Outcome;
  readonly outcome: VoteChoice;
  readonly reason: string;
  readonly statusBefore: AgentStatus;
  readonly statusAfter: AgentStatus;
  readonly note: string | null;
  readonly overriddenBy: string;
  readonly overriddenAt: Date;
}

/** Everything a ballot's message shows. */
export interface BallotState {
  readonly round: VoteRound;
  readonly ballot: Ballot;
  readonly votes: readonly CastVote[];
  readonly tally: Tally;
  readonly outcome: BallotOutcome | undefined;
  readonly override: OutcomeOverride | undefined;
}

/** The decision that stands: the portfolio owner's override beats the vote's outcome. */
export function standingOutcome(
  voted: Outcome,
  override: Pick<OutcomeOverride, 'outcome'> | undefined,
): Outcome {
  return override?.outcome ?? voted;
}

/** What a ballot decided, once its round has closed; null while it is still open. */
export function effectiveOutcome(p: {
  readonly outcome: Pick<BallotOutcome, 'outcome'> | undefined;
  readonly override: Pick<OutcomeOverride, 'outcome'> | undefined;
}): Outcome | null {
  return p.outcome === undefined ? null : standingOutcome(p.outcome.outcome, p.override);
}

/** Votes count until the round is closed or its deadline has passed, whichever comes first. */
export function voteIsOpen(round: Pick<VoteRound, 'state' | 'deadline'>, now: Date): boolean {
  return round.state === 'open' && now.getTime() < round.deadline.getTime();
}

/** The override button is offered while the window after the close runs and nothing was overturned yet. */
export function canStillOverride(
  round: Pick<VoteRound, 'state' | 'overrideUntil'>,
  override: OutcomeOverride | undefined,
  now: Date,
): boolean {
  return (
    round.state === 'closed' &&
    override === undefined &&
    round.overrideUntil !== null &&
    now.getTime() <= round.overrideUntil.getTime()
  );
}

/** More than one choice shares the most votes (and someone voted). */
export function isTie(counts: Readonly<Record<VoteChoice, number>>): boolean {
  const top = Math.max(...VOTE_CHOICES.map((choice) => counts[choice]));
  return top > 0 && VOTE_CHOICES.filter((choice) => counts[choice] === top).length > 1;
}

/** The quorum a portfolio owner may pick: strictly more than this share of the eligible leaders. */
export const QUORUM_CHOICES: readonly { readonly fraction: number; readonly label: string }[] = [
  { fraction: 1 / 4, label: 'More than a quarter' },
  { fraction: 1 / 3, label: 'More than a third' },
  { fraction: 1 / 2, label: 'More than half' },
  { fraction: 2 / 3, label: 'More than two thirds' },
  { fraction: 3 / 4, label: 'More than three quarters' },
];

/** The longest a vote may run, in business days. */
export const MAX_DEADLINE_DAYS = 10;

/** What a leader's vote does to the record: a repeat of the current choice writes nothing. */
export type CastResult = 'cast' | 'changed' | 'unchanged';

export function castResult(current: VoteChoice | undefined, choice: VoteChoice): CastResult {
  if (current === choice) return 'unchanged';
  return current === undefined ? 'cast' : 'changed';
}

/** The ballots a leader may vote on (not their own agents) and has not voted on yet. */
export function ballotsAwaitingVote(
  round: Pick<VoteRound, 'leaderIds'>,
  ballots: readonly Ballot[],
  leaderId: string,
  votedBallotIds: ReadonlySet<number>,
): Ballot[] {
  if (!round.leaderIds.includes(leaderId)) return [];
  return ballots.filter((b) => b.ownerId !== leaderId && !votedBallotIds.has(b.id));
}
