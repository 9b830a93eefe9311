import type { KnownBlock } from '@slack/types';
import { monthLabel, type PeriodKey } from '../domain/calendar.js';
import { roundName } from '../domain/kill-or-scale.js';
import type { RitualStatus, RunSummary } from '../domain/ritual-status.js';
import type { RitualId } from '../domain/schedule.js';
import { reportedMonthFor } from '../domain/value-review.js';
import { context, header, section } from './kit.js';
import { formatDate, formatDateTime } from './mrkdwn.js';

// The ritual schedule: what is due, running, done and missed, for `/maturity rituals` and the Home tab.

const RITUAL_NAMES: Readonly<Record<string, string>> = {
  'value-review': 'Monthly value review',
  'kill-or-scale': 'Quarterly kill-or-scale vote',
};

// ---- The ritual schedule ----

const STATE_WORDS: Readonly<Record<RunSummary['state'], string>> = {
  running: 'Running',
  done: 'Done',
  missed: 'Missed',
};

/** A run named the way its messages name it: the month the review covers, the quarter the vote is held in. */
function runName(ritual: RitualId, period: PeriodKey): string {
  return ritual === 'value-review'
    ? `the ${monthLabel(reportedMonthFor(period))} review`
    : `the ${roundName(period)}`;
}

function runLine(ritual: RitualId, run: RunSummary, zone: string): string {
  const when =
    run.state === 'missed'
      ? `was due ${formatDate(run.dueAt, zone)}; the app was down too long to send it`
      : run.state === 'done' && run.finishedAt
        ? `finished ${formatDate(run.finishedAt, zone)}`
        : `since ${formatDate(run.startedAt, zone)}`;
  return `${STATE_WORDS[run.state]}: ${runName(ritual, run.period)}, ${when}${run.late ? ' (ran late)' : ''}`;
}

export function ritualStatusText(s: RitualStatus, zone: string): string {
  const lines = [
    `*${RITUAL_NAMES[s.ritual] ?? s.ritual}*: ${s.schedule}`,
    `Next due: ${formatDateTime(s.nextDueAt, zone)}`,
    ...s.running.map((run) => runLine(s.ritual, run, zone)),
    ...s.recent.map((run) => runLine(s.ritual, run, zone)),
  ];
  return lines.join('\n');
}

export const RITUALS_BUSINESS_DAYS_BLOCK_ID = 'rituals_business_days';

/** `businessDays` says what a business day is here: weekdays less the plant's holidays and closed days. */
export function ritualsBlocks(
  statuses: readonly RitualStatus[],
  zone: string,
  businessDays: string,
): KnownBlock[] {
  return [
    header('Ritual schedule'),
    section(businessDays, RITUALS_BUSINESS_DAYS_BLOCK_ID),
    ...statuses.map((s) => section(ritualStatusText(s, zone), `rituals_${s.ritual}`)),
    context([
      "Times are in the workspace time zone. `/maturity review now` runs this month's value review now.",
    ]),
  ];
}
