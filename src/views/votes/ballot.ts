import type { KnownBlock } from '@slack/types';
import { CATEGORY_LABELS, STATUS_LABELS } from '../../domain/agents.js';
import { monthLabel } from '../../domain/calendar.js';
import type { MonthNumber } from '../../domain/kill-or-scale.js';
import type { Trend } from '../../domain/reuse.js';
import { stageLabel } from '../../domain/stages.js';
import {
  CHOICE_LABELS,
  OUTCOME_LABELS,
  type Outcome,
  VOTE_CHOICES,
  type VoteChoice,
} from '../../domain/vote.js';
import {
  type BallotCard,
  type BallotState,
  canStillOverride,
  effectiveOutcome,
  type OutcomeOverride,
  type VoteRound,
  voteIsOpen,
} from '../../domain/vote-round.js';
import { actions, type ButtonSpec, context, header, section } from '../kit.js';
import type { SlackMessage } from '../message.js';
import { escapeMrkdwn, formatDateTime, formatMoney, mention } from '../mrkdwn.js';
import {
  agentName,
  judgedMonthsText,
  mentions,
  outcomeText,
  overrideText,
  quorumLabel,
  type Rendering,
  roundTitle,
} from './text.js';

// The vote in the leadership channel: the parent message and one reply per agent in its thread.

export const VOTE_ACTION_IDS: Readonly<Record<VoteChoice, string>> = {
  kill: 'kos_vote_kill',
  keep: 'kos_vote_keep',
  scale: 'kos_vote_scale',
};
export const OVERRIDE_OPEN_ACTION_ID = 'kos_override_open';
export const BALLOT_BLOCKS = {
  agent: 'ballot_agent',
  flags: 'ballot_flags',
  numbers: 'ballot_numbers',
  facts: 'ballot_facts',
  tally: 'ballot_tally',
  actions: 'ballot_actions',
  outcome: 'ballot_outcome',
  override: 'ballot_override',
  overrideActions: 'ballot_override_actions',
} as const;

export const PARENT_BLOCKS = {
  title: 'round_title',
  facts: 'round_facts',
  rules: 'round_rules',
  summary: 'round_summary',
} as const;

const TREND_TEXT: Readonly<Record<Trend, string>> = {
  rising: 'rising',
  falling: 'falling',
  flat: 'flat',
  unknown: 'not enough months to tell',
};

// ---- The parent message ----

/** What the parent shows of a round; posted before the round is stored, so without its id. */
export type ParentRound = Pick<
  VoteRound,
  | 'quarter'
  | 'reviewedQuarter'
  | 'stage'
  | 'totalCents'
  | 'deadline'
  | 'leaderIds'
  | 'quorumFraction'
  | 'state'
  | 'closedAt'
  | 'overrideUntil'
>;

export function roundParentMessage(
  round: ParentRound,
  states: readonly BallotState[],
  r: Rendering,
): SlackMessage {
  const stage =
    round.stage === null ? 'not placed yet (`/maturity` places the operation)' : stageLabel(round.stage);
  const closing =
    round.state === 'closed' && round.closedAt
      ? `*Closed:* ${formatDateTime(round.closedAt, r.zone)}`
      : `*Closes:* ${formatDateTime(round.deadline, r.zone)}`;
  const facts = [
    `*Judged on:* ${judgedMonthsText(round.reviewedQuarter)}`,
    `*Stage:* ${stage}`,
    `*${monthLabel(round.reviewedQuarter)} contribution:* ${formatMoney(round.totalCents, r.currency)} across all agents`,
    closing,
    `*Who votes:* ${mentions(round.leaderIds)}. Nobody votes on an agent they own.`,
  ];
  const blocks: KnownBlock[] = [
    header(roundTitle(round), PARENT_BLOCKS.title),
    section(
      `Which agents grow, which are retired? Each agent in pilot, production or scaling has its own reply in this thread, with its numbers for ${monthLabel(round.reviewedQuarter)} and three buttons: Kill, Keep, Scale.`,
    ),
    section(facts.join('\n'), PARENT_BLOCKS.facts),
  ];
  if (round.state === 'closed') {
    blocks.push(section(outcomeSummary(states), PARENT_BLOCKS.summary));
    if (round.overrideUntil) {
      blocks.push(
        context(
          [
            `The portfolio owner can overturn an outcome, with a written reason, until ${formatDateTime(round.overrideUntil, r.zone)}.`,
          ],
          PARENT_BLOCKS.rules,
        ),
      );
    }
  } else {
    blocks.push(
      context(
        [
          `An agent is decided when ${quorumLabel(round.quorumFraction)} of the leaders who may vote on it have voted (quorum). The most votes win; a tie keeps the agent. You can change your vote until the close.`,
        ],
        PARENT_BLOCKS.rules,
      ),
    );
  }
  // The parent is posted before its replies, so the fallback names no count it cannot know yet.
  const status =
    round.state === 'closed'
      ? 'closed. The outcome for each agent is in the thread.'
      : `open until ${formatDateTime(round.deadline, r.zone)}. Each agent has its own reply in the thread.`;
  return { text: `${roundTitle(round)}: ${status}`, blocks };
}

