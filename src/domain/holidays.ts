// A plant's real calendar: the public holidays of its country (and state or region), from the date-holidays
// library, which ships its rules with the package and never fetches anything, plus the plant's own closed days.

import Holidays, { type HolidaysTypes } from 'date-holidays';
import { data as shippedData } from 'date-holidays/data';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ISO_DATE } from './away.js';
import type { WorkCalendar } from './calendar.js';
import type { ParseResult } from './money.js';

/** Where the plant's public holidays come from: an ISO country code, optionally a state and a region in it. */
export interface HolidayPlace {
  readonly country: string;
  readonly state: string | null;
  readonly region: string | null;
}

/**
 * What the workspace chose: nothing yet (follow the time zone where it names one country), no public
 * holidays at all, or a place.
 */
export type HolidayChoice =
  | { readonly kind: 'from-zone' }
  | { readonly kind: 'none' }
  | { readonly kind: 'place'; readonly place: HolidayPlace };

/** A run of days the plant is closed (a shutdown week), both ends included, as local dates 'YYYY-MM-DD'. */
export interface ClosedDays {
  readonly id: number;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly label: string;
}

const LANGUAGE = 'en';
/** Only days off by law count: bank, school and observance days are worked in most plants. */
const TYPES: HolidaysTypes.HolidayType[] = ['public'];

const catalogue = new Holidays();

export interface NamedCode {
  readonly code: string;
  readonly name: string;
}

const byName = (a: NamedCode, b: NamedCode) => a.name.localeCompare(b.name, 'en');
const entries = (codes: Record<string, string> | undefined): NamedCode[] =>
  Object.entries(codes ?? {})
    .map(([code, name]) => ({ code, name }))
    .sort(byName);

/** Every country the library knows, by English name. */
export function holidayCountries(): NamedCode[] {
  return entries(catalogue.getCountries(LANGUAGE));
}

/**
 * The states of a country and the regions inside them, as one list of choices: code 'TX' for a state,
 * 'LA/NO' for a region of a state. Empty for a country whose holidays are the same everywhere.
 */
export function holidayRegions(country: string): NamedCode[] {
  const states = entries(catalogue.getStates(country, LANGUAGE));
  return states.flatMap((state) => [
    state,
    ...entries(catalogue.getRegions(country, state.code, LANGUAGE)).map((region) => ({
      code: `${state.code}/${region.code}`,
      name: `${state.name}: ${region.name}`,
    })),
  ]);
}

/** 'TX' -> state TX; 'LA/NO' -> state LA, region NO; '' -> the whole country. */
export function placeOf(country: string, regionCode: string): HolidayPlace {
  const [state, region] = regionCode === '' ? [] : regionCode.split('/');
  return { country, state: state ?? null, region: region ?? null };
}

export function regionCodeOf(place: HolidayPlace): string {
  if (place.state === null) return '';
  return place.region === null ? place.state : `${place.state}/${place.region}`;
}

/** True when the library knows the country, and the state and region when given. */
export function isKnownPlace(place: HolidayPlace): boolean {
  if (!(place.country in catalogue.getCountries(LANGUAGE))) return false;
  if (place.state === null) return place.region === null;
  return holidayRegions(place.country).some((r) => r.code === regionCodeOf(place));
}

/** "United States, Texas" */
export function placeName(place: HolidayPlace): string {
  const country = catalogue.getCountries(LANGUAGE)[place.country] ?? place.country;
  const region = holidayRegions(place.country).find((r) => r.code === regionCodeOf(place));
  return region ? `${country}, ${region.name}` : country;
}

/** The zones each country's rules list, as the library ships them. */
const shippedRules = z.object({
  holidays: z.record(z.string(), z.looseObject({ zones: z.array(z.string()).optional() })),
});

let countriesByZone: Map<string, string[]> | undefined;

/**
 * The country a time zone belongs to, when exactly one country uses it (America/Chicago: US). Europe/Zurich
 * (Switzerland and Liechtenstein) or UTC name no single country: null, and the workspace picks one.
 */
