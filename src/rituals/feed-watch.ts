// The live-feed watch: every heartbeat it rolls new observations up into daily totals, drops raw rows past their
// retention, opens, escalates and closes incidents, and queues the messages they owe in the outbox in the same
// transaction; then sends what is pending. A due check (see checks.ts): an alert falls due whenever an incident
// opens, not once a period. The outbox claims each send and marks it after Slack answered, so a restart or a
// second process sends nothing twice.

import { incidentChartFile } from '../charts/feed.js';
import { DEFAULT_RETENTION_DAYS } from '../domain/feeds.js';
import { getAgent } from '../store/agents.js';
import { INCIDENT_ALERT_KIND, type Incident, type IncidentAlert, incidentAlertKey } from '../store/feeds.js';
import type { Announcement } from '../store/outbox.js';
import { incidentDays, type WatchResult, watchFeeds } from '../usecases/feeds.js';
import {
  type AlertMessage,
  incidentClosedMessage,
  incidentEscalatedMessage,
  incidentOpenedMessage,
} from '../views/feeds/alerts.js';
import { outboxCheck } from './announcements.js';
import type { CheckContext } from './checks.js';

/** The messages one pass of the watch owes: read inside its transaction, queued with it. */
function alertsOf(ctx: CheckContext, pass: WatchResult): Announcement[] {
  const messages: Announcement[] = [];
  const agentOf = (incident: Incident) => getAgent(ctx.db, incident.teamId, incident.agentId);
  const dm = (incident: Incident, kind: IncidentAlert, to: string, message: AlertMessage) =>
    messages.push({
      key: incidentAlertKey(incident.id, kind),
      method: 'chat.postMessage',
      // A user id as the channel posts in that person's DM with the app.
      args: { channel: to, ...message },
    });
  const about = (incident: Incident, agent: { name: string; ownerId: string }) => ({
    agentName: agent.name,
    ownerId: agent.ownerId,
    figures: incident.figures,
    openedAt: incident.openedAt,
    escalateAt: incident.escalateAt,
    zone: ctx.zone,
  });
  for (const incident of pass.opened) {
    const agent = agentOf(incident);
    if (!agent) continue;
    dm(incident, 'opened', agent.ownerId, incidentOpenedMessage(about(incident, agent)));
    // The silence has no numbers to draw.
    if (incident.figures.kind !== 'silence')
      messages.push({
        key: incidentAlertKey(incident.id, 'chart'),
        threadOf: incidentAlertKey(incident.id, 'opened'),
        method: 'files.uploadV2',
        args: incidentChartFile({
          agentName: agent.name,
          figures: incident.figures,
          days: incidentDays(ctx.db, incident, ctx.zone),
        }),
      });
  }
  for (const { incident, to } of pass.escalated) {
    const agent = agentOf(incident);
    if (agent && to) dm(incident, 'escalated', to, incidentEscalatedMessage(about(incident, agent)));
  }
  for (const incident of pass.closed) {
    const agent = agentOf(incident);
    if (!agent) continue;
    const note = incidentClosedMessage({
      agentName: agent.name,
      kind: incident.kind,
      reason: incident.closeReason ?? 'recovered',
      openedAt: incident.openedAt,
      zone: ctx.zone,
    });
    dm(incident, 'closed', agent.ownerId, note);
    // The portfolio owner who was told it was still open hears that it closed.
    if (incident.escalatedTo) dm(incident, 'closed_escalated', incident.escalatedTo, note);
  }
  return messages;
}

export const feedWatch = outboxCheck(
  'feed-watch',
  INCIDENT_ALERT_KIND,
  ({ db, now, workspace, feeds }) =>
    watchFeeds(db, now, {
      teamId: workspace.teamId,
      retentionDays: feeds?.retentionDays ?? DEFAULT_RETENTION_DAYS,
    }),
  alertsOf,
);
