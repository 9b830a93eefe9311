// The DMs a feed incident sends: to the owner when it opens, to the portfolio owner if it is still open two
// business days later, and the note when it closes.

import type { KnownBlock } from '@slack/types';
import type { DriftFigures, IncidentKind } from '../../domain/feeds.js';
import { context, section } from '../kit.js';
import { escapeMrkdwn, formatCount, formatDate, formatDateTime, formatPercent, mention } from '../mrkdwn.js';

export const ALERT_BLOCK_ID = 'feed_alert';
export const ALERT_FIGURES_BLOCK_ID = 'feed_alert_figures';

export interface AlertMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

export interface AlertInput {
  readonly agentName: string;
  readonly ownerId: string;
  readonly figures: DriftFigures;
  readonly openedAt: Date;
  readonly escalateAt: Date;
  readonly zone: string;
}

const KIND_HEADLINES: Readonly<Record<IncidentKind, string>> = {
  handoff: 'hands more cases to people than usual',
  volume: 'is handling fewer cases than usual',
  silence: 'has gone quiet: its live feed sends nothing',
};

const number = (n: number) => formatCount(n, 1);

function dayLabel(day: string): string {
  return formatDate(new Date(`${day}T12:00:00Z`), 'UTC');
}

function windowLabel(f: { window: 'day' | 'week'; from: string; to: string }): string {
  return f.window === 'day'
    ? `On ${dayLabel(f.from)}`
    : `Last week (${dayLabel(f.from)} to ${dayLabel(f.to)})`;
}

/** The numbers behind an incident, in a sentence. */
export function figuresText(f: DriftFigures, zone: string): string {
  switch (f.kind) {
    case 'handoff':
      return `${windowLabel(f)}, ${formatPercent(f.sharePercent)} of ${number(f.cases)} cases went to a person, against ${formatPercent(f.baselinePercent)} over the four weeks before. The alert is set at more than ${number(f.marginPoints)} points above.`;
    case 'volume':
      return `${windowLabel(f)}, it handled ${number(f.casesPerDay)} cases a day, against ${number(f.baselinePerDay)} a day over the four weeks before: down ${formatPercent(f.dropPercent)}. The alert is set at a drop of more than ${formatPercent(f.limitPercent)}.`;
    case 'silence':
      return f.lastObservationAt === null
        ? `It has sent no observation since its feed was connected on ${formatDateTime(new Date(f.since), zone)}. The alert is set at ${f.businessDays} business ${f.businessDays === 1 ? 'day' : 'days'} of silence.`
        : `Its last observation came ${formatDateTime(new Date(f.lastObservationAt), zone)}. The alert is set at ${f.businessDays} business ${f.businessDays === 1 ? 'day' : 'days'} of silence.`;
  }
}

/** To the owner, once, when the incident opens. */
export function incidentOpenedMessage(p: AlertInput): AlertMessage {
  const name = escapeMrkdwn(p.agentName);
  const headline = `:warning: *${name}* ${KIND_HEADLINES[p.figures.kind]}.`;
  return {
    text: `${p.agentName} ${KIND_HEADLINES[p.figures.kind]}.`,
    blocks: [
      section(headline, ALERT_BLOCK_ID),
      section(figuresText(p.figures, p.zone), ALERT_FIGURES_BLOCK_ID),
      context([
        `If it is still like this on ${formatDate(p.escalateAt, p.zone)}, the portfolio owner hears of it. You get a note when it is back to normal, and no other message about it until then.`,
      ]),
    ],
  };
}

/** To the portfolio owner, when the incident is still open two business days later. */
export function incidentEscalatedMessage(p: AlertInput): AlertMessage {
  const name = escapeMrkdwn(p.agentName);
  const since = formatDate(p.openedAt, p.zone);
  return {
    text: `${p.agentName} ${KIND_HEADLINES[p.figures.kind]}, since ${since}.`,
    blocks: [
      section(
        `:rotating_light: *${name}* ${KIND_HEADLINES[p.figures.kind]}, and has since ${since}. Its owner, ${mention(p.ownerId)}, was told then.`,
        ALERT_BLOCK_ID,
      ),
      section(figuresText(p.figures, p.zone), ALERT_FIGURES_BLOCK_ID),
      context(['You get a note when it is back to normal.']),
    ],
  };
}

const RECOVERED: Readonly<Record<IncidentKind, string>> = {
  handoff: 'hands cases to people at its usual share again',
  volume: 'is handling its usual number of cases again',
  silence: 'is sending observations again',
};

/** The closing note: back to normal, or the feed was disconnected. */
export function incidentClosedMessage(p: {
  agentName: string;
  kind: IncidentKind;
  reason: 'recovered' | 'disconnected';
  openedAt: Date;
  zone: string;
}): AlertMessage {
  const name = escapeMrkdwn(p.agentName);
  const what =
    p.reason === 'recovered'
      ? `:white_check_mark: *${name}* ${RECOVERED[p.kind]}.`
      : `*${name}* no longer has a live feed (its token was revoked or the agent retired), so it is no longer watched.`;
  const tail = `The incident opened ${formatDate(p.openedAt, p.zone)} is closed.`;
  return {
    text: `${p.agentName}: the incident opened ${formatDate(p.openedAt, p.zone)} is closed.`,
    blocks: [section(`${what} ${tail}`, ALERT_BLOCK_ID)],
  };
}
