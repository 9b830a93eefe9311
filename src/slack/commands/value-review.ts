import { monthLabel } from '../../domain/calendar.js';
import { zoneOf } from '../../domain/workspace.js';
import { RITUALS } from '../../rituals/index.js';
import { ritualStatuses } from '../../rituals/status.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { businessDays } from '../../usecases/calendar.js';
import { currentReview } from '../../usecases/value-review.js';
import { businessDaysText } from '../../views/calendar.js';
import { ritualsBlocks } from '../../views/rituals.js';
import { describeRunNow, reportModalFor, runReviewNow } from '../actions/value-review.js';
import { refusedUnlessRunsWorkspace } from './permission.js';
import type { Subcommand } from './types.js';

export const reportCommand: Subcommand = {
  name: 'report',
  usage: '/maturity report',
  summary: "report your agents' dollar number for the month just ended.",
  async run({ ack, client, command }, deps) {
    const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
    const found = reportModalFor(deps, workspace, command.user_id, null);
    if ('refusal' in found) {
      await ack({ response_type: 'ephemeral', text: found.refusal });
      return;
    }
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: found.view });
  },
};

export const reviewCommand: Subcommand = {
  name: 'review',
  usage: '/maturity review [now]',
  summary: "where this month's value review stands; `now` runs it at once (admins and the portfolio owner).",
  async run(args, deps, rest) {
    const { ack, client, command, respond } = args;
    const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
    if (rest.trim().toLowerCase() !== 'now') {
      const review = currentReview(deps.db, workspace, deps.now());
      const { reported, agents } = review.counts;
      const state = review.posted ? 'is posted' : `has ${reported} of ${agents} numbers in`;
      await ack({
        response_type: 'ephemeral',
        text: `The value review of ${monthLabel(review.month)} ${state}. \`/maturity review now\` runs it at once; \`/maturity rituals\` shows the schedule.`,
      });
      return;
    }
    const refusal =
      'Only workspace admins and the portfolio owner can run the review early. It runs by itself on the first business day.';
    if (await refusedUnlessRunsWorkspace(args, deps, refusal)) return;
    await ack({ response_type: 'ephemeral', text: 'Running the monthly value review now…' });
    const result = await runReviewNow(client, deps, workspace.teamId);
    await respond({ response_type: 'ephemeral', text: describeRunNow(result, deps, workspace) });
  },
};

export const ritualsCommand: Subcommand = {
  name: 'rituals',
  usage: '/maturity rituals',
  summary: 'the ritual schedule: what is due, running, done and missed.',
  async run({ ack, command }, deps) {
    const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
    const statuses = ritualStatuses(deps.db, RITUALS, workspace, deps.now());
    await ack({
      response_type: 'ephemeral',
      text: `Ritual schedule: ${statuses.length} rituals.`,
      blocks: ritualsBlocks(
        statuses,
        zoneOf(workspace),
        businessDaysText(businessDays(deps.db, workspace, deps.now())),
      ),
    });
  },
};
