import type { App, ViewSubmitAction } from '@slack/bolt';
import { checkAwayRange } from '../../domain/away.js';
import { localDateOf } from '../../domain/calendar.js';
import {
  checkClosedDays,
  type HolidayChoice,
  isKnownPlace,
  placeName,
  placeOf,
} from '../../domain/holidays.js';
import { zoneOf } from '../../domain/workspace.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { addClosedDays, markAway, saveHolidayChoice } from '../../usecases/calendar.js';
import {
  AWAY_BLOCKS,
  AWAY_CALLBACK_ID,
  awaySavedText,
  CALENDAR_BLOCKS,
  CALENDAR_CALLBACK_ID,
  CALENDAR_COUNTRY_ACTION_ID,
  calendarRegionBlockId,
  calendarSavedText,
  NO_HOLIDAYS,
} from '../../views/calendar.js';
import { dateAnswer, optionAnswer, textAnswer, userAnswer } from '../../views/kit.js';
import { CALENDAR_REFUSAL } from '../commands/calendar.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { runsWorkspace } from '../roles.js';
import { guarded, notice, readSubmission, type ViewArgs } from './submission.js';

async function onCalendarSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const w = ensureWorkspace(deps.db, s.teamId, deps.now());
  if (!(await runsWorkspace(client, deps, s.teamId, s.userId))) {
    await ack(notice('Not saved', CALENDAR_REFUSAL));
    return;
  }
  const country = s.values[CALENDAR_BLOCKS.country]?.[CALENDAR_COUNTRY_ACTION_ID]?.selected_option?.value;
  const errors: Record<string, string> = {};
  let choice: HolidayChoice | null = null;
  if (country === NO_HOLIDAYS) choice = { kind: 'none' };
  else if (country) {
    const place = placeOf(country, optionAnswer(s.values, calendarRegionBlockId(country)) ?? '');
    if (isKnownPlace(place)) choice = { kind: 'place', place };
  }
  if (choice === null) errors[CALENDAR_BLOCKS.country] = 'Pick a country, or "No public holidays".';

  const label = textAnswer(s.values, CALENDAR_BLOCKS.closedLabel);
  const closed = checkClosedDays({
    firstDay: dateAnswer(s.values, CALENDAR_BLOCKS.closedFirst),
    lastDay: dateAnswer(s.values, CALENDAR_BLOCKS.closedLast),
    named: label !== '',
  });
  if (!closed.ok) {
    errors[closed.field === 'last' ? CALENDAR_BLOCKS.closedLast : CALENDAR_BLOCKS.closedFirst] =
      closed.message;
  }
  if (choice === null || !closed.ok || Object.keys(errors).length > 0) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  const now = deps.now();
  saveHolidayChoice(deps.db, now, { teamId: w.teamId, actorId: s.userId, choice });
  const added =
    closed.value === null
      ? null
      : addClosedDays(deps.db, now, {
          teamId: w.teamId,
          actorId: s.userId,
          ...closed.value,
          label: label === '' ? 'Plant closed' : label,
          viewId: s.viewId,
        });
  const name = choice.kind === 'place' ? placeName(choice.place) : null;
  await ack(notice('Calendar saved', calendarSavedText({ placeName: name, added })));
  await publishHome(client, deps, w.teamId, s.userId);
}

async function onAwaySubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const w = ensureWorkspace(deps.db, s.teamId, deps.now());
  const forAnyone = s.userId === w.portfolioOwnerId;
  const personId = (forAnyone ? userAnswer(s.values, AWAY_BLOCKS.person) : null) ?? s.userId;
  const delegateId = userAnswer(s.values, AWAY_BLOCKS.delegate);
  const checked = checkAwayRange({
    firstDay: dateAnswer(s.values, AWAY_BLOCKS.first),
    lastDay: dateAnswer(s.values, AWAY_BLOCKS.last),
    personId,
    delegateId,
    today: localDateOf(deps.now(), zoneOf(w)),
  });
  if (!checked.ok) {
    const block =
      checked.field === 'first'
        ? AWAY_BLOCKS.first
        : checked.field === 'delegate'
          ? AWAY_BLOCKS.delegate
          : AWAY_BLOCKS.last;
    await ack({ response_action: 'errors', errors: { [block]: checked.message } });
    return;
  }
  const saved = markAway(deps.db, deps.now(), {
    teamId: w.teamId,
    actorId: s.userId,
    range: { personId, delegateId, ...checked.value },
    viewId: s.viewId,
  });
  const text = saved ? awaySavedText(saved, s.userId) : 'Saved.';
  await ack(notice('Dates away', text));
  await publishHome(client, deps, w.teamId, s.userId);
}

export function registerCalendarViews(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(CALENDAR_CALLBACK_ID, guarded(deps, onCalendarSubmitted));
  app.view<ViewSubmitAction>(AWAY_CALLBACK_ID, guarded(deps, onAwaySubmitted));
}
