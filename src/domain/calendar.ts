// Periods (months and quarters) and business days in the workspace's time zone.
// Every date and zone calculation goes through luxon so DST and month lengths are never hand-rolled.

import { DateTime, IANAZone } from 'luxon';

export type Cadence = 'monthly' | 'quarterly';
/** Monthly '2026-11', quarterly '2026-Q4'. The shape of the key says which cadence it belongs to. */
export type PeriodKey = string;

const MONTHS_PER_PERIOD: Readonly<Record<Cadence, number>> = { monthly: 1, quarterly: 3 };
const MONTHLY_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTERLY_KEY = /^(\d{4})-Q([1-4])$/;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})$/;
/** English month names, as every label shows them: asking luxon for one builds a formatter each time. */
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

interface ParsedPeriod {
  readonly cadence: Cadence;
  /** First day of the period as a plain calendar date (UTC carries no DST, so day steps are exact). */
  readonly start: DateTime;
}

const notAPeriodKey = (key: string): RangeError =>
  new RangeError(`Not a period key: "${key}" (expected e.g. 2026-11 or 2026-Q4)`);

function parsePeriod(key: PeriodKey): ParsedPeriod {
  const monthly = MONTHLY_KEY.exec(key);
  if (monthly) return { cadence: 'monthly', start: calendarDate(Number(monthly[1]), Number(monthly[2])) };
  const quarterly = QUARTERLY_KEY.exec(key);
  if (quarterly) {
    const firstMonth = (Number(quarterly[2]) - 1) * 3 + 1;
    return { cadence: 'quarterly', start: calendarDate(Number(quarterly[1]), firstMonth) };
  }
  throw notAPeriodKey(key);
}

function calendarDate(year: number, month: number, day = 1): DateTime {
  return DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
}

// Built from numbers rather than toFormat so a non-Latin default locale cannot change the digits of a key.
function keyOf(cadence: Cadence, date: DateTime): PeriodKey {
  return cadence === 'monthly'
    ? `${date.year}-${String(date.month).padStart(2, '0')}`
    : `${date.year}-Q${date.quarter}`;
}

function requireZone(zone: string): void {
  if (!isValidZone(zone)) throw new RangeError(`Unknown time zone: "${zone}"`);
}

function inZone(instant: Date, zone: string): DateTime {
  requireZone(zone);
  return DateTime.fromJSDate(instant, { zone });
}

/** Throws on a malformed key; use `isPeriodKey` to test first. */
export function cadenceOf(key: PeriodKey): Cadence {
  return parsePeriod(key).cadence;
}

export function isPeriodKey(key: string): boolean {
  return MONTHLY_KEY.test(key) || QUARTERLY_KEY.test(key);
}

export function periodOf(cadence: Cadence, instant: Date, zone: string): PeriodKey {
  return keyOf(cadence, inZone(instant, zone));
}

function shiftPeriod(key: PeriodKey, periods: number): PeriodKey {
  const { cadence, start } = parsePeriod(key);
  return keyOf(cadence, start.plus({ months: periods * MONTHS_PER_PERIOD[cadence] }));
}

export function previousPeriod(key: PeriodKey): PeriodKey {
  return shiftPeriod(key, -1);
}

export function nextPeriod(key: PeriodKey): PeriodKey {
  return shiftPeriod(key, 1);
}

/** `b - a` counted in periods. Both keys must have the same cadence. */
export function periodsBetween(a: PeriodKey, b: PeriodKey): number {
  const from = parsePeriod(a);
  const to = parsePeriod(b);
  if (from.cadence !== to.cadence) {
    throw new RangeError(`Cannot count periods between ${a} (${from.cadence}) and ${b} (${to.cadence})`);
  }
  return Math.round(to.start.diff(from.start, 'months').months / MONTHS_PER_PERIOD[from.cadence]);
}

/**
 * The days a plant works: weekdays in `zone` that are neither a public holiday of its calendar nor one of its own
 * closed days. Built in holidays.ts from the workspace's settings.
 */
export interface WorkCalendar {
  readonly zone: string;
  /** Why this local date ('YYYY-MM-DD') is not worked ("Christmas Day", "Summer shutdown"), or null when it is. */
  dayOff(date: string): string | null;
}

/** A bare zone means weekdays only, no holidays: what a workspace without a holiday calendar keeps. */
export type ZoneOrCalendar = string | WorkCalendar;

