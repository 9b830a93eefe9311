// The monthly value review's records: the agents it asks about, each month's reported number with its
// corrections, and the posted reviews that close a month.

import type { AgentStatus } from './agents.js';
import type { PeriodKey } from './calendar.js';
import type { DriftFlagId } from './value-review.js';

/** An agent as the value review sees it. */
export interface ReviewAgent {
  readonly id: number;
  readonly name: string;
  readonly ownerId: string;
  readonly metric: string;
  readonly monthlyTargetCents: number;
  readonly status: AgentStatus;
  readonly registeredAt: Date;
  /** When it entered production: its target counts from then. */
  readonly gatePassedAt: Date | null;
  readonly retiredAt: Date | null;
}

export interface MonthlyReport {
  readonly id: number;
  readonly agentId: number;
  readonly month: PeriodKey;
  /** The number that counts: the latest correction's, or the original. */
  readonly amountCents: number;
  readonly originalCents: number;
  readonly note: string | null;
  readonly evidenceUrl: string | null;
  readonly handoffPercent: number | null;
  /** Who typed the number that counts, and for whom when it was the portfolio owner. */
  readonly reportedBy: string;
  readonly onBehalfOf: string | null;
  readonly reportedAt: Date;
  readonly corrections: number;
  /** Where the number that counts came from. */
  readonly source: ReportSource;
  /** The live feed's number for the month when it was sent; null when the feed offered none. */
  readonly feedCents: number | null;
}

/**
 * Where a month's number came from: typed by a person with no feed number offered, the live feed's number taken
 * as it was, or the feed's number changed by the person.
 */
export type ReportSource = 'typed' | 'feed' | 'feed_changed';

export function reportSource(amountCents: number, feedCents: number | null): ReportSource {
  if (feedCents === null) return 'typed';
  return amountCents === feedCents ? 'feed' : 'feed_changed';
}

/** A posted review: from then on the month is closed and a changed number is a correction. */
export interface ValueReview {
  readonly month: PeriodKey;
  readonly runId: number;
  readonly postedAt: Date;
  /** Null when there was nowhere to post. */
  readonly channelId: string | null;
  readonly messageTs: string | null;
  readonly expected: number;
  readonly reported: number;
  readonly totalCents: number;
  readonly missingAgentIds: readonly number[];
  /** Agents with no number because their owner was away with nobody reporting for them. */
  readonly awayAgentIds: readonly number[];
  readonly flags: Readonly<Record<string, readonly DriftFlagId[]>>;
}

/**
 * 'reported' first time; 'updated' when changed before the month's review was posted; 'corrected' after it,
 * when the original stays as posted and the correction is kept beside it; 'repeat' for a retried submission.
 */
export type ReportChange = 'reported' | 'updated' | 'corrected' | 'repeat';

/** What sending a number does, given what is on record for the agent's month. */
export function reportChange(p: {
  readonly hasReport: boolean;
  readonly reviewPosted: boolean;
  /** The same modal was already saved: a retried submission. */
  readonly seenSubmission: boolean;
}): ReportChange {
  if (p.seenSubmission) return 'repeat';
  if (!p.hasReport) return 'reported';
  return p.reviewPosted ? 'corrected' : 'updated';
}

/** One running agent in the month being collected, for the Home tab and `/maturity review`. */
export interface ReviewAgentStatus {
  readonly agent: ReviewAgent;
  readonly latest: MonthlyReport | null;
  /** This month's report, when it is in. */
  readonly current: MonthlyReport | null;
}

/** The agents asked for a number this month, and how many of them have it in. */
export interface ReviewCounts {
  readonly agents: number;
  readonly reported: number;
}

export interface CurrentReview {
  /** The month owners are reporting now: the one just ended. */
  readonly month: PeriodKey;
  readonly posted: boolean;
  /** When the review posts at the latest: this month's run's timeline, or the schedule's before it opens. */
  readonly postAt: Date;
  readonly counts: ReviewCounts;
  /**
   * The agents by name, read a page at a time as they are iterated: a list that shows the first few reads
   * only those. Iterate it right away, before the records can change.
   */
  readonly agents: Iterable<ReviewAgentStatus>;
}
