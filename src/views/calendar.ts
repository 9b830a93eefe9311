// The plant's calendar on Slack: the holidays-and-closed-days modal, the away modal, and the sentence that says
// what "business day" means for this workspace (on the Home tab's schedule and `/maturity rituals`).

import type { ActionsBlock, InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { AwayRange } from '../domain/away.js';
import type { ClosedDays, HolidayPlace, NamedCode } from '../domain/holidays.js';
import {
  actions,
  context,
  INPUT_ACTION_ID,
  LIMITS,
  modal,
  option,
  plain,
  section,
  textInput,
  userInput,
} from './kit.js';
import { escapeMrkdwn, formatWeekday, mention } from './mrkdwn.js';

export const CALENDAR_CALLBACK_ID = 'calendar_settings';
export const AWAY_CALLBACK_ID = 'away';

export const CALENDAR_BLOCKS = {
  country: 'calendar_country',
  closedFirst: 'calendar_closed_first',
  closedLast: 'calendar_closed_last',
  closedLabel: 'calendar_closed_label',
  closedList: 'calendar_closed_list',
  nextDaysOff: 'calendar_next_days_off',
} as const;
/** One block id per country, so a state picked for one country never rides along when the country changes. */
export const calendarRegionBlockId = (country: string): string => `calendar_region_${country}`;
export const closedDaysBlockId = (id: number): string => `calendar_closed_${id}`;

export const AWAY_BLOCKS = {
  person: 'away_person',
  first: 'away_first',
  last: 'away_last',
  delegate: 'away_delegate',
  list: 'away_list',
} as const;
export const awayRangeBlockId = (id: number): string => `away_range_${id}`;

/** The country menu dispatches its pick so the state menu can follow it. */
export const CALENDAR_COUNTRY_ACTION_ID = 'calendar_country_pick';
export const CLOSED_DAYS_REMOVE_ACTION_ID = 'calendar_closed_remove';
export const AWAY_REMOVE_ACTION_ID = 'away_remove';
export const HOME_CALENDAR_ACTION_ID = 'calendar_open';
export const HOME_AWAY_ACTION_ID = 'away_open';

/** The country menu's value for "no public holidays". */
export const NO_HOLIDAYS = 'none';

/** What the calendar modal shows: the place whose holidays apply now, and what a person can pick from. */
export interface CalendarForm {
  /** The country shown in the menu (chosen, or the time zone's): null for "no public holidays". */
  readonly country: string | null;
  readonly regionCode: string;
  /** True while the workspace follows its time zone rather than a chosen country. */
  readonly fromZone: boolean;
  readonly zone: string;
  readonly countries: readonly NamedCode[];
  /** The states and regions of `country`. */
  readonly regions: readonly NamedCode[];
  readonly closed: readonly ClosedDays[];
  readonly nextDaysOff: readonly DayOff[];
}

export interface DayOff {
  readonly date: string;
  readonly name: string;
}

/** "Thu Nov 26, 2026", read as a calendar date with no zone to shift it. */
export function dayLabel(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return formatWeekday(new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)), 'UTC', true);
}

export const rangeLabel = (first: string, last: string): string =>
  first === last ? dayLabel(first) : `${dayLabel(first)} to ${dayLabel(last)}`;

const letterOf = (name: string): string => name.normalize('NFD').charAt(0).toUpperCase();

