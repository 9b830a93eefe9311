import type { App, BlockAction } from '@slack/bolt';
import { ensureWorkspace } from '../../store/workspaces.js';
import { removeAway, removeClosedDays } from '../../usecases/calendar.js';
import {
  AWAY_REMOVE_ACTION_ID,
  CALENDAR_COUNTRY_ACTION_ID,
  CLOSED_DAYS_REMOVE_ACTION_ID,
  HOME_AWAY_ACTION_ID,
  HOME_CALENDAR_ACTION_ID,
} from '../../views/calendar.js';
import { noticeModal } from '../../views/kit.js';
import { awayForm, calendarForm } from '../calendar-forms.js';
import { CALENDAR_REFUSAL, openCalendar } from '../commands/calendar.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { runsWorkspace } from '../roles.js';
import { type ActionArgs, clickedId, readClick, refuseClick } from './click.js';

/** A new country in the menu: the modal shows that country's states, keeping what was typed elsewhere. */
async function onCountryPicked({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const click = readClick(body);
  if (!click.modalViewId || !click.selected) return;
  const w = ensureWorkspace(deps.db, click.teamId, deps.now());
  await client.views.update({ view_id: click.modalViewId, view: calendarForm(deps, w, click.selected) });
}

async function onClosedDaysRemoved({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const click = readClick(body);
  const w = ensureWorkspace(deps.db, click.teamId, deps.now());
  const id = clickedId(click);
  if (!(await runsWorkspace(client, deps, click.teamId, click.userId))) {
    await refuseClick(client, click, CALENDAR_REFUSAL);
    return;
  }
  if (id !== null) removeClosedDays(deps.db, deps.now(), { teamId: w.teamId, actorId: click.userId, id });
  if (click.modalViewId) {
    await client.views.update({ view_id: click.modalViewId, view: calendarForm(deps, w, null) });
  }
}

async function onAwayRemoved({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const click = readClick(body);
  const w = ensureWorkspace(deps.db, click.teamId, deps.now());
  const id = clickedId(click);
  if (id === null) return;
  const removed = removeAway(deps.db, deps.now(), {
    teamId: w.teamId,
    actorId: click.userId,
    id,
    mayRemove: (range) => range.personId === click.userId || click.userId === w.portfolioOwnerId,
  });
  if (removed === 'not_allowed') {
    await refuseClick(client, click, 'Only they, or the portfolio owner, can remove their dates away.');
    return;
  }
  if (click.modalViewId) {
    await client.views.update({ view_id: click.modalViewId, view: awayForm(deps, w, click.userId) });
  }
  await publishHome(client, deps, w.teamId, click.userId);
}

async function onHomeCalendar({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const click = readClick(body);
  const opened = await openCalendar(client, deps, {
    teamId: click.teamId,
    userId: click.userId,
    triggerId: click.triggerId,
  });
  if (opened === 'refused') {
    await client.views.open({
      trigger_id: click.triggerId,
      view: noticeModal('Holidays and closed days', CALENDAR_REFUSAL),
    });
  }
}

async function onHomeAway({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const click = readClick(body);
  const w = ensureWorkspace(deps.db, click.teamId, deps.now());
  await client.views.open({ trigger_id: click.triggerId, view: awayForm(deps, w, click.userId) });
}

export function registerCalendarActions(app: App, deps: AppDeps): void {
  app.action<BlockAction>(CALENDAR_COUNTRY_ACTION_ID, (args) => onCountryPicked(args, deps));
  app.action<BlockAction>(CLOSED_DAYS_REMOVE_ACTION_ID, (args) => onClosedDaysRemoved(args, deps));
  app.action<BlockAction>(AWAY_REMOVE_ACTION_ID, (args) => onAwayRemoved(args, deps));
  app.action<BlockAction>(HOME_CALENDAR_ACTION_ID, (args) => onHomeCalendar(args, deps));
  app.action<BlockAction>(HOME_AWAY_ACTION_ID, (args) => onHomeAway(args, deps));
}
