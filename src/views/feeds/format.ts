// Small wordings shared by every feed surface: how old an observation is, and a feed's one-line evidence.

import type { FeedEvidence } from '../../domain/feeds.js';
import { formatCount, formatPercent } from '../mrkdwn.js';

const count = (n: number) => formatCount(n);
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** "3 minutes ago", "5 hours ago", "2 days ago": freshness as a person reads it. */
export function ago(at: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${plural(hours, 'hour')} ago`;
  return `${plural(Math.floor(hours / 24), 'day')} ago`;
}

export const casesText = (n: number): string => plural(n, 'case');
export const daysText = (n: number): string => plural(n, 'day');

/** "Live feed: 41 days, 12,304 cases, hand-off 6.1%, last observation 3 minutes ago". */
export function feedEvidenceLine(
  e: Pick<FeedEvidence, 'connected' | 'days' | 'casesHandled' | 'handoffPercent' | 'lastObservationAt'>,
  now: Date,
): string {
  if (!e.connected && e.lastObservationAt === null) return 'Live feed: not connected';
  const parts = [daysText(e.days), casesText(e.casesHandled)];
  if (e.handoffPercent !== null) parts.push(`hand-off ${formatPercent(e.handoffPercent)}`);
  parts.push(
    e.lastObservationAt ? `last observation ${ago(e.lastObservationAt, now)}` : 'no observation yet',
  );
  return `Live feed${e.connected ? '' : ' (disconnected)'}: ${parts.join(', ')}`;
}

/** What a gate review recorded about the feed when the claim was filed, as of then. */
export function recordedFeedLine(r: {
  connected: boolean;
  days: number;
  casesHandled: number;
  handoffPercent: number | null;
  lastObservationAt: string | null;
  recordedAt: string;
}): string {
  const at = new Date(r.recordedAt);
  const lastObservationAt = r.lastObservationAt === null ? null : new Date(r.lastObservationAt);
  return `${feedEvidenceLine({ ...r, lastObservationAt }, at)}, when the claim was filed`;
}

/** "hand-off 6.1% · feed 3 minutes ago", beside a dollar number; '' for an agent without a feed. */
export function feedBesideNumber(e: FeedEvidence | undefined, now: Date): string {
  if (!e || (!e.connected && e.lastObservationAt === null)) return '';
  const share = e.handoffPercent === null ? '' : `hand-off ${formatPercent(e.handoffPercent)} · `;
  const fresh = e.lastObservationAt ? `feed ${ago(e.lastObservationAt, now)}` : 'feed silent';
  return `${share}${fresh}${e.healthy ? '' : ' :warning:'}`;
}
