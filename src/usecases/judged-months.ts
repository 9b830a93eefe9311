// Which months count yet, read from the records: the rule is the domain's (isMonthComplete), the facts the
// store's. Ballots, the summary, its chart, the Home tab and `/maturity votes` all ask here.

import { type PeriodKey, periodOf, previousPeriod } from '../domain/calendar.js';
import { isMonthComplete } from '../domain/judged-months.js';
import { reviewPostAt } from '../domain/value-review.js';
import { type Workspace, zoneOf } from '../domain/workspace.js';
import type { Db } from '../store/db.js';
import { monthReviewFacts, reviewSettings } from '../store/reports.js';
import { workspaceCalendar } from './calendar.js';

/** Whether `month` counts yet in a ballot, a summary, a flag or a chart. */
export function monthComplete(db: Db, w: Workspace, month: PeriodKey, now: Date): boolean {
  return isMonthComplete(monthReviewFacts(db, w.teamId, month), {
    settings: reviewSettings(db, w.teamId),
    days: workspaceCalendar(db, w),
    now,
  });
}

/** The latest the review run of `runPeriod` posts (it reviews the month before), on its own timeline once open. */
export function reviewPostsBy(db: Db, w: Workspace, runPeriod: PeriodKey): Date {
  const { run } = monthReviewFacts(db, w.teamId, previousPeriod(runPeriod));
  return reviewPostAt(runPeriod, run, reviewSettings(db, w.teamId), workspaceCalendar(db, w));
}

/** The last month that counts at `now`: last month once its review has posted (or could have), else the one before. */
export function lastCompleteMonth(db: Db, w: Workspace, now: Date): PeriodKey {
  const lastMonth = previousPeriod(periodOf('monthly', now, zoneOf(w)));
  return monthComplete(db, w, lastMonth, now) ? lastMonth : previousPeriod(lastMonth);
}
