import type { KnownBlock } from '@slack/types';
import { roundName, type VoteProgress } from '../../domain/kill-or-scale.js';
import { CHOICE_LABELS, OUTCOME_LABELS } from '../../domain/vote.js';
import type { BallotState, VoteRound } from '../../domain/vote-round.js';
import { header, section } from '../kit.js';
import { channelLink, escapeMrkdwn, formatDate, formatDateTime, mention, truncate } from '../mrkdwn.js';

import { agentName, voteProgressText } from './text.js';

// `/maturity votes`: the outcomes of past rounds and the round open now.

export const VOTES_LIST_BLOCKS = { open: 'votes_open', empty: 'votes_empty' } as const;
export const votesRoundBlockId = (quarter: string): string => `votes_round_${quarter}`;

// ---- /maturity votes ----

/** The full reason is in the thread; the history keeps each line short enough to list a quarter in one section. */
const HISTORY_REASON_MAX = 200;

function roundHistoryText(round: VoteRound, states: readonly BallotState[], zone: string): string {
  const closed = round.closedAt ? `closed ${formatDate(round.closedAt, zone)}` : 'closed';
  const lines = states.map((s) => {
    const decided = s.outcome ? OUTCOME_LABELS[s.outcome.outcome] : 'no outcome';
    const count = s.outcome ? ` (${s.outcome.voters} of ${s.outcome.eligible} voted)` : '';
    const overturned = s.override
      ? `, overturned to ${CHOICE_LABELS[s.override.outcome]} by ${mention(s.override.overriddenBy)}: ${escapeMrkdwn(truncate(s.override.reason, HISTORY_REASON_MAX))}`
      : '';
    return `• ${agentName(s.ballot)}: ${decided}${count}${overturned}`;
  });
  const body = lines.length > 0 ? lines.join('\n') : 'No agent was on the ballot.';
  return `*${roundName(round.quarter)}*, ${closed}\n${body}`;
}

export function votesHistoryBlocks(p: {
  progress: VoteProgress;
  closed: readonly { round: VoteRound; states: readonly BallotState[] }[];
  zone: string;
}): KnownBlock[] {
  const blocks: KnownBlock[] = [header('Kill-or-scale outcomes')];
  const { progress } = p;
  if (progress.kind === 'open') {
    const open = progress.round;
    blocks.push(
      section(
        `*Open now:* the ${roundName(open.quarter)} in ${channelLink(open.channelId)}, until ${formatDateTime(open.deadline, p.zone)}.`,
        VOTES_LIST_BLOCKS.open,
      ),
    );
  }
  const pending = voteProgressText(progress, p.zone);
  if (pending) blocks.push(section(pending, VOTES_LIST_BLOCKS.open));
  if (p.closed.length === 0) {
    blocks.push(
      section(
        'No kill-or-scale vote has closed yet. The vote opens on the first business day of each quarter in the leadership channel.',
        VOTES_LIST_BLOCKS.empty,
      ),
    );
  }
  for (const { round, states } of p.closed) {
    blocks.push(section(roundHistoryText(round, states, p.zone), votesRoundBlockId(round.quarter)));
  }
  return blocks;
}
