// The ship-by reminders sent to a commitment's owner and the portfolio owner.

import type { KnownBlock } from '@slack/types';
import type { BacklogCandidate, CandidateObstacle, ReminderKind } from '../../domain/backlog.js';
import type { Workspace } from '../../domain/workspace.js';
import { context, section } from '../kit.js';
import { escapeMrkdwn, formatDate, mention } from '../mrkdwn.js';
import { daysLeft } from './text.js';

export function reminderMessage(p: {
  kind: ReminderKind;
  candidate: BacklogCandidate;
  portfolioOwnerId: string | null;
  now: Date;
  timeZone: string;
}): { text: string; blocks: KnownBlock[] } {
  const c = p.candidate;
  const process = escapeMrkdwn(c.process);
  const shipBy = c.shipBy ? formatDate(c.shipBy, p.timeZone) : 'its ship-by date';
  if (p.kind === 'day90') {
    const owner = c.shipOwnerId ? `${mention(c.shipOwnerId)} owns it. ` : '';
    const text = `${c.process} was due to pass its production gate by ${shipBy} and has not.`;
    return {
      text,
      blocks: [
        section(
          `*${process}* was due to pass its production gate by ${shipBy} and has not.`,
          'reminder_text',
        ),
        section(
          `${owner}Decide what happens next: push on with a clear date, or reject it with a reason in \`/maturity backlog\`. A commitment that quietly slips is how stage 0 stays stage 0.`,
          'reminder_next',
        ),
      ],
    };
  }
  const left = c.shipBy ? daysLeft(c.shipBy, p.now) : '';
  const next = c.agent
    ? `Its agent *${escapeMrkdwn(c.agent.name)}* is registered. File its gate claim with \`/maturity gate\` when all five bars hold: real data, writes back, clean handoff, a named owner with a number, monitoring.`
    : 'No agent is linked to it yet. Register it with `/maturity register`, then link it from `/maturity backlog`.';
  return {
    text: `Reminder: ${process} has to pass its production gate by ${shipBy} (${left}).`,
    blocks: [
      section(
        `Reminder: *${process}* has to pass its production gate by *${shipBy}* (${left}).`,
        'reminder_text',
      ),
      section(next, 'reminder_next'),
      ...(p.portfolioOwnerId
        ? [
            context([
              `The portfolio owner, ${mention(p.portfolioOwnerId)}, hears at 90 days if it has not passed.`,
            ]),
          ]
        : []),
    ],
  };
}

/** Why someone may not edit, commit or reject a candidate (canManageBacklog said no). */
export function backlogRefusal(w: Workspace): string {
  return w.portfolioOwnerId
    ? `Only the portfolio owner, ${mention(w.portfolioOwnerId)}, can edit, commit or reject backlog candidates. Anyone can add one.`
    : 'Only the portfolio owner can edit, commit or reject backlog candidates, and none is named yet: until a workspace admin names one in `/maturity settings`, admins stand in. Anyone can add a candidate.';
}

/** Why a candidate can no longer take this change, in one sentence (candidateObstacle said so). */
export function candidateObstacleText(c: BacklogCandidate, obstacle: CandidateObstacle): string {
  const name = `*${escapeMrkdwn(c.process)}*`;
  switch (obstacle) {
    case 'rejected':
      return `${name} was rejected: "${escapeMrkdwn(c.rejectReason ?? '')}".`;
    case 'shipped':
      return `${name} has shipped: its agent passed the production gate.`;
    case 'already_committed':
      return `${name} is already committed.`;
    case 'not_committed':
      return `Commit to ${name} first; then link the agent that ships it.`;
    case 'already_linked':
      return `${name} is already linked to *${escapeMrkdwn(c.agent?.name ?? '')}*.`;
  }
}
