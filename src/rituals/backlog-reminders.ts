// The 90-day ship-by clock of a committed backlog candidate: the person shipping it hears at 30 and 60 days,
// the portfolio owner at 90 if its agent has not passed the gate. A due check (see checks.ts), not a ritual:
// reminders fall due on whatever day the commitment was made.

import type { DueReminder } from '../domain/backlog.js';
import {
  APP_ACTOR,
  claimReminder,
  dueReminders,
  gatedCommitments,
  getCandidate,
  markReminderSent,
  postponeReminder,
  skipReminder,
} from '../store/backlog.js';
import { markShipped } from '../usecases/backlog.js';
import { reminderMessage } from '../views/backlog/messages.js';
import { type CheckContext, type DueCheck, RETRY_UNREACHABLE_MS, SEND_CLAIM_MS } from './checks.js';
import { StoppedError } from './pacing.js';

function byCandidate(due: readonly DueReminder[]): Map<number, DueReminder[]> {
  const groups = new Map<number, DueReminder[]>();
  for (const reminder of due)
    groups.set(reminder.candidateId, [...(groups.get(reminder.candidateId) ?? []), reminder]);
  return groups;
}

async function sendReminder(ctx: CheckContext, reminder: DueReminder): Promise<boolean> {
  const { db, workspace, now } = ctx;
  const candidate = getCandidate(db, workspace.teamId, reminder.candidateId);
  if (candidate?.status !== 'committed') {
    skipReminder(db, { ...reminder, reason: candidate?.status ?? 'deleted' });
    return false;
  }
  const recipientId =
    reminder.kind === 'day90' ? (workspace.portfolioOwnerId ?? candidate.committedBy) : candidate.shipOwnerId;
  if (!recipientId) {
    skipReminder(db, { ...reminder, reason: 'nobody to tell' });
    return false;
  }
  const message = reminderMessage({
    kind: reminder.kind,
    candidate,
    portfolioOwnerId: workspace.portfolioOwnerId,
    now,
    timeZone: ctx.zone,
  });
  // Sent in the workspace's turn, like every durable send: at most one unrecorded at a time.
  return ctx.slack.oneAtATime(workspace.teamId, async () => {
    if (!claimReminder(db, { ...reminder, now, until: new Date(now.getTime() + SEND_CLAIM_MS) }))
      return false;
    try {
      // A user id as the channel posts in that person's DM with the app.
      await ctx.slack.postMessage({ channel: recipientId, ...message }, ctx.signal);
    } catch (error) {
      // Stopping is not the recipient's fault: the claim runs out and the next process sends it.
      if (error instanceof StoppedError) throw error;
      postponeReminder(db, { ...reminder, until: new Date(now.getTime() + RETRY_UNREACHABLE_MS) });
      ctx.logger.warn(
        `Ship-by reminder ${reminder.kind} for candidate ${candidate.id} not sent; trying again in an hour`,
        error,
      );
      return false;
    }
    markReminderSent(db, { ...reminder, recipientId, at: now });
    return true;
  });
}

export const backlogReminders: DueCheck = {
  name: 'backlog-reminders',
  async run(ctx) {
    const { db, workspace, now } = ctx;
    // A commitment whose agent passed its gate has shipped; its reminders are moot.
    for (const shipped of gatedCommitments(db, workspace.teamId)) {
      markShipped(db, now, {
        teamId: workspace.teamId,
        candidateId: shipped.candidateId,
        actorId: APP_ACTOR,
        shippedAt: shipped.gatePassedAt,
      });
    }
    const sent: string[] = [];
    for (const reminders of byCandidate(dueReminders(db, workspace.teamId, now)).values()) {
      // After downtime several may be due at once: only the latest still says something true.
      const latest = reminders.at(-1);
      for (const stale of reminders.slice(0, -1)) skipReminder(db, { ...stale, reason: 'superseded' });
      if (latest && (await sendReminder(ctx, latest))) sent.push(`${latest.candidateId}:${latest.kind}`);
    }
    return sent;
  },
};
