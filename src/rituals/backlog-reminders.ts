// The 90-day ship-by clock of a committed backlog candidate: the person shipping it hears at 30 and 60 days,
// the portfolio owner at 90 if its agent has not passed the gate. A due check (see checks.ts), not a ritual:
// reminders fall due on whatever day the commitment was made. A due reminder is handed to the outbox in the same
// transaction that marks it queued, then sent like every announcement: once, across restarts and processes.

import { SHIP_BY_KIND } from '../store/backlog.js';
import { takeDueReminders } from '../usecases/backlog.js';
import { reminderMessage } from '../views/backlog/messages.js';
import { outboxCheck } from './announcements.js';

export const backlogReminders = outboxCheck(
  'backlog-reminders',
  SHIP_BY_KIND,
  ({ db, now, workspace }) => takeDueReminders(db, now, { teamId: workspace.teamId }),
  (ctx, queued) =>
    queued.map(({ reminder, candidate, recipientId, key }) => ({
      key,
      method: 'chat.postMessage' as const,
      // A user id as the channel posts in that person's DM with the app.
      args: {
        channel: recipientId,
        ...reminderMessage({
          kind: reminder.kind,
          candidate,
          portfolioOwnerId: ctx.workspace.portfolioOwnerId,
          now: ctx.now,
          timeZone: ctx.zone,
        }),
      },
    })),
);
