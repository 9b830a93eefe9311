import { monthLabel, monthsOfQuarter, type PeriodKey } from '../../domain/calendar.js';
import { roundName, type VoteProgress, type VoteSettings } from '../../domain/kill-or-scale.js';
import { CHOICE_LABELS, OUTCOME_LABELS } from '../../domain/vote.js';
import {
  type Ballot,
  type BallotOutcome,
  isTie,
  type OutcomeOverride,
  QUORUM_CHOICES,
  type VoteRound,
} from '../../domain/vote-round.js';
import { escapeMrkdwn, formatDate, formatDateTime, mention } from '../mrkdwn.js';

// Words every surface of the vote shares: how a round, an agent, an outcome and the settings are named.

export interface Rendering {
  readonly currency: string;
  readonly zone: string;
  readonly now: Date;
}

export const roundTitle = (round: Pick<VoteRound, 'quarter'>): string =>
  `Kill-or-scale: ${roundName(round.quarter)}`;

/** "October, November and December 2026, each once its value review had posted". */
export function judgedMonthsText(reviewedQuarter: PeriodKey): string {
  const months = monthsOfQuarter(reviewedQuarter).map(monthLabel);
  const names = months.map((label) => label.split(' ')[0]);
  const year = months.at(-1)?.split(' ')[1] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} ${year}, each once its value review had posted`;
}

/**
 * What the Home tab and `/maturity votes` say about a round that is running but not open for votes: waiting for
 * the quarter's last review, waiting for settings, or closed with outcomes that can still be overturned.
 */
export function voteProgressText(progress: VoteProgress, zone: string): string | null {
  switch (progress.kind) {
    case 'waiting-for-review':
      return `The ${roundName(progress.quarter)} opens once the ${monthLabel(progress.month)} value review posts, ${formatDateTime(progress.by, zone)} at the latest: it judges only months whose review has posted.`;
    case 'waiting-for-settings':
      return `The ${roundName(progress.quarter)} is due but cannot open until a leadership channel and leaders are set in \`/maturity settings\`.`;
    case 'closing': {
      const { closedAt, overrideUntil } = progress.round;
      const closed = closedAt ? ` (${formatDate(closedAt, zone)})` : '';
      const window = overrideUntil
        ? ` The portfolio owner can overturn an outcome until ${formatDateTime(overrideUntil, zone)}.`
        : '';
      return `The ${roundName(progress.round.quarter)} has closed${closed}.${window}`;
    }
    case 'open':
    case 'none':
      return null;
  }
}
export const mentions = (userIds: readonly string[]): string => userIds.map(mention).join(', ');
export const agentName = (ballot: Ballot): string => `*${escapeMrkdwn(ballot.card.name)}*`;
export function outcomeText(outcome: BallotOutcome, round: VoteRound): string {
  const label = `*Outcome: ${OUTCOME_LABELS[outcome.outcome]}.*`;
  if (outcome.note) return `${label} ${outcome.note}`;
  switch (outcome.outcome) {
    case 'kill':
      return `${label} Retired: no more monthly reports, and its history stays in the registry.`;
    case 'scale':
      return `${label} Marked as scaling for ${monthLabel(round.quarter)}.`;
    case 'keep':
      return `${label} ${isTie(outcome.counts) ? 'A tie keeps the agent, so nothing' : 'Nothing'} changes.`;
    case 'no_decision':
      return `${label} Carried to next quarter, flagged.`;
  }
}

export function overrideText(o: OutcomeOverride, r: Rendering): string {
  const note = o.note ? ` ${o.note}` : '';
  return `*Overturned by ${mention(o.overriddenBy)} on ${formatDate(o.overriddenAt, r.zone)}:* now ${CHOICE_LABELS[o.outcome]} (the vote said ${OUTCOME_LABELS[o.previousOutcome]}).${note}\n*Why:* ${escapeMrkdwn(o.reason)}`;
}

export function quorumLabel(fraction: number): string {
  const known = QUORUM_CHOICES.find((q) => Math.abs(q.fraction - fraction) < 1e-9);
  return (known?.label ?? `More than ${Math.round(fraction * 100)}%`).toLowerCase();
}

/** One sentence a portfolio owner can check the settings against. */
export function voteSettingsText(s: VoteSettings, zone: string): string {
  const days = `${s.deadlineBusinessDays} business ${s.deadlineBusinessDays === 1 ? 'day' : 'days'}`;
  const shown =
    s.visibility === 'full' ? 'what each leader voted' : 'how many voted each way and who has voted';
  return `The vote opens on the first business day of each quarter at ${s.time} (${zone}) and closes ${days} later. An agent is decided when ${quorumLabel(s.quorumFraction)} of its leaders have voted. Until the close, everyone sees ${shown}.`;
}
