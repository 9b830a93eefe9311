import { roundName } from '../../domain/kill-or-scale.js';
import { CHOICE_LABELS } from '../../domain/vote.js';
import type { Ballot, BallotState, OutcomeOverride, VoteRound } from '../../domain/vote-round.js';
import { section } from '../kit.js';
import type { SlackMessage } from '../message.js';
import { channelLink, escapeMrkdwn, formatDate, formatDateTime } from '../mrkdwn.js';
import { PARENT_BLOCKS } from './ballot.js';
import { agentName, overrideText, type Rendering } from './text.js';

// What the vote tells one person by DM, and what it says when it cannot open.

// ---- Direct messages ----

export function reminderMessage(round: VoteRound, awaiting: readonly Ballot[], r: Rendering): SlackMessage {
  const names = awaiting.map(agentName).join(', ');
  return {
    text: `Reminder: the kill-or-scale vote closes ${formatDateTime(round.deadline, r.zone)}.`,
    blocks: [
      section(
        `The kill-or-scale vote closes ${formatDateTime(round.deadline, r.zone)}, and you have not voted on ${names} yet. Each agent has its own reply under the vote in ${channelLink(round.channelId)}.`,
      ),
    ],
  };
}

export function retiredOwnerMessage(state: BallotState, r: Rendering): SlackMessage {
  const { round, ballot, tally } = state;
  const until = round.overrideUntil
    ? ` The portfolio owner can overturn it until ${formatDate(round.overrideUntil, r.zone)}.`
    : '';
  return {
    text: `${escapeMrkdwn(ballot.card.name)} was retired by the ${roundName(round.quarter)}.`,
    blocks: [
      section(
        `Leadership voted to retire ${agentName(ballot)} in the ${roundName(round.quarter)} (${tally.counts.kill} of ${tally.voters} votes for Kill). It won't be asked for monthly numbers any more, and its history stays in the registry.${until}`,
      ),
    ],
  };
}

export function overrideOwnerMessage(
  state: BallotState,
  override: OutcomeOverride,
  r: Rendering,
): SlackMessage {
  return {
    text: `The kill-or-scale outcome for ${escapeMrkdwn(state.ballot.card.name)} was overturned: now ${CHOICE_LABELS[override.outcome]}.`,
    blocks: [
      section(
        `The outcome for ${agentName(state.ballot)}, which you own, was overturned.\n${overrideText(override, r)}`,
      ),
    ],
  };
}

export function cannotPostMessage(channelId: string): SlackMessage {
  const text = `The quarterly kill-or-scale vote is due, but I can't post in ${channelLink(channelId)}. Invite me there (type \`/invite @maturity\` in the channel) or pick another leadership channel in \`/maturity settings\`, and the vote opens within a minute.`;
  return { text, blocks: [section(text)] };
}

export function notReadyMessage(missing: readonly ('channel' | 'leaders')[]): SlackMessage {
  const what = missing
    .map((m) => (m === 'channel' ? 'a leadership channel' : 'the leadership group'))
    .join(' and ');
  return {
    text: `The quarterly kill-or-scale vote is due, but ${what} is not set.`,
    blocks: [
      section(
        `The quarterly kill-or-scale vote is due, but ${what} is not set. Set it in \`/maturity settings\` and the vote opens within a minute.`,
      ),
    ],
  };
}

export function nothingToVoteMessage(quarter: string): SlackMessage {
  const text = `No agent is in pilot, production or scaling, so there is nothing to decide in the ${roundName(quarter)}.`;
  return { text, blocks: [section(text, PARENT_BLOCKS.summary)] };
}
