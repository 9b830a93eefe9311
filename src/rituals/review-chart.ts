import { type Chart, monthlyValueChart, monthlyValueData } from '../charts/portfolio.js';
import { chartUploadArgs } from '../charts/upload.js';
import type { PeriodKey } from '../domain/calendar.js';
import { lastingRefusal } from '../slack-errors.js';
import type { RitualContext } from './job.js';
import { StoppedError } from './pacing.js';

export type ReviewChartResult = { readonly shared: string } | { readonly skipped: string };

/**
 * The monthly review post's chart, shared in its thread: each agent's number over the 12 months to the
 * reviewed one, against target, under the portfolio total. Run as its own step after the post. A chart
 * that cannot be drawn, or that Slack refuses, is logged and skipped: it never holds the review back. A
 * network failure is thrown, so the step is tried again on the next heartbeat.
 */
export async function shareReviewChart(
  ctx: RitualContext,
  posted: { readonly channel: string; readonly ts: string },
  month: PeriodKey,
): Promise<ReviewChartResult> {
  const data = monthlyValueData(ctx.db, {
    teamId: ctx.workspace.teamId,
    currency: ctx.workspace.currency,
    lastMonth: month,
    zone: ctx.zone,
  });
  if (!data) return { skipped: 'no monthly numbers to draw' };
  let chart: Chart;
  try {
    chart = await monthlyValueChart(data);
  } catch (error) {
    ctx.logger.error(`Value review ${month}: the chart could not be drawn`, error);
    return { skipped: 'not drawn' };
  }
  const upload = chartUploadArgs(chart, { channelId: posted.channel, threadTs: posted.ts });
  try {
    await ctx.slack.call(
      'files.completeUploadExternal',
      posted.channel,
      (client) => client.filesUploadV2(upload),
      ctx.signal,
    );
    return { shared: chart.filename };
  } catch (error) {
    const refusal = lastingRefusal(error);
    if (error instanceof StoppedError || refusal === undefined) throw error;
    ctx.logger.warn(`Value review ${month}: Slack refused the chart: ${refusal}`);
    return { skipped: refusal };
  }
}
