// The live-feed watch: every heartbeat it rolls new observations up into daily totals, drops raw rows past their
// retention, opens and closes incidents, then sends the DMs the incidents owe. A due check (see checks.ts): an
// alert falls due whenever an incident opens, not once a period. Each alert is a row claimed before it is sent
// and marked after Slack answered, so a restart sends nothing twice.

import { incidentChart } from '../charts/feed.js';
import type { Chart } from '../charts/portfolio.js';
import { chartUploadArgs } from '../charts/upload.js';
import { DEFAULT_RETENTION_DAYS } from '../domain/feeds.js';
import { lastingRefusal } from '../slack-errors.js';
import { getAgent } from '../store/agents.js';
import {
  type AlertKind,
  claimAlert,
  type DueAlert,
  dueAlerts,
  getIncident,
  type Incident,
  markAlertSent,
  postponeAlert,
  sentAlert,
  skipAlert,
} from '../store/feeds.js';
import { incidentDays, watchFeeds } from '../usecases/feeds.js';
import {
  type AlertMessage,
  incidentClosedMessage,
  incidentEscalatedMessage,
  incidentOpenedMessage,
} from '../views/feeds/alerts.js';
import { type CheckContext, type DueCheck, RETRY_UNREACHABLE_MS, SEND_CLAIM_MS } from './checks.js';
import { StoppedError } from './pacing.js';

type Send =
  | { readonly to: string; readonly message: AlertMessage }
  | { readonly chart: { readonly channel: string; readonly ts: string } }
  | { readonly skip: string };

/** What an alert sends, and to whom, as things stand now. */
function plan(ctx: CheckContext, incident: Incident, kind: AlertKind): Send {
  const agent = getAgent(ctx.db, incident.teamId, incident.agentId);
  if (!agent) return { skip: 'agent gone' };
  const base = {
    agentName: agent.name,
    ownerId: agent.ownerId,
    figures: incident.figures,
    openedAt: incident.openedAt,
    escalateAt: incident.escalateAt,
    zone: ctx.zone,
  };
  const portfolioOwnerId = ctx.workspace.portfolioOwnerId;
  switch (kind) {
    case 'opened':
      return { to: agent.ownerId, message: incidentOpenedMessage(base) };
    case 'chart': {
      const opened = sentAlert(ctx.db, incident.id, 'opened');
      if (!opened?.channelId || !opened.ts) return { skip: 'no message to attach it to' };
      return { chart: { channel: opened.channelId, ts: opened.ts } };
    }
    case 'escalated':
      if (incident.closedAt) return { skip: 'closed' };
      if (!portfolioOwnerId) return { skip: 'no portfolio owner' };
      return { to: portfolioOwnerId, message: incidentEscalatedMessage(base) };
    case 'closed':
    case 'closed_escalated': {
      const to = kind === 'closed' ? agent.ownerId : sentAlert(ctx.db, incident.id, 'escalated')?.recipientId;
      if (!to) return { skip: 'nobody to tell' };
      const message = incidentClosedMessage({
        agentName: agent.name,
        kind: incident.kind,
        reason: incident.closeReason ?? 'recovered',
        openedAt: incident.openedAt,
        zone: ctx.zone,
      });
      return { to, message };
    }
  }
}

/** Draws the incident's chart and shares it under the opening DM; a chart that cannot be drawn is skipped. */
async function shareChart(
  ctx: CheckContext,
  incident: Incident,
  where: { channel: string; ts: string },
): Promise<'shared' | 'not drawn'> {
  const figures = incident.figures;
  if (figures.kind === 'silence') return 'not drawn';
  let chart: Chart;
  try {
    chart = await incidentChart({
      agentName: getAgent(ctx.db, incident.teamId, incident.agentId)?.name ?? 'Agent',
      figures,
      days: incidentDays(ctx.db, incident, ctx.zone),
    });
  } catch (error) {
    ctx.logger.error(`Feed incident ${incident.id}: the chart could not be drawn`, error);
    return 'not drawn';
  }
  const upload = chartUploadArgs(chart, { channelId: where.channel, threadTs: where.ts });
  await ctx.slack.call(
    'files.completeUploadExternal',
    where.channel,
    (c) => c.filesUploadV2(upload),
    ctx.signal,
  );
  return 'shared';
}

async function sendAlert(ctx: CheckContext, alert: DueAlert): Promise<boolean> {
  const { db, now } = ctx;
  const incident = getIncident(db, ctx.workspace.teamId, alert.incidentId);
  const send = incident ? plan(ctx, incident, alert.kind) : { skip: 'incident gone' };
  if ('skip' in send || !incident) {
    skipAlert(db, { ...alert, reason: 'skip' in send ? send.skip : 'incident gone' });
    return false;
  }
  if (!claimAlert(db, { ...alert, now, until: new Date(now.getTime() + SEND_CLAIM_MS) })) return false;
  try {
    if ('chart' in send) {
      if ((await shareChart(ctx, incident, send.chart)) === 'not drawn') {
        skipAlert(db, { ...alert, reason: 'not drawn' });
        return false;
      }
      markAlertSent(db, {
        ...alert,
        recipientId: send.chart.channel,
        channelId: send.chart.channel,
        ts: null,
        at: now,
      });
      return true;
    }
    // A user id as the channel posts in that person's DM with the app.
    const posted = await ctx.slack.postMessage({ channel: send.to, ...send.message }, ctx.signal);
    markAlertSent(db, {
      ...alert,
      recipientId: send.to,
      channelId: posted.channel ?? null,
      ts: posted.ts ?? null,
      at: now,
    });
    return true;
  } catch (error) {
    // Stopping is not the recipient's fault: the claim runs out and the next process sends it.
    if (error instanceof StoppedError) throw error;
    const refusal = lastingRefusal(error);
    // A chart is a courtesy: one Slack refuses is not tried again. A person Slack cannot reach is, hourly.
    if ('chart' in send && refusal !== undefined) skipAlert(db, { ...alert, reason: refusal });
    else postponeAlert(db, { ...alert, until: new Date(now.getTime() + RETRY_UNREACHABLE_MS) });
    ctx.logger.warn(
      `Feed alert ${alert.kind} for incident ${alert.incidentId} not sent (${refusal ?? 'error'})`,
      error,
    );
    return false;
  }
}

export const feedWatch: DueCheck = {
  name: 'feed-watch',
  async run(ctx) {
    const { db, workspace, now } = ctx;
    watchFeeds(db, now, {
      teamId: workspace.teamId,
      retentionDays: ctx.feeds?.retentionDays ?? DEFAULT_RETENTION_DAYS,
    });
    const sent: string[] = [];
    for (const alert of dueAlerts(db, workspace.teamId, now)) {
      if (await sendAlert(ctx, alert)) sent.push(`${alert.incidentId}:${alert.kind}`);
    }
    return sent;
  },
};
