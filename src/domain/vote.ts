// The quarterly kill-or-scale decision: who may vote, how votes are counted, and ballot order.

export const VOTE_CHOICES = ['kill', 'keep', 'scale'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const CHOICE_LABELS: Record<VoteChoice, string> = {
  kill: 'Kill',
  keep: 'Keep',
  scale: 'Scale',
};

export type Eligibility =
  | { ok: true }
  | { ok: false; reason: 'not_leader' | 'recused' | 'closed'; message: string };

export function canVote(p: {
  voterId: string;
  leaders: readonly string[];
  ownerId: string;
  closed: boolean;
}): Eligibility {
  if (p.closed) {
    return {
      ok: false,
      reason: 'closed',
      message: 'This vote has closed. The result stands until next quarter.',
    };
  }
  // The owner is told why they can't vote even when they are not a leader: it is the more useful answer.
  if (p.voterId === p.ownerId) {
    return {
      ok: false,
      reason: 'recused',
      message: "You own this agent, so you don't vote on it. Your colleagues decide.",
    };
  }
  if (!p.leaders.includes(p.voterId)) {
    return {
      ok: false,
      reason: 'not_leader',
      message:
        'Only the leadership group votes on kill-or-scale. Ask the portfolio owner if you should be in it.',
    };
  }
  return { ok: true };
}

/** The leaders who may vote on one agent: everyone in the group except its owner. */
export function eligibleVoters(leaders: readonly string[], ownerId: string): string[] {
  return [...new Set(leaders)].filter((leader) => leader !== ownerId);
}

/**
 * Who counts towards the quorum at the close: the eligible leaders, less those away that day, unless they voted
 * anyway (a vote cast before leaving, or from the beach, counts like any other).
 */
export function quorumVoters(
  eligible: readonly string[],
  awayAtClose: readonly string[],
  votes: readonly { voterId: string }[],
): string[] {
  return eligible.filter(
    (leader) => !awayAtClose.includes(leader) || votes.some((vote) => vote.voterId === leader),
  );
}

export type Outcome = VoteChoice | 'no_decision';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  kill: 'Kill',
  keep: 'Keep',
  scale: 'Scale',
  no_decision: 'No decision (no quorum)',
};

export interface Tally {
  readonly counts: Readonly<Record<VoteChoice, number>>;
  readonly voters: number;
  readonly eligible: number;
  readonly quorumNeeded: number;
  readonly quorumMet: boolean;
  readonly outcome: Outcome;
}

export const DEFAULT_QUORUM_FRACTION = 0.5;

/**
 * Counts one agent's ballot. Quorum is strictly more than `quorumFraction` of the eligible voters,
 * so with the default exactly half is not enough. A tie at the top, kill against scale included,
 * keeps the agent: changing course needs a clear majority.
 */
export function tally(p: {
  votes: readonly { voterId: string; choice: VoteChoice }[];
  eligibleVoters: readonly string[];
  quorumFraction?: number;
}): Tally {
  const fraction = p.quorumFraction ?? DEFAULT_QUORUM_FRACTION;
  if (!Number.isFinite(fraction) || fraction < 0 || fraction >= 1) {
    throw new RangeError(`quorumFraction must be at least 0 and below 1, got ${fraction}`);
  }
  const eligible = new Set(p.eligibleVoters);
  const latestByVoter = new Map<string, VoteChoice>();
  for (const vote of p.votes) {
    if (eligible.has(vote.voterId)) latestByVoter.set(vote.voterId, vote.choice);
  }

  const counts: Record<VoteChoice, number> = { kill: 0, keep: 0, scale: 0 };
  for (const choice of latestByVoter.values()) counts[choice] += 1;

  const voters = latestByVoter.size;
  const quorumNeeded = Math.floor(eligible.size * fraction) + 1;
  const quorumMet = eligible.size > 0 && voters >= quorumNeeded;
  return {
    counts,
    voters,
    eligible: eligible.size,
    quorumNeeded,
    quorumMet,
    outcome: quorumMet ? winner(counts) : 'no_decision',
  };
}

function winner(counts: Readonly<Record<VoteChoice, number>>): VoteChoice {
  const top = Math.max(...VOTE_CHOICES.map((choice) => counts[choice]));
  const [first, ...tiedWithFirst] = VOTE_CHOICES.filter((choice) => counts[choice] === top);
  return first !== undefined && tiedWithFirst.length === 0 ? first : 'keep';
}

export interface BallotEntry {
  agentId: number;
  /** Flag ids, e.g. two missed reports in a row or a negative dollar number. */
  flags: readonly string[];
  name: string;
}

/** Flagged agents come first so the group talks about them while attention is fresh; then by name. */
export function orderBallot<T extends { flags: readonly string[]; name: string }>(
  entries: readonly T[],
): T[] {
  return [...entries].sort((a, b) => {
    const flaggedFirst = Number(b.flags.length > 0) - Number(a.flags.length > 0);
    return flaggedFirst !== 0 ? flaggedFirst : a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });
  });
}
