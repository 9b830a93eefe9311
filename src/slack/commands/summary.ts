import type { WebClient } from '@slack/web-api';
import { monthlyValueChart, monthlyValueData, stageHistoryChart } from '../../charts/portfolio.js';
import type { MonthlyValueChart } from '../../charts/specs.js';
import { chartUploadArgs, dmChannelOf } from '../../charts/upload.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { slackErrorCode } from '../../slack-errors.js';
import { countPlacements } from '../../store/placements.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { lastCompleteMonth } from '../../usecases/judged-months.js';
import { portfolioSummary } from '../../usecases/summary.js';
import { channelLink, escapeMrkdwn } from '../../views/mrkdwn.js';
import { type Summary, summaryBlocks, summaryText } from '../../views/summary/detail.js';
import type { AppDeps } from '../deps.js';
import type { Subcommand } from './types.js';

/** Everything the summary shows, read from the records at `now`: complete months only. */
export const gatherSummary = (deps: AppDeps, w: Workspace): Summary =>
  portfolioSummary(deps.db, deps.now(), w);

/** The monthly value chart's data for the summary: up to 12 months, to the last complete one. */
export function summaryChartData(deps: AppDeps, w: Workspace): MonthlyValueChart | undefined {
  const lastMonth = lastCompleteMonth(deps.db, w, deps.now());
  return monthlyValueData(deps.db, { teamId: w.teamId, currency: w.currency, lastMonth, zone: zoneOf(w) });
}

const NO_CHART = 'No agent has a monthly number yet, so there is no chart.';

/** A posted summary carries the chart data it promised, so the chart in its thread draws the same months. */
export type PostResult =
  | { readonly ok: true; readonly ts: string; readonly chart: MonthlyValueChart | undefined }
  | { readonly ok: false; readonly text: string };

/** Why a channel refused the post and what to do, in plain text: it may show beside a modal's picker. */
function refusedPost(error: unknown): string {
  const code = slackErrorCode(error);
  return code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived'
    ? "I can't post in that channel. Invite the app there first with /invite @maturity, or pick another channel."
    : `Slack did not take the summary (${code ?? 'no answer'}). Try again in a minute.`;
}

/** Posts the summary in a channel; the caller shares the chart in its thread afterwards, outside Slack's 3 seconds. */
export async function postSummary(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  channelId: string,
): Promise<PostResult> {
  const summary = gatherSummary(deps, w);
  const chart = summaryChartData(deps, w);
  const chartNote = chart ? 'The chart of monthly value is in the thread.' : NO_CHART;
  try {
    const posted = await client.chat.postMessage({
      channel: channelId,
      text: summaryText(summary),
      blocks: summaryBlocks(summary, { chartNote, withPostButton: false }),
    });
    return { ok: true, ts: posted.ts ?? '', chart };
  } catch (error) {
    deps.logger.warn(`Summary not posted to ${channelId}`, error);
    return { ok: false, text: refusedPost(error) };
  }
}

/** Renders and shares the monthly value chart. */
export async function shareValueChart(
  client: WebClient,
  data: MonthlyValueChart,
  to: { channelId: string; threadTs?: string },
): Promise<void> {
  const chart = await monthlyValueChart(data);
  await client.filesUploadV2(chartUploadArgs(chart, to));
}

const CHART_FAILED =
  'The chart could not be sent just now. The numbers above stand; ask again for the chart in a minute.';

/** `<#C0123|ops>` or `<#C0123>` as Slack escapes a channel it recognised in the text. */
export function mentionedChannel(text: string): string | null {
  return /<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/.exec(text)?.[1] ?? null;
}

export const summaryCommand: Subcommand = {
  name: 'summary',
  usage: '/maturity summary [stages]',
  summary:
    "the portfolio's state: stage with evidence, last quarter's numbers, the last vote, the backlog's top five and reuse, with a chart of monthly value. `stages` charts the stage over time.",
  async run({ ack, client, command, respond }, deps, rest) {
    const w = ensureWorkspace(deps.db, command.team_id, deps.now());
    const words = rest.trim();

    if (/^stages?$/i.test(words)) {
      if (countPlacements(deps.db, w.teamId) === 0) {
        await ack({
          response_type: 'ephemeral',
          text: 'No placements yet, so there is no stage to chart. `/maturity` places the operation.',
        });
        return;
      }
      await ack({
        response_type: 'ephemeral',
        text: 'Drawing the stage chart. It will be in your DM with the app in a moment.',
      });
      try {
        const chart = await stageHistoryChart(deps.db, { teamId: w.teamId, zone: zoneOf(w) });
        if (chart)
          await client.filesUploadV2(
            chartUploadArgs(chart, { channelId: await dmChannelOf(client, command.user_id) }),
          );
      } catch (error) {
        deps.logger.error('Stage chart not sent', error);
        await respond({ response_type: 'ephemeral', text: CHART_FAILED });
      }
      return;
    }

    const channelId = mentionedChannel(words);
    if (channelId) {
      await ack({ response_type: 'ephemeral', text: `Posting the summary to ${channelLink(channelId)}.` });
      const posted = await postSummary(client, deps, w, channelId);
      if (!posted.ok) {
        await respond({ response_type: 'ephemeral', text: posted.text });
        return;
      }
      if (!posted.chart) return;
      await shareValueChart(client, posted.chart, { channelId, threadTs: posted.ts }).catch(
        async (error: unknown) => {
          deps.logger.error('Summary chart not shared', error);
          await respond({ response_type: 'ephemeral', text: CHART_FAILED });
        },
      );
      return;
    }

    // Acknowledged before anything is read: a quarter of numbers for hundreds of agents takes a while on a busy
    // machine, and Slack shows the answer when it comes through the response URL.
    await ack();
    const summary = gatherSummary(deps, w);
    const chart = summaryChartData(deps, w);
    // Typed "#ops" arrives as plain text Slack did not resolve: the button picks a channel reliably.
    const unresolved =
      words === ''
        ? ''
        : ` I could not tell which channel "${escapeMrkdwn(words)}" is; use *Post to a channel* below.`;
    const chartNote = `${chart ? 'The chart of monthly value is on its way to your DM with the app.' : NO_CHART}${unresolved}`;
    await respond({
      response_type: 'ephemeral',
      text: summaryText(summary),
      blocks: summaryBlocks(summary, { chartNote, withPostButton: true }),
    });
    if (!chart) return;
    try {
      await shareValueChart(client, chart, { channelId: await dmChannelOf(client, command.user_id) });
    } catch (error) {
      deps.logger.error('Summary chart not sent', error);
      await respond({ response_type: 'ephemeral', text: CHART_FAILED });
    }
  },
};