export function countryForZone(zone: string): string | null {
  if (!countriesByZone) {
    countriesByZone = new Map();
    for (const [country, rules] of Object.entries(shippedRules.parse(shippedData).holidays)) {
      for (const listed of rules.zones ?? []) {
        countriesByZone.set(listed, [...(countriesByZone.get(listed) ?? []), country]);
      }
    }
  }
  const countries = countriesByZone.get(zone) ?? [];
  return countries.length === 1 ? (countries[0] ?? null) : null;
}

/** The place whose holidays apply: the one chosen, or the time zone's country until one is. */
export function effectivePlace(choice: HolidayChoice, zone: string): HolidayPlace | null {
  switch (choice.kind) {
    case 'none':
      return null;
    case 'place':
      return choice.place;
    case 'from-zone': {
      const country = countryForZone(zone);
      return country === null ? null : { country, state: null, region: null };
    }
  }
}

const holidaysByPlaceYear = new Map<string, ReadonlyMap<string, string>>();

/**
 * Local date -> holiday name for one year, substitute days included (a US holiday on a Saturday is observed on
 * the Friday, and plants close then). Cached: the rules are fixed for the life of the process.
 */
export function publicHolidays(place: HolidayPlace, year: number): ReadonlyMap<string, string> {
  const key = `${place.country}/${place.state ?? ''}/${place.region ?? ''}/${year}`;
  let days = holidaysByPlaceYear.get(key);
  if (!days) {
    const calendar = new Holidays(place.country, place.state ?? '', place.region ?? '', {
      languages: LANGUAGE,
      types: TYPES,
    });
    const found = new Map<string, string>();
    for (const holiday of calendar.getHolidays(year, LANGUAGE)) {
      // "2027-12-24 00:00:00": the local date comes first.
      const date = holiday.date.slice(0, 10);
      if (!found.has(date)) found.set(date, holiday.name);
    }
    days = found;
    holidaysByPlaceYear.set(key, days);
  }
  return days;
}

/** The plant's working calendar: weekdays in `zone` less the place's public holidays and the closed days. */
export function workCalendar(p: {
  zone: string;
  place: HolidayPlace | null;
  closed: readonly ClosedDays[];
}): WorkCalendar {
  const { place, closed } = p;
  return {
    zone: p.zone,
    dayOff(date: string): string | null {
      // 'YYYY-MM-DD' strings compare as dates.
      const shutdown = closed.find((c) => c.firstDay <= date && date <= c.lastDay);
      if (shutdown) return shutdown.label;
      return place === null ? null : (publicHolidays(place, Number(date.slice(0, 4))).get(date) ?? null);
    },
  };
}

/** The next `count` weekdays off from `from` ('YYYY-MM-DD', included), looking a year ahead at most. */
export function nextDaysOff(
  calendar: WorkCalendar,
  from: string,
  count: number,
): { readonly date: string; readonly name: string }[] {
  const found: { date: string; name: string }[] = [];
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  for (let i = 0; i < 366 && found.length < count; i += 1) {
    const day = start.plus({ days: i });
    if (day.weekday > 5) continue;
    const date = day.toISODate() ?? '';
    const name = calendar.dayOff(date);
    if (name !== null) found.push({ date, name });
  }
  return found;
}

/**
 * Checks closed days as picked in the modal: a single day when only the first is picked, in order. Nothing
 * picked and no name: nothing to add.
 */
export function checkClosedDays(p: {
  firstDay: string | null;
  lastDay: string | null;
  named: boolean;
}): ParseResult<{ firstDay: string; lastDay: string } | null> & { field?: 'first' | 'last' } {
  if (p.firstDay === null) {
    return p.lastDay === null && !p.named
      ? { ok: true, value: null }
      : { ok: false, message: 'Pick the first closed day.', field: 'first' };
  }
  const lastDay = p.lastDay ?? p.firstDay;
  if (!ISO_DATE.test(p.firstDay) || !ISO_DATE.test(lastDay))
    return { ok: false, message: 'Pick the days from the calendar.', field: 'first' };
  if (lastDay < p.firstDay)
    return { ok: false, message: 'The last closed day comes on or after the first.', field: 'last' };
  return { ok: true, value: { firstDay: p.firstDay, lastDay } };
}
