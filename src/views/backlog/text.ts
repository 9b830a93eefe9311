// How a candidate reads wherever it is shown: its value, its system, its commitment.

import {
  type BacklogCandidate,
  type Candidate,
  type CandidateFields,
  expectedValueCents,
  FEASIBILITY_SCORES,
  type FeasibilityScore,
} from '../../domain/backlog.js';
import { SYSTEM_LABELS } from '../agents/text.js';
import { escapeMrkdwn, formatDate, formatMoney, mention } from '../mrkdwn.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

export function feasibilityLabel(score: FeasibilityScore): string {
  return FEASIBILITY_SCORES.find((f) => f.score === score)?.label ?? String(score);
}

export function yearlyDollarsLabel(currency: string): string {
  return currency === 'USD' ? 'Yearly dollars at stake' : `Yearly value at stake in ${currency}`;
}

export interface BacklogView {
  readonly currency: string;
  readonly timeZone: string;
  readonly now: Date;
}

export function systemText(c: Pick<CandidateFields, 'systemOfRecord' | 'systemName'>): string {
  const kind = c.systemOfRecord === 'other' ? '' : SYSTEM_LABELS[c.systemOfRecord];
  const name = c.systemName ? escapeMrkdwn(c.systemName) : '';
  if (kind && name) return `${kind} (${name})`;
  return kind || name || 'a system to be named';
}

export function daysLeft(shipBy: Date, now: Date): string {
  const days = Math.ceil((shipBy.getTime() - now.getTime()) / DAY_MS);
  if (days > 1) return `${days} days left`;
  if (days === 1) return '1 day left';
  if (days === 0) return 'due today';
  return `${-days} day${days === -1 ? '' : 's'} overdue`;
}

/** One line on where a candidate stands beyond its numbers: committed, linked, gate passed. */
export function commitmentLine(c: BacklogCandidate, v: BacklogView): string | null {
  if (c.status !== 'committed' || !c.shipBy || !c.shipOwnerId) return null;
  const agent = c.agent
    ? c.agent.gatePassedAt
      ? `Its agent *${escapeMrkdwn(c.agent.name)}* passed the gate on ${formatDate(c.agent.gatePassedAt, v.timeZone)}.`
      : `Its agent *${escapeMrkdwn(c.agent.name)}* is registered, not yet through the gate.`
    : 'No agent linked yet.';
  return `Committed: ${mention(c.shipOwnerId)} ships it by ${formatDate(c.shipBy, v.timeZone)} (${daysLeft(c.shipBy, v.now)}). ${agent}`;
}

/** "$120,000 a year × feasibility 4 (Likely) = $96,000 expected". */
export function valueLine(
  c: Pick<Candidate, 'yearlyDollarsCents' | 'feasibility'>,
  currency: string,
): string {
  return (
    `${formatMoney(c.yearlyDollarsCents, currency)} a year × feasibility ${c.feasibility} (${feasibilityLabel(c.feasibility)}) ` +
    `= *${formatMoney(expectedValueCents(c), currency)} expected*`
  );
}
