import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  cadenceOf,
  isBusinessDay,
  isPeriodKey,
  isValidZone,
  monthLabel,
  monthsOfQuarter,
  nextPeriod,
  nthBusinessDayAt,
  parseTimeOfDay,
  periodOf,
  periodsBetween,
  previousPeriod,
} from '../../src/domain/calendar.js';

const CHICAGO = 'America/Chicago';
const BERLIN = 'Europe/Berlin';

/** Wall time in `zone`, e.g. 'Mon 2026-08-03 09:00'. */
function wall(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');
}

/** An instant from a local wall time in `zone`. */
function at(iso: string, zone: string): Date {
  return DateTime.fromISO(iso, { zone }).toJSDate();
}

describe('period keys', () => {
  it('places an instant in the month and quarter of the given zone, not UTC', () => {
    const lateOnOctober31InChicago = new Date('2026-11-01T03:00:00Z');
    expect(periodOf('monthly', lateOnOctober31InChicago, CHICAGO)).toBe('2026-10');
    expect(periodOf('monthly', lateOnOctober31InChicago, 'UTC')).toBe('2026-11');
    expect(periodOf('quarterly', new Date('2026-01-01T03:00:00Z'), CHICAGO)).toBe('2025-Q4');
    expect(periodOf('quarterly', new Date('2026-01-01T03:00:00Z'), BERLIN)).toBe('2026-Q1');
  });

  it('steps back and forward across the year boundary', () => {
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(nextPeriod('2025-12')).toBe('2026-01');
    expect(previousPeriod('2026-Q1')).toBe('2025-Q4');
    expect(nextPeriod('2025-Q4')).toBe('2026-Q1');
    expect(nextPeriod('2026-09')).toBe('2026-10');
    expect(previousPeriod('2026-Q3')).toBe('2026-Q2');
  });

  it('counts periods between two keys of the same cadence', () => {
    expect(periodsBetween('2025-11', '2026-02')).toBe(3);
    expect(periodsBetween('2026-02', '2025-11')).toBe(-3);
    expect(periodsBetween('2026-Q1', '2025-Q3')).toBe(-2);
    expect(periodsBetween('2026-Q4', '2027-Q1')).toBe(1);
    expect(periodsBetween('2026-05', '2026-05')).toBe(0);
    expect(() => periodsBetween('2026-01', '2026-Q1')).toThrow(RangeError);
  });

  it('rejects malformed keys', () => {
    for (const bad of ['2026-13', '2026-00', '2026-Q5', '2026-1', '26-01', '']) {
      expect(isPeriodKey(bad)).toBe(false);
      expect(() => previousPeriod(bad)).toThrow(RangeError);
    }
    expect(cadenceOf('2026-Q2')).toBe('quarterly');
    expect(cadenceOf('2026-02')).toBe('monthly');
  });

  it('labels months and quarters', () => {
    expect(monthLabel('2026-10')).toBe('October 2026');
    expect(monthLabel('2027-01')).toBe('January 2027');
    expect(monthLabel('2026-Q3')).toBe('Q3 2026');
  });

  it('lists the months of a quarter', () => {
    expect(monthsOfQuarter('2026-Q3')).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(monthsOfQuarter('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(() => monthsOfQuarter('2026-07')).toThrow(RangeError);
  });
});

describe('business days', () => {
  it('counts Monday to Friday only', () => {
    expect(isBusinessDay(DateTime.fromISO('2026-08-03'))).toBe(true); // Monday
    expect(isBusinessDay(DateTime.fromISO('2026-08-07'))).toBe(true); // Friday
    expect(isBusinessDay(DateTime.fromISO('2026-08-01'))).toBe(false); // Saturday
    expect(isBusinessDay(DateTime.fromISO('2026-08-02'))).toBe(false); // Sunday
  });

  it('moves the first business day off a weekend', () => {
    // 2026-08-01 is a Saturday, 2026-11-01 a Sunday.
    expect(wall(nthBusinessDayAt('2026-08', 1, '09:00', CHICAGO), CHICAGO)).toBe('Mon 2026-08-03 09:00');
    expect(wall(nthBusinessDayAt('2026-11', 1, '09:00', CHICAGO), CHICAGO)).toBe('Mon 2026-11-02 09:00');
    expect(wall(nthBusinessDayAt('2026-10', 1, '09:00', CHICAGO), CHICAGO)).toBe('Thu 2026-10-01 09:00');
  });

  it('finds the n-th business day, across months within a quarter', () => {
    expect(wall(nthBusinessDayAt('2026-11', 7, '09:00', CHICAGO), CHICAGO)).toBe('Tue 2026-11-10 09:00');
    // July 2026 has 23 business days, so the 24th of Q3 is the first Monday of August.
    expect(wall(nthBusinessDayAt('2026-Q3', 23, '10:00', BERLIN), BERLIN)).toBe('Fri 2026-07-31 10:00');
    expect(wall(nthBusinessDayAt('2026-Q3', 24, '10:00', BERLIN), BERLIN)).toBe('Mon 2026-08-03 10:00');
  });

  it('refuses a business day the period does not have, a bad time or a bad zone', () => {
    expect(wall(nthBusinessDayAt('2026-02', 20, '09:00', CHICAGO), CHICAGO)).toBe('Fri 2026-02-27 09:00');
    expect(() => nthBusinessDayAt('2026-02', 21, '09:00', CHICAGO)).toThrow(RangeError);
    expect(() => nthBusinessDayAt('2026-02', 0, '09:00', CHICAGO)).toThrow(RangeError);
    expect(() => nthBusinessDayAt('2026-02', 1, '25:00', CHICAGO)).toThrow(RangeError);
    expect(() => nthBusinessDayAt('2026-02', 1, '09:00', 'Mars/Olympus')).toThrow(RangeError);
  });

  it('keeps 09:00 local on both sides of the DST changes in Chicago', () => {
    // Clocks go forward on 2026-03-08 and back on 2026-11-01.
    const beforeSpring = nthBusinessDayAt('2026-03', 5, '09:00', CHICAGO);
    const afterSpring = nthBusinessDayAt('2026-03', 6, '09:00', CHICAGO);
    expect(wall(beforeSpring, CHICAGO)).toBe('Fri 2026-03-06 09:00');
    expect(wall(afterSpring, CHICAGO)).toBe('Mon 2026-03-09 09:00');
    expect(beforeSpring.toISOString()).toBe('2026-03-06T15:00:00.000Z');
    expect(afterSpring.toISOString()).toBe('2026-03-09T14:00:00.000Z');

    expect(nthBusinessDayAt('2026-10', 1, '09:00', CHICAGO).toISOString()).toBe('2026-10-01T14:00:00.000Z');
    expect(nthBusinessDayAt('2026-11', 1, '09:00', CHICAGO).toISOString()).toBe('2026-11-02T15:00:00.000Z');
  });

  it('keeps 09:00 local on both sides of the DST changes in Berlin', () => {
    // Clocks go forward on 2026-03-29 and back on 2026-10-25.
    expect(nthBusinessDayAt('2026-03', 1, '09:00', BERLIN).toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(nthBusinessDayAt('2026-04', 1, '09:00', BERLIN).toISOString()).toBe('2026-04-01T07:00:00.000Z');
    expect(nthBusinessDayAt('2026-10', 1, '09:00', BERLIN).toISOString()).toBe('2026-10-01T07:00:00.000Z');
    expect(nthBusinessDayAt('2026-11', 1, '09:00', BERLIN).toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });
});

describe('addBusinessDays', () => {
  it('skips the weekend and keeps the wall time', () => {
    const friday = at('2026-08-07T09:00', CHICAGO);
    expect(wall(addBusinessDays(friday, 1, CHICAGO), CHICAGO)).toBe('Mon 2026-08-10 09:00');
    expect(wall(addBusinessDays(friday, 3, CHICAGO), CHICAGO)).toBe('Wed 2026-08-12 09:00');
    expect(wall(addBusinessDays(friday, 0, CHICAGO), CHICAGO)).toBe('Fri 2026-08-07 09:00');
    expect(wall(addBusinessDays(at('2026-08-10T09:00', CHICAGO), -1, CHICAGO), CHICAGO)).toBe(
      'Fri 2026-08-07 09:00',
    );
  });

  it('lands on Monday when starting from a weekend', () => {
    const saturday = at('2026-08-01T11:30', CHICAGO);
    expect(wall(addBusinessDays(saturday, 1, CHICAGO), CHICAGO)).toBe('Mon 2026-08-03 11:30');
  });

  it('keeps 09:00 local across the spring and autumn changes', () => {
    const chicagoSpring = addBusinessDays(at('2026-03-06T09:00', CHICAGO), 1, CHICAGO);
    expect(wall(chicagoSpring, CHICAGO)).toBe('Mon 2026-03-09 09:00');
    expect(chicagoSpring.toISOString()).toBe('2026-03-09T14:00:00.000Z');

    const chicagoAutumn = addBusinessDays(at('2026-10-30T09:00', CHICAGO), 1, CHICAGO);
    expect(wall(chicagoAutumn, CHICAGO)).toBe('Mon 2026-11-02 09:00');
    expect(chicagoAutumn.toISOString()).toBe('2026-11-02T15:00:00.000Z');

    const berlinSpring = addBusinessDays(at('2026-03-27T09:00', BERLIN), 1, BERLIN);
    expect(berlinSpring.toISOString()).toBe('2026-03-30T07:00:00.000Z');

    const berlinAutumn = addBusinessDays(at('2026-10-23T09:00', BERLIN), 1, BERLIN);
    expect(berlinAutumn.toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('does not carry the shift of a skipped DST gap onto the day it lands on', () => {
    // 02:30 does not exist in Chicago on Sunday 2026-03-08; Monday still gets 02:30.
    const saturday = at('2026-03-07T02:30', CHICAGO);
    expect(wall(addBusinessDays(saturday, 1, CHICAGO), CHICAGO)).toBe('Mon 2026-03-09 02:30');
  });

  it('refuses fractions and unknown zones', () => {
    expect(() => addBusinessDays(new Date(), 1.5, CHICAGO)).toThrow(RangeError);
    expect(() => addBusinessDays(new Date(), 1, 'Nowhere/Town')).toThrow(RangeError);
  });
});

describe('input checks', () => {
  it('accepts IANA zones only', () => {
    expect(isValidZone(CHICAGO)).toBe(true);
    expect(isValidZone(BERLIN)).toBe(true);
    expect(isValidZone('UTC')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(isValidZone('')).toBe(false);
  });

  it('parses a 24-hour time of day', () => {
    expect(parseTimeOfDay('09:00')).toEqual({ hour: 9, minute: 0 });
    expect(parseTimeOfDay('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseTimeOfDay('23:59')).toEqual({ hour: 23, minute: 59 });
    expect(parseTimeOfDay('00:00')).toEqual({ hour: 0, minute: 0 });
    for (const bad of ['24:00', '12:60', '9', '9:5', 'ab:cd', '09:00:00', '']) {
      expect(parseTimeOfDay(bad)).toBeNull();
    }
  });
});