export const calendarZone = (days: ZoneOrCalendar): string => (typeof days === 'string' ? days : days.zone);

/** Monday to Friday, less the calendar's holidays and closed days. `date` is read as a local calendar date. */
export function isBusinessDay(date: DateTime, days: ZoneOrCalendar = 'UTC'): boolean {
  if (date.weekday > 5) return false;
  return typeof days === 'string' || days.dayOff(isoDate(date)) === null;
}

// Built from numbers so a non-Latin default locale cannot change the digits.
function isoDate(date: DateTime): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** The local calendar date ('YYYY-MM-DD') of an instant in `zone`. */
export function localDateOf(instant: Date, zone: string): string {
  return isoDate(inZone(instant, zone));
}

/**
 * The n-th business day (1-based) of the period at the given local wall time in the calendar's zone.
 * A wall time that does not exist that day (inside a spring-forward gap) moves forward by the gap, as luxon does.
 */
export function nthBusinessDayAt(key: PeriodKey, n: number, time: string, days: ZoneOrCalendar): Date {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`Business day must be a whole number from 1, got ${n}`);
  const timeOfDay = parseTimeOfDay(time);
  if (!timeOfDay) throw new RangeError(`Not a time of day: "${time}" (expected HH:MM)`);
  const zone = calendarZone(days);
  requireZone(zone);

  const { cadence, start } = parsePeriod(key);
  const end = start.plus({ months: MONTHS_PER_PERIOD[cadence] });
  let seen = 0;
  for (let day = start; day < end; day = day.plus({ days: 1 })) {
    if (!isBusinessDay(day, days)) continue;
    seen += 1;
    if (seen === n) {
      return DateTime.fromObject(
        { year: day.year, month: day.month, day: day.day, ...timeOfDay },
        { zone },
      ).toJSDate();
    }
  }
  throw new RangeError(`${key} has only ${seen} business days, so business day ${n} does not exist`);
}

/**
 * Moves `n` business days (negative goes back) and keeps the local wall time in the calendar's zone, so 09:00
 * stays 09:00 across a DST change. Starting on a weekend or a holiday, one business day forward is the next
 * working day.
 */
export function addBusinessDays(instant: Date, n: number, days: ZoneOrCalendar): Date {
  if (!Number.isInteger(n)) throw new RangeError(`Business days must be a whole number, got ${n}`);
  const origin = inZone(instant, calendarZone(days));
  const step = Math.sign(n);
  let remaining = Math.abs(n);
  let calendarDays = 0;
  while (remaining > 0) {
    calendarDays += step;
    if (isBusinessDay(origin.plus({ days: calendarDays }), days)) remaining -= 1;
  }
  // One addition from the origin, so a wall time shifted by a DST gap on a passing day is not carried along.
  return origin.plus({ days: calendarDays }).toJSDate();
}

/**
 * IANA names only (what Slack reports for users), e.g. 'America/Chicago'. Asked through luxon's zone cache:
 * `IANAZone.isValidZone` builds an Intl.DateTimeFormat on every call (~15 us), and every date calculation
 * checks its zone, so a Home tab or a summary would build hundreds.
 */
export function isValidZone(zone: string): boolean {
  return zone.length > 0 && IANAZone.create(zone).isValid;
}

/** 'HH:MM' on a 24-hour clock; a single-digit hour ('9:00') is accepted. */
export function parseTimeOfDay(s: string): { hour: number; minute: number } | null {
  const match = TIME_OF_DAY.exec(s.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/** Named for its common use, but takes either cadence: '2026-10' -> 'October 2026', '2026-Q3' -> 'Q3 2026'. */
export function monthLabel(key: PeriodKey): string {
  // Read off the key itself: lists label a month per line, and a luxon date per label shows in the Home tab.
  const monthly = MONTHLY_KEY.exec(key);
  if (monthly) return `${MONTH_NAMES[Number(monthly[2]) - 1]} ${monthly[1]}`;
  const quarterly = QUARTERLY_KEY.exec(key);
  if (quarterly) return `Q${quarterly[2]} ${quarterly[1]}`;
  throw notAPeriodKey(key);
}

export function monthsOfQuarter(key: PeriodKey): PeriodKey[] {
  const { cadence, start } = parsePeriod(key);
  if (cadence !== 'quarterly') throw new RangeError(`${key} is not a quarter`);
  return [0, 1, 2].map((offset) => keyOf('monthly', start.plus({ months: offset })));
}