/** Countries grouped by first letter: Slack allows 100 options a menu, and the library knows about 200. */
function countryMenu(p: CalendarForm): InputBlock {
  const groups = new Map<string, PlainTextOption[]>();
  for (const c of p.countries) {
    const letter = letterOf(c.name);
    groups.set(letter, [...(groups.get(letter) ?? []), option(c.name, c.code)]);
  }
  const none = option('No public holidays', NO_HOLIDAYS);
  const optionGroups = [
    { label: plain('None', 75), options: [none] },
    ...[...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en'))
      .map(([letter, options]) => ({ label: plain(letter, 75), options })),
  ];
  const initial =
    p.country === null ? none : optionGroups.flatMap((g) => g.options).find((o) => o.value === p.country);
  return {
    type: 'input',
    block_id: CALENDAR_BLOCKS.country,
    dispatch_action: true,
    label: plain('Whose public holidays does the plant keep?', 2000),
    hint: plain(
      p.fromZone
        ? `Until someone picks, this follows the time zone (${p.zone}) when it belongs to one country.`
        : 'Pick the country the plant is in. Its public holidays are not business days.',
      2000,
    ),
    element: {
      type: 'static_select',
      action_id: CALENDAR_COUNTRY_ACTION_ID,
      placeholder: plain('Pick a country', 150),
      option_groups: optionGroups,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function regionMenu(p: CalendarForm): InputBlock[] {
  if (p.country === null || p.regions.length === 0) return [];
  const options = p.regions.map((r) => option(r.name, r.code));
  const initial = options.find((o) => o.value === p.regionCode);
  return [
    {
      type: 'input',
      block_id: calendarRegionBlockId(p.country),
      optional: true,
      label: plain('State or region (optional)', 2000),
      hint: plain(
        'Only if the plant keeps its state’s or region’s holidays too. Empty: the national ones.',
        2000,
      ),
      element: {
        type: 'static_select',
        action_id: INPUT_ACTION_ID,
        placeholder: plain('The whole country', 150),
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    },
  ];
}

function datePicker(spec: { blockId: string; label: string; hint?: string; optional: boolean }): InputBlock {
  return {
    type: 'input',
    block_id: spec.blockId,
    optional: spec.optional,
    label: plain(spec.label, 2000),
    ...(spec.hint ? { hint: plain(spec.hint, 2000) } : {}),
    element: { type: 'datepicker', action_id: INPUT_ACTION_ID, placeholder: plain('Pick a date', 150) },
  };
}

function closedDaysBlocks(closed: readonly ClosedDays[]): KnownBlock[] {
  if (closed.length === 0) {
    return [section('*Closed days:* none yet. Add a shutdown week below.', CALENDAR_BLOCKS.closedList)];
  }
  // Room for the other blocks of the modal within Slack's 100.
  const shown = closed.slice(0, 40);
  return [
    section('*Closed days* (not business days):', CALENDAR_BLOCKS.closedList),
    ...shown.map((c) => ({
      ...section(`${rangeLabel(c.firstDay, c.lastDay)}: ${escapeMrkdwn(c.label)}`, closedDaysBlockId(c.id)),
      accessory: {
        type: 'button' as const,
        text: plain('Remove', LIMITS.buttonText),
        action_id: CLOSED_DAYS_REMOVE_ACTION_ID,
        value: String(c.id),
      },
    })),
  ];
}

/** The modal that sets the public holidays and the plant's closed days. */
export function calendarModal(p: CalendarForm): ModalView {
  const next =
    p.nextDaysOff.length === 0
      ? 'No weekday off in the coming year.'
      : `Next weekdays off: ${p.nextDaysOff.map((d) => `${dayLabel(d.date)} (${escapeMrkdwn(d.name)})`).join(', ')}.`;
  return modal({
    callbackId: CALENDAR_CALLBACK_ID,
    title: 'Holidays and closed days',
    submit: 'Save',
    blocks: [
      section(
        'A business day is a weekday that is neither a public holiday below nor one of the plant’s closed days. The rituals count business days with this calendar.',
      ),
      countryMenu(p),
      ...regionMenu(p),
      context([next], CALENDAR_BLOCKS.nextDaysOff),
      ...closedDaysBlocks(p.closed),
      datePicker({
        blockId: CALENDAR_BLOCKS.closedFirst,
        label: 'Add closed days: first day',
        hint: 'A shutdown week, a plant holiday.',
        optional: true,
      }),
      datePicker({
        blockId: CALENDAR_BLOCKS.closedLast,
        label: 'Last closed day',
        hint: 'The same day for a single day.',
        optional: true,
      }),
      textInput({
        blockId: CALENDAR_BLOCKS.closedLabel,
        label: 'What are they called? (optional)',
        placeholder: 'Summer shutdown',
        optional: true,
        maxLength: 60,
      }),
    ],
  });
}

/** What the modal says after a save. */
export function calendarSavedText(p: { placeName: string | null; added: ClosedDays | null }): string {
  const holidays = p.placeName === null ? 'no public holidays' : `the public holidays of ${p.placeName}`;
  const added = p.added
    ? ` Added closed days: ${rangeLabel(p.added.firstDay, p.added.lastDay)} (${escapeMrkdwn(p.added.label)}).`
    : '';
  return `Business days now skip weekends, ${holidays} and the plant’s closed days.${added}`;
}

// ---- People away ----

export interface AwayForm {
  readonly viewerId: string;
  /** The portfolio owner may mark anyone away; everyone else marks themselves. */
  readonly forAnyone: boolean;
  /** Ranges the viewer may remove, soonest first. */
  readonly ranges: readonly AwayRange[];
}

function awayLine(r: AwayRange, viewerId: string): string {
  const self = r.personId === viewerId;
  const who = self ? 'You' : mention(r.personId);
  const delegate = r.delegateId
    ? `; ${mention(r.delegateId)} reports on ${self ? 'your' : 'their'} behalf`
    : `; nobody reports for ${self ? 'you' : 'them'}`;
  return `${who}: ${rangeLabel(r.firstDay, r.lastDay)}${delegate}`;
}

export function awayModal(p: AwayForm): ModalView {
  const list: KnownBlock[] =
    p.ranges.length === 0
      ? []
      : [
          section('*Dates away already set:*', AWAY_BLOCKS.list),
          ...p.ranges.slice(0, 40).map((r) => ({
            ...section(awayLine(r, p.viewerId), awayRangeBlockId(r.id)),
            accessory: {
              type: 'button' as const,
              text: plain('Remove', LIMITS.buttonText),
              action_id: AWAY_REMOVE_ACTION_ID,
              value: String(r.id),
            },
          })),
        ];
  return modal({
    callbackId: AWAY_CALLBACK_ID,
    title: 'Dates away',
    submit: 'Save',
    blocks: [
      section(
        'While you are away you get no prompts or reminders. The person you name reports for you, marked as on your behalf; with nobody named, your agents show as away in the review, not as missed. A leader away gets no vote reminder (nor does the person they name: only leaders vote), and one away when a vote closes does not count toward its quorum unless they voted.',
      ),
      ...(p.forAnyone
        ? [
            userInput({
              blockId: AWAY_BLOCKS.person,
              label: 'Who is away?',
              hint: 'You, or as portfolio owner, anyone.',
              initial: p.viewerId,
            }),
          ]
        : []),
      datePicker({ blockId: AWAY_BLOCKS.first, label: 'First day away', optional: false }),
      datePicker({ blockId: AWAY_BLOCKS.last, label: 'Last day away', optional: false }),
      userInput({
        blockId: AWAY_BLOCKS.delegate,
        label: 'Who reports for you while you are away (optional)',
        hint: 'They get your prompts and reminders and report on your behalf.',
        optional: true,
      }),
      ...list,
    ],
  });
}

export function awaySavedText(r: AwayRange, viewerId: string): string {
  return `Saved. ${awayLine(r, viewerId)}.`;
}

// ---- What "business day" means here ----

export interface BusinessDaysInfo {
  readonly place: HolidayPlace | null;
  readonly placeName: string | null;
  readonly fromZone: boolean;
  readonly closed: readonly ClosedDays[];
  readonly nextDaysOff: readonly DayOff[];
}

/** "Business days: Monday to Friday, less the public holidays of United States and 1 closed period. Next off: …" */
export function businessDaysText(info: BusinessDaysInfo): string {
  const holidays =
    info.placeName === null
      ? 'no public holidays (pick a country in `/maturity calendar`)'
      : `the public holidays of ${info.placeName}${info.fromZone ? ' (from the time zone)' : ''}`;
  const closed =
    info.closed.length === 0
      ? 'no closed days'
      : `${info.closed.length} closed ${info.closed.length === 1 ? 'period' : 'periods'}`;
  const next = info.nextDaysOff[0];
  const nextText = next ? ` Next weekday off: ${dayLabel(next.date)} (${escapeMrkdwn(next.name)}).` : '';
  return `*Business days:* Monday to Friday, less ${holidays} and ${closed}.${nextText}`;
}

/** The Home tab's buttons for the calendar: dates away for anyone, holidays for those who set them. */
export function calendarActions(manage: boolean): ActionsBlock {
  return actions('home_calendar', [
    { text: 'Mark dates away', actionId: HOME_AWAY_ACTION_ID },
    ...(manage ? [{ text: 'Holidays and closed days', actionId: HOME_CALENDAR_ACTION_ID }] : []),
  ]);
}