const SUMMARY_ORDER: readonly Outcome[] = ['kill', 'scale', 'keep', 'no_decision'];

function outcomeSummary(states: readonly BallotState[]): string {
  const lines = SUMMARY_ORDER.flatMap((outcome) => {
    const names = states
      .filter((s) => effectiveOutcome(s) === outcome)
      .map((s) => `${agentName(s.ballot)}${s.override ? ' (overturned)' : ''}`);
    if (names.length === 0) return [];
    const carried = outcome === 'no_decision' ? ': carried to next quarter, flagged' : '';
    return [`• ${OUTCOME_LABELS[outcome]}: ${names.join(', ')}${carried}`];
  });
  return `*Outcomes*\n${lines.length > 0 ? lines.join('\n') : 'No agent was on the ballot.'}`;
}

// ---- One reply per agent ----

/** The target a month owed: the card's own, or the whole monthly target on a card stored before it was kept. */
const owedIn = (n: MonthNumber, card: BallotCard): number => n.targetCents ?? card.targetCents;

/** "September 2026: $4,000 (first month: $6,000 of target)": a month owing less than the whole target says so. */
function monthNumberText(n: MonthNumber, card: BallotCard, r: Rendering): string {
  const number =
    n.cents !== null
      ? formatMoney(n.cents, r.currency)
      : n.away
        ? 'away (nobody reported for the owner)'
        : 'not reported';
  const owed = owedIn(n, card);
  const note =
    owed === card.targetCents
      ? ''
      : owed === 0
        ? ' (not in production yet: no target)'
        : ` (first month in production: ${formatMoney(owed, r.currency)} of target)`;
  return `${monthLabel(n.month)}: ${number}${note}`;
}

function numbersText(state: BallotState, r: Rendering): string {
  const { card } = state.ballot;
  const quarter = monthLabel(state.round.reviewedQuarter);
  if (card.numbers.length === 0) return `*${quarter}:* no months yet; it was registered after the quarter.`;
  const months = card.numbers.map((n) => monthNumberText(n, card, r));
  const monthly = formatMoney(card.targetCents, r.currency);
  const target = card.numbers.every((n) => owedIn(n, card) === 0)
    ? `${monthly} a month from its production gate; none owed in ${quarter}`
    : `${monthly} a month`;
  return `*${quarter}:* ${months.join(' · ')}\n*Target:* ${target} · *Trend:* ${TREND_TEXT[card.trend]}`;
}

function tallyText(state: BallotState): string {
  const { round, ballot, votes, tally } = state;
  const closed = round.state === 'closed';
  const counts = VOTE_CHOICES.map((choice) => `${CHOICE_LABELS[choice]} ${tally.counts[choice]}`).join(' · ');
  const showChoices = closed || round.visibility === 'full';
  const who = votes.map((v) =>
    showChoices ? `${mention(v.voterId)} ${CHOICE_LABELS[v.choice]}` : mention(v.voterId),
  );
  const voted = `${tally.voters} of ${tally.eligible} leaders voted${who.length > 0 ? `: ${who.join(', ')}` : ''}.`;
  const recusal = round.leaderIds.includes(ballot.ownerId)
    ? ` ${mention(ballot.ownerId)} owns it and does not vote on it.`
    : '';
  return `*${closed ? 'Final count' : 'Votes so far'}:* ${counts}\n${voted} Quorum: ${tally.quorumNeeded}.${recusal}`;
}

