// What owners, the portfolio owner and the monthly ritual do to the value review's records. Each write runs
// in one IMMEDIATE transaction; the surfaces render the result and talk to Slack afterwards.

import { type PeriodKey, periodOf } from '../domain/calendar.js';
import {
  type CurrentReview,
  type MonthlyReport,
  type ReportChange,
  type ReportSource,
  type ReviewAgentStatus,
  reportChange,
  reportSource,
} from '../domain/monthly-report.js';
import { type ReviewSettings, reportedMonthFor, sameReviewSettings } from '../domain/value-review.js';
import { type Workspace, zoneOf } from '../domain/workspace.js';
import { recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import {
  correctionFromView,
  insertCorrection,
  insertReport,
  REPORT_ENTITY,
  type ReportWrite,
  reportFor,
  reportRowOf,
  reviewAgentPage,
  reviewCounts,
  reviewSettings,
  updateReport,
  updateReviewSettings,
  valueReviewFor,
  WORKSPACE_ENTITY,
} from '../store/reports.js';
import { reviewPostsBy } from './judged-months.js';

export type ReportInput = Omit<ReportWrite, 'at'>;

/** The fields an audit row keeps of a number, before and after. */
function auditFields(r: {
  agentId: number;
  month: PeriodKey;
  amountCents: number;
  note: string | null;
  evidenceUrl: string | null;
  handoffPercent: number | null;
  onBehalfOf: string | null;
  source: ReportSource;
  feedCents: number | null;
}) {
  return {
    agentId: r.agentId,
    month: r.month,
    amountCents: r.amountCents,
    note: r.note,
    evidenceUrl: r.evidenceUrl,
    handoffPercent: r.handoffPercent,
    onBehalfOf: r.onBehalfOf,
    source: r.source,
    feedCents: r.feedCents,
  };
}

/**
 * An owner's (or the portfolio owner's) number for a month, in one transaction with its audit row: the first
 * report, a replacement before the month's review is posted, or a correction kept beside the posted original.
 */
export function saveReport(
  db: Db,
  now: Date,
  input: ReportInput,
): { outcome: ReportChange; report: MonthlyReport } {
  return db
    .transaction(() => {
      const write: ReportWrite = { ...input, at: now };
      const stored = reportRowOf(db, input.teamId, input.agentId, input.month);
      const before = reportFor(db, input.teamId, input.agentId, input.month);
      const outcome = reportChange({
        hasReport: stored !== undefined,
        reviewPosted: valueReviewFor(db, input.teamId, input.month) !== undefined,
        seenSubmission:
          stored?.sourceViewId === input.sourceViewId ||
          correctionFromView(db, input.teamId, input.sourceViewId),
      });
      let reportId = stored?.id;
      if (outcome === 'reported') reportId = insertReport(db, write);
      else if (stored && before && outcome === 'updated') updateReport(db, stored.id, write);
      else if (stored && before && outcome === 'corrected')
        insertCorrection(db, stored.id, before.amountCents, write);
      if (outcome !== 'repeat' && reportId !== undefined) {
        recordAudit(db, {
          teamId: input.teamId,
          actorId: input.actorId,
          entity: REPORT_ENTITY,
          entityId: reportId,
          action: outcome,
          before: before ? auditFields(before) : null,
          after: auditFields({
            ...input,
            source: reportSource(input.amountCents, input.feedCents ?? null),
            feedCents: input.feedCents ?? null,
          }),
          at: now,
        });
      }
      const report = reportFor(db, input.teamId, input.agentId, input.month);
      if (!report)
        throw new Error(
          `Report of agent ${input.agentId} for ${input.month} vanished inside its own transaction`,
        );
      return { outcome, report };
    })
    .immediate();
}

/** The workspace's review settings; a retried submission (or a save with nothing changed) writes no audit row. */
export function saveReviewSettings(
  db: Db,
  now: Date,
  p: { teamId: string; actorId: string; settings: ReviewSettings },
): ReviewSettings {
  return db
    .transaction(() => {
      const before = reviewSettings(db, p.teamId);
      if (sameReviewSettings(before, p.settings)) return before;
      updateReviewSettings(db, { ...p, at: now });
      const after = reviewSettings(db, p.teamId);
      recordAudit(db, {
        teamId: p.teamId,
        actorId: p.actorId,
        entity: WORKSPACE_ENTITY,
        entityId: p.teamId,
        action: 'review-settings',
        before,
        after,
        at: now,
      });
      return after;
    })
    .immediate();
}

/** Agents read at a time while a list of the month's agents is iterated: the Home tab shows about 120. */
const REVIEW_PAGE = 25;

function* reviewStatuses(db: Db, teamId: string, month: PeriodKey): Generator<ReviewAgentStatus> {
  for (let offset = 0; ; offset += REVIEW_PAGE) {
    const page = reviewAgentPage(db, teamId, month, { offset, limit: REVIEW_PAGE });
    yield* page;
    if (page.length < REVIEW_PAGE) return;
  }
}

/**
 * The month being collected now, for the Home tab and `/maturity review`: how many numbers are in, and the
 * running agents with their numbers, read a page at a time as whoever shows them iterates.
 */
export function currentReview(db: Db, workspace: Workspace, now: Date): CurrentReview {
  const runPeriod = periodOf('monthly', now, zoneOf(workspace));
  const month = reportedMonthFor(runPeriod);
  return {
    month,
    posted: valueReviewFor(db, workspace.teamId, month) !== undefined,
    postAt: reviewPostsBy(db, workspace, runPeriod),
    counts: reviewCounts(db, workspace.teamId, month),
    agents: { [Symbol.iterator]: () => reviewStatuses(db, workspace.teamId, month) },
  };
}
