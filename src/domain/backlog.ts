// The value-ranked backlog of office processes that could become agents, and the 90-day ship-by clock.

import type { SystemOfRecord } from './agents.js';

export type FeasibilityScore = 1 | 2 | 3 | 4 | 5;

/**
 * Feasibility is scored from three signals: the data already lives in a system of record,
 * there is a clear point where a case goes to a person, and the process owner wants it.
 */
export const FEASIBILITY_SCORES: readonly { score: FeasibilityScore; label: string; meaning: string }[] = [
  {
    score: 1,
    label: 'Long shot',
    meaning: 'None of the three: no system of record, no handoff, no willing owner.',
  },
  { score: 2, label: 'Hard', meaning: 'One of the three is in place. Expect months of groundwork first.' },
  {
    score: 3,
    label: 'Possible',
    meaning: 'Two of the three are in place. One gap to close before building.',
  },
  {
    score: 4,
    label: 'Likely',
    meaning: 'All three, but the data needs cleanup before the agent can trust it.',
  },
  { score: 5, label: 'Ready', meaning: 'All three, and the data is clean. This can ship in weeks.' },
];

export interface Candidate {
  id: number;
  process: string;
  yearlyDollarsCents: number;
  feasibility: FeasibilityScore;
  createdAt: Date;
  status: 'open' | 'committed' | 'rejected' | 'shipped';
}

/** Yearly dollars discounted by feasibility: a 5 keeps the full value, a 1 keeps a fifth. */
export function expectedValueCents(c: Pick<Candidate, 'yearlyDollarsCents' | 'feasibility'>): number {
  return Math.round((c.yearlyDollarsCents * c.feasibility) / 5);
}

const RANKED_STATUSES: ReadonlySet<Candidate['status']> = new Set(['open', 'committed']);

/**
 * Open and committed candidates, highest expected value first. Rejected and shipped ones are
 * out of the running. Equal value goes to the older idea, since it has waited longer.
 */
export function rankBacklog<T extends Candidate>(cs: readonly T[]): T[] {
  return cs
    .filter((c) => RANKED_STATUSES.has(c.status))
    .sort(
      (a, b) =>
        expectedValueCents(b) - expectedValueCents(a) ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        a.id - b.id,
    );
}

export interface ShipByReminders {
  /** 30 and 60 days after the commitment. */
  remindAt: readonly Date[];
  /** The day the deadline passes unshipped: the portfolio owner hears about it. */
  escalateAt: Date;
  shipBy: Date;
}

export const SHIP_BY_DAYS = 90;
const REMINDER_DAYS = [30, 60] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** Committing to a candidate starts a 90-calendar-day clock, with nudges at 30 and 60 days. */
export function shipByPlan(committedAt: Date): ShipByReminders {
  return {
    remindAt: REMINDER_DAYS.map((days) => addDays(committedAt, days)),
    escalateAt: addDays(committedAt, SHIP_BY_DAYS),
    shipBy: addDays(committedAt, SHIP_BY_DAYS),
  };
}

/** What a person types about a candidate: the same fields when adding and when editing. */
export interface CandidateFields {
  readonly process: string;
  readonly yearlyDollarsCents: number;
  readonly feasibility: FeasibilityScore;
  readonly systemOfRecord: SystemOfRecord;
  /** The system's own name, e.g. "Epicor Kinetic"; optional. */
  readonly systemName: string | null;
}

export interface BacklogCandidate extends Readonly<Candidate>, CandidateFields {
  readonly teamId: string;
  readonly proposedBy: string;
  readonly rejectedBy: string | null;
  readonly rejectedAt: Date | null;
  readonly rejectReason: string | null;
  readonly committedBy: string | null;
  readonly committedAt: Date | null;
  readonly shipOwnerId: string | null;
  readonly shipBy: Date | null;
  readonly shippedAt: Date | null;
  /** The registered agent this candidate became, once someone linked it. */
  readonly agent: { readonly id: number; readonly name: string; readonly gatePassedAt: Date | null } | null;
}

export const REMINDER_KINDS = ['day30', 'day60', 'day90'] as const;

export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface DueReminder {
  readonly candidateId: number;
  readonly kind: ReminderKind;
  readonly dueAt: Date;
}

export interface ReminderRecord extends DueReminder {
  /** Not due yet; handed to the outbox and not yet sent; sent; refused by Slack for good; or not needed. */
  readonly state: 'pending' | 'queued' | 'sent' | 'failed' | 'skipped';
  readonly recipientId: string | null;
  readonly sentAt: Date | null;
  /** Why it was skipped, or Slack's refusal when it failed. */
  readonly skipReason: string | null;
}

/** Open and committed candidates can still change; rejected and shipped ones are history. */
export const isLive = (c: Pick<Candidate, 'status'>): boolean =>
  c.status === 'open' || c.status === 'committed';

/** What the portfolio owner does to a candidate after it is added. */
export type CandidateAction = 'edit' | 'commit' | 'link' | 'reject';

/** Why a candidate can no longer take an action. */
export type CandidateObstacle =
  | 'rejected'
  | 'shipped'
  | 'already_committed'
  | 'not_committed'
  | 'already_linked';

/**
 * Rejected and shipped candidates are history; only an open candidate is committed, and only a committed one
 * without an agent is linked.
 */
export function candidateObstacle(
  c: Pick<Candidate, 'status'> & { readonly agent: unknown },
  action: CandidateAction,
): CandidateObstacle | null {
  if (c.status === 'rejected' || c.status === 'shipped') return c.status;
  if (action === 'commit' && c.status !== 'open') return 'already_committed';
  if (action === 'link' && c.status !== 'committed') return 'not_committed';
  if (action === 'link' && c.agent) return 'already_linked';
  return null;
}

/** Only what a person typed, so an audit row shows the candidate as it was. */
export function candidateFieldsOf(c: CandidateFields): CandidateFields {
  return {
    process: c.process,
    yearlyDollarsCents: c.yearlyDollarsCents,
    feasibility: c.feasibility,
    systemOfRecord: c.systemOfRecord,
    systemName: c.systemName,
  };
}