export function ballotMessage(state: BallotState, r: Rendering): SlackMessage {
  const { round, ballot, outcome, override } = state;
  const { card } = ballot;
  const blocks: KnownBlock[] = [
    section(
      `${agentName(ballot)} · ${CATEGORY_LABELS[card.category]} · ${STATUS_LABELS[card.status]}\n*Owner:* ${mention(ballot.ownerId)} · *Metric:* ${escapeMrkdwn(card.metric)}`,
      BALLOT_BLOCKS.agent,
    ),
  ];
  if (card.flags.length > 0) {
    const lines = card.flags.map((f) => `:warning: ${f.message}`);
    blocks.push(section(`*Flagged by the value reviews*\n${lines.join('\n')}`, BALLOT_BLOCKS.flags));
  }
  blocks.push(section(numbersText(state, r), BALLOT_BLOCKS.numbers));
  const drift = card.drift.length > 0 ? `Drift: ${card.drift.join('; ')}` : 'No drift flags this quarter';
  blocks.push(context([drift, `Gate: ${card.gate}`], BALLOT_BLOCKS.facts));
  blocks.push(section(tallyText(state), BALLOT_BLOCKS.tally));

  if (voteIsOpen(round, r.now)) {
    const value = String(ballot.id);
    const buttons: ButtonSpec[] = [
      { text: CHOICE_LABELS.kill, actionId: VOTE_ACTION_IDS.kill, value, style: 'danger' },
      { text: CHOICE_LABELS.keep, actionId: VOTE_ACTION_IDS.keep, value },
      { text: CHOICE_LABELS.scale, actionId: VOTE_ACTION_IDS.scale, value, style: 'primary' },
    ];
    blocks.push(actions(BALLOT_BLOCKS.actions, buttons));
  } else if (outcome) {
    blocks.push(section(outcomeText(outcome, round), BALLOT_BLOCKS.outcome));
  } else {
    blocks.push(section('Voting has closed. The outcome follows in a moment.', BALLOT_BLOCKS.outcome));
  }
  if (override) blocks.push(section(overrideText(override, r), BALLOT_BLOCKS.override));
  if (outcome && canStillOverride(round, override, r.now)) {
    blocks.push(
      actions(BALLOT_BLOCKS.overrideActions, [
        { text: 'Overturn (portfolio owner)', actionId: OVERRIDE_OPEN_ACTION_ID, value: String(ballot.id) },
      ]),
    );
  }
  const decided = effectiveOutcome(state);
  const text = decided
    ? `${escapeMrkdwn(card.name)}: ${OUTCOME_LABELS[decided]}.`
    : `${escapeMrkdwn(card.name)}: vote Kill, Keep or Scale by ${formatDateTime(round.deadline, r.zone)}.`;
  return { text, blocks };
}

/** The outcome as a reply of its own in the agent's thread, so the thread reads as a record. */
export function outcomeReply(state: BallotState): SlackMessage {
  const { outcome, tally, ballot, round } = state;
  const decided = outcome ? outcomeText(outcome, round) : 'No outcome recorded.';
  const count = `${tally.voters} of ${tally.eligible} leaders voted: ${VOTE_CHOICES.map((c) => `${CHOICE_LABELS[c]} ${tally.counts[c]}`).join(', ')}.`;
  return {
    text: `${escapeMrkdwn(ballot.card.name)}: ${outcome ? OUTCOME_LABELS[outcome.outcome] : 'no outcome'}.`,
    blocks: [
      section(`The vote on ${agentName(ballot)} has closed. ${decided}\n${count}`, BALLOT_BLOCKS.outcome),
    ],
  };
}

export function overrideReply(state: BallotState, override: OutcomeOverride, r: Rendering): SlackMessage {
  return {
    text: `${escapeMrkdwn(state.ballot.card.name)}: outcome overturned, now ${CHOICE_LABELS[override.outcome]}.`,
    blocks: [section(overrideText(override, r), BALLOT_BLOCKS.override)],
  };
}
