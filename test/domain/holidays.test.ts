import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addBusinessDays, isBusinessDay, nthBusinessDayAt } from '../../src/domain/calendar.js';
import {
  checkClosedDays,
  countryForZone,
  effectivePlace,
  holidayCountries,
  holidayRegions,
  isKnownPlace,
  nextDaysOff,
  placeName,
  placeOf,
  publicHolidays,
  regionCodeOf,
  workCalendar,
} from '../../src/domain/holidays.js';

const place = (country: string, state: string | null = null) => ({ country, state, region: null });
const calendarOf = (zone: string, country: string | null, state: string | null = null) =>
  workCalendar({ zone, place: country === null ? null : place(country, state), closed: [] });

/** Wall time in `zone`, e.g. 'Mon 2027-01-04 09:00'. */
const wall = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');
const day = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });

describe('public holidays, 2026 to 2028', () => {
  it('knows the US federal holidays, with the observed Friday or Monday when one falls on a weekend', () => {
    const us = (year: number) => [...publicHolidays(place('US'), year).keys()];
    expect(us(2026)).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-05-25',
        '2026-07-03',
        '2026-09-07',
        '2026-11-26',
        '2026-12-25',
      ]),
    );
    // 2027: Christmas on a Saturday is observed on Friday the 24th; New Year 2028, also a Saturday, on the 31st.
    expect(us(2027)).toEqual(
      expect.arrayContaining(['2027-01-01', '2027-12-24', '2027-12-31', '2027-11-25']),
    );
    expect(us(2028)).toEqual(expect.arrayContaining(['2028-07-04', '2028-11-23', '2028-12-25']));
    expect(publicHolidays(place('US'), 2026).get('2026-11-26')).toBe('Thanksgiving Day');
  });

  it('knows the bank holidays of England, Easter and substitute days included', () => {
    const eng = (year: number) => [...publicHolidays(place('GB', 'ENG'), year).keys()];
    expect(eng(2026)).toEqual(
      expect.arrayContaining(['2026-04-03', '2026-04-06', '2026-08-31', '2026-12-28']),
    );
    expect(eng(2027)).toEqual(
      expect.arrayContaining(['2027-03-26', '2027-03-29', '2027-12-27', '2027-12-28']),
    );
    expect(eng(2028)).toEqual(expect.arrayContaining(['2028-01-03', '2028-04-14', '2028-05-01']));
  });

  it('knows German national holidays, and a state adds its own', () => {
    const de = (year: number, state: string | null = null) => [
      ...publicHolidays(place('DE', state), year).keys(),
    ];
    expect(de(2026)).toEqual(expect.arrayContaining(['2026-05-14', '2026-05-25', '2026-10-03']));
    expect(de(2027)).toEqual(expect.arrayContaining(['2027-05-06', '2027-05-17']));
    expect(de(2028)).toEqual(expect.arrayContaining(['2028-05-25', '2028-06-05']));
    expect(de(2026)).not.toContain('2026-01-06');
    expect(de(2026, 'BY')).toContain('2026-01-06');
  });

  it('knows Mexican holidays on their Mondays', () => {
    const mx = (year: number) => [...publicHolidays(place('MX'), year).keys()];
    expect(mx(2026)).toEqual(
      expect.arrayContaining(['2026-02-02', '2026-03-16', '2026-09-16', '2026-11-16']),
    );
    expect(mx(2027)).toEqual(expect.arrayContaining(['2027-02-01', '2027-03-15', '2027-11-15']));
    expect(mx(2028)).toEqual(expect.arrayContaining(['2028-02-07', '2028-03-20', '2028-11-20']));
  });

  it('counts only days off by law, not observances', () => {
    // Valentine's day and Halloween are in the library as observances, never as days off.
    expect(publicHolidays(place('US'), 2027).has('2027-02-14')).toBe(false);
    expect(publicHolidays(place('US'), 2027).has('2027-10-31')).toBe(false);
  });

  it('never reaches for the network', () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    publicHolidays(place('JP'), 2031);
    holidayRegions('AU');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('business days with holidays', () => {
  afterEach(() => vi.restoreAllMocks());

  it('skips New Year 2027 (a Friday): the first business day of January is Monday the 4th', () => {
    const chicago = calendarOf('America/Chicago', 'US');
    expect(wall(nthBusinessDayAt('2027-01', 1, '09:00', chicago), 'America/Chicago')).toBe(
      'Mon 2027-01-04 09:00',
    );
    // Without a calendar, the Friday counts.
    expect(wall(nthBusinessDayAt('2027-01', 1, '09:00', 'America/Chicago'), 'America/Chicago')).toBe(
      'Fri 2027-01-01 09:00',
    );
  });

  it('counts across Easter in England and Ascension in Germany', () => {
    const london = calendarOf('Europe/London', 'GB', 'ENG');
    // Thursday 25 March 2027, 09:00 GMT, plus one business day: Good Friday, the weekend (when British Summer
    // Time starts) and Easter Monday are off, so Tuesday the 30th, still 09:00 on the wall.
    expect(wall(addBusinessDays(new Date('2027-03-25T09:00:00Z'), 1, london), 'Europe/London')).toBe(
      'Tue 2027-03-30 09:00',
    );
    const berlin = calendarOf('Europe/Berlin', 'DE');
    expect(isBusinessDay(day('2027-05-06'), berlin)).toBe(false);
    expect(isBusinessDay(day('2027-05-07'), berlin)).toBe(true);
  });

  it('skips a closed week and says why a day is off', () => {
    const shutdown = workCalendar({
      zone: 'America/Monterrey',
      place: place('MX'),
      closed: [{ id: 1, firstDay: '2027-07-26', lastDay: '2027-07-30', label: 'Summer shutdown' }],
    });
    expect(shutdown.dayOff('2027-07-28')).toBe('Summer shutdown');
    expect(shutdown.dayOff('2027-07-31')).toBeNull();
    expect(shutdown.dayOff('2027-09-16')).toBe('Independence Day');
    // Friday 23 July plus one business day jumps the whole week.
    const friday = DateTime.fromISO('2027-07-23T09:00', { zone: 'America/Monterrey' }).toJSDate();
    expect(wall(addBusinessDays(friday, 1, shutdown), 'America/Monterrey')).toBe('Mon 2027-08-02 09:00');
    // A month that starts inside the shutdown starts its business days after it.
    const starts = workCalendar({
      zone: 'America/Monterrey',
      place: null,
      closed: [{ id: 2, firstDay: '2027-12-27', lastDay: '2028-01-07', label: 'Year-end shutdown' }],
    });
    expect(wall(nthBusinessDayAt('2028-01', 1, '09:00', starts), 'America/Monterrey')).toBe(
      'Mon 2028-01-10 09:00',
    );
  });

  it('keeps the wall time across a DST change that falls between a holiday and the next business day', () => {
    // Europe: clocks go back on Sunday 25 October 2026; US: on Sunday 1 November 2026.
    const berlin = calendarOf('Europe/Berlin', 'DE');
    const friday = DateTime.fromISO('2026-10-23T10:00', { zone: 'Europe/Berlin' }).toJSDate();
    expect(wall(addBusinessDays(friday, 1, berlin), 'Europe/Berlin')).toBe('Mon 2026-10-26 10:00');
    const chicago = calendarOf('America/Chicago', 'US');
    // Veterans Day, Wednesday 11 November, is off; November's 7th business day is then Tuesday the 10th... and
    // the 8th is Thursday the 12th, at 09:00 CST after the change.
    expect(wall(nthBusinessDayAt('2026-11', 8, '09:00', chicago), 'America/Chicago')).toBe(
      'Thu 2026-11-12 09:00',
    );
    // Spring forward in the US on Sunday 14 March 2027: 09:00 stays 09:00.
    const before = DateTime.fromISO('2027-03-12T09:00', { zone: 'America/Chicago' }).toJSDate();
    expect(addBusinessDays(before, 1, chicago).toISOString()).toBe('2027-03-15T14:00:00.000Z');
  });

  it('lists the next weekdays off', () => {
    const chicago = calendarOf('America/Chicago', 'US');
    expect(nextDaysOff(chicago, '2026-11-20', 2)).toEqual([
      { date: '2026-11-26', name: 'Thanksgiving Day' },
      { date: '2026-12-25', name: 'Christmas Day' },
    ]);
  });
});

describe('which calendar applies', () => {
  it('takes the country from a time zone only when the zone names one country', () => {
    expect(countryForZone('America/Chicago')).toBe('US');
    expect(countryForZone('Europe/London')).toBe('GB');
    expect(countryForZone('Europe/Berlin')).toBe('DE');
    expect(countryForZone('America/Mexico_City')).toBe('MX');
    expect(countryForZone('Europe/Zurich')).toBeNull();
    expect(countryForZone('UTC')).toBeNull();
  });

  it('follows the zone until a choice is made, and a choice wins', () => {
    expect(effectivePlace({ kind: 'from-zone' }, 'America/Chicago')).toEqual(place('US'));
    expect(effectivePlace({ kind: 'from-zone' }, 'UTC')).toBeNull();
    expect(effectivePlace({ kind: 'none' }, 'America/Chicago')).toBeNull();
    expect(effectivePlace({ kind: 'place', place: place('MX') }, 'America/Chicago')).toEqual(place('MX'));
  });

  it('names and checks places, states and regions', () => {
    expect(holidayCountries().length).toBeGreaterThan(150);
    expect(holidayRegions('US')).toContainEqual({ code: 'LA/NO', name: 'Louisiana: New Orleans' });
    expect(placeOf('US', 'LA/NO')).toEqual({ country: 'US', state: 'LA', region: 'NO' });
    expect(regionCodeOf({ country: 'US', state: 'TX', region: null })).toBe('TX');
    expect(isKnownPlace({ country: 'US', state: 'TX', region: null })).toBe(true);
    expect(isKnownPlace({ country: 'US', state: 'XX', region: null })).toBe(false);
    expect(isKnownPlace({ country: 'ZZ', state: null, region: null })).toBe(false);
    expect(placeName({ country: 'DE', state: 'BY', region: null })).toBe('Germany, Bayern');
  });
});

describe('closed days as picked', () => {
  it('takes one day, a run of days, or nothing; refuses a run backwards or a name without days', () => {
    expect(checkClosedDays({ firstDay: null, lastDay: null, named: false })).toEqual({
      ok: true,
      value: null,
    });
    expect(checkClosedDays({ firstDay: '2027-07-26', lastDay: null, named: true })).toEqual({
      ok: true,
      value: { firstDay: '2027-07-26', lastDay: '2027-07-26' },
    });
    expect(checkClosedDays({ firstDay: '2027-07-26', lastDay: '2027-07-30', named: false }).ok).toBe(true);
    expect(checkClosedDays({ firstDay: '2027-07-30', lastDay: '2027-07-26', named: false })).toMatchObject({
      ok: false,
      field: 'last',
    });
    expect(checkClosedDays({ firstDay: null, lastDay: null, named: true })).toMatchObject({
      ok: false,
      field: 'first',
    });
  });
});
