import type { WebClient } from '@slack/web-api';
import { ensureWorkspace } from '../../store/workspaces.js';
import { awayForm, calendarForm } from '../calendar-forms.js';
import type { AppDeps } from '../deps.js';
import { runsWorkspace } from '../roles.js';
import type { Subcommand } from './types.js';

export const CALENDAR_REFUSAL =
  'Only workspace admins and the portfolio owner can change the holidays and closed days. `/maturity rituals` shows what counts as a business day.';

/** Opens the holidays modal, or says who may. */
export async function openCalendar(
  client: WebClient,
  deps: AppDeps,
  p: { teamId: string; userId: string; triggerId: string },
): Promise<'opened' | 'refused'> {
  const w = ensureWorkspace(deps.db, p.teamId, deps.now());
  if (!(await runsWorkspace(client, deps, p.teamId, p.userId))) return 'refused';
  await client.views.open({ trigger_id: p.triggerId, view: calendarForm(deps, w, null) });
  return 'opened';
}

export const calendarCommand: Subcommand = {
  name: 'calendar',
  usage: '/maturity calendar',
  summary:
    "the plant's public holidays (country and state) and its own closed days, which are not business days (admins and the portfolio owner).",
  async run({ ack, client, command }, deps) {
    await ack();
    const opened = await openCalendar(client, deps, {
      teamId: command.team_id,
      userId: command.user_id,
      triggerId: command.trigger_id,
    });
    if (opened === 'refused') {
      await client.chat.postEphemeral({
        channel: command.channel_id,
        user: command.user_id,
        text: CALENDAR_REFUSAL,
      });
    }
  },
};

export const awayCommand: Subcommand = {
  name: 'away',
  usage: '/maturity away',
  summary: 'mark dates you are away and who reports for you meanwhile; the portfolio owner can mark anyone.',
  async run({ ack, client, command }, deps) {
    await ack();
    const w = ensureWorkspace(deps.db, command.team_id, deps.now());
    await client.views.open({ trigger_id: command.trigger_id, view: awayForm(deps, w, command.user_id) });
  },
};
