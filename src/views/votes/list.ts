import type { KnownBlock } from '@slack/types';
import type { AgentVerdict } from '../../domain/governance.js';
import { roundName, type VoteProgress } from '../../domain/kill-or-scale.js';
import { OUTCOME_LABELS } from '../../domain/vote.js';
import type { VoteRound } from '../../domain/vote-round.js';
import { header, section } from '../kit.js';
import { channelLink, escapeMrkdwn, formatDate, formatDateTime, mention, truncate } from '../mrkdwn.js';

import { voteProgressText } from './text.js';

// `/maturity votes`: the outcomes of past rounds and the round open now.

export const VOTES_LIST_BLOCKS = { open: 'votes_open', empty: 'votes_empty' } as const;
export const votesRoundBlockId = (quarter: string): string => `votes_round_${quarter}`;

// ---- /maturity votes ----

/** The full reason is in the thread; the history keeps each line short enough to list a quarter in one section. */
const HISTORY_REASON_MAX = 200;

/** A closed round as the history lists it: the first ballots' verdicts, and how many ballots it decided. */
export interface RoundHistory {
  readonly round: VoteRound;
  readonly verdicts: readonly AgentVerdict[];
  readonly decided: number;
}

function roundHistoryText({ round, verdicts, decided }: RoundHistory, zone: string): string {
  const closed = round.closedAt ? `closed ${formatDate(round.closedAt, zone)}` : 'closed';
  const lines = verdicts.map((v) => {
    const overturned = v.override
      ? `, overturned to ${OUTCOME_LABELS[v.outcome]} by ${mention(v.override.by)}: ${escapeMrkdwn(truncate(v.override.reason, HISTORY_REASON_MAX))}`
      : '';
    return `• *${escapeMrkdwn(v.name)}*: ${OUTCOME_LABELS[v.override?.votedOutcome ?? v.outcome]} (${v.voters} of ${v.eligible} voted)${overturned}`;
  });
  if (decided > verdicts.length)
    lines.push(`…and ${decided - verdicts.length} more agents: the round's thread has every ballot.`);
  const body = lines.length > 0 ? lines.join('\n') : 'No agent was on the ballot.';
  return `*${roundName(round.quarter)}*, ${closed}\n${body}`;
}

export function votesHistoryBlocks(p: {
  progress: VoteProgress;
  closed: readonly RoundHistory[];
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
  for (const history of p.closed) {
    blocks.push(section(roundHistoryText(history, p.zone), votesRoundBlockId(history.round.quarter)));
  }
  return blocks;
}
