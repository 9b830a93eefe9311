import { monthLabel } from '../../domain/calendar.js';
import type { VoteSettings } from '../../domain/kill-or-scale.js';
import { CHOICE_LABELS, OUTCOME_LABELS } from '../../domain/vote.js';
import {
  type Ballot,
  type BallotOutcome,
  isTie,
  type OutcomeOverride,
  QUORUM_CHOICES,
  type VoteRound,
} from '../../domain/vote-round.js';
import { escapeMrkdwn, formatDate, mention } from '../mrkdwn.js';

// Words every surface of the vote shares: how a round, an agent, an outcome and the settings are named.

export interface Rendering {
  readonly currency: string;
  readonly zone: string;
  readonly now: Date;
}

export const roundTitle = (round: Pick<VoteRound, 'quarter'>): string =>
  `Kill-or-scale vote · ${monthLabel(round.quarter)}`;
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
