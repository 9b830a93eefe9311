import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextPeriod, type PeriodKey } from '../../src/domain/calendar.js';
import {
  DEFAULT_SCHEDULES,
  decideDue,
  describeSchedule,
  nextDueAt,
  wasRunningAt,
} from '../../src/domain/schedule.js';

const CHICAGO = 'America/Chicago';
const monthly = DEFAULT_SCHEDULES['value-review'];
const quarterly = DEFAULT_SCHEDULES['kill-or-scale'];
const setUpInJanuary = DateTime.fromISO('2026-01-01T00:00', { zone: CHICAGO }).toJSDate();

function at(iso: string): Date {
  return DateTime.fromISO(iso, { zone: CHICAGO }).toJSDate();
}

/** Every period from `first` to `last`, both included. */
function periods(first: PeriodKey, last: PeriodKey): Set<PeriodKey> {
  const keys = new Set<PeriodKey>([first]);
  for (let key = first; key !== last; key = nextPeriod(key)) keys.add(nextPeriod(key));
  return keys;
}

describe('decideDue', () => {
  // November 2026 starts on a Sunday, so the value review is due Monday 2 November at 09:00.
  const novemberDue = at('2026-11-02T09:00');

  it('runs the current period on time', () => {
    const decision = decideDue({
      schedule: monthly,
      now: at('2026-11-02T09:05'),
      zone: CHICAGO,
      since: setUpInJanuary,
      heartbeat: null,
      known: periods('2026-01', '2026-10'),
    });
    expect(decision).toEqual({ run: { period: '2026-11', dueAt: novemberDue, late: false }, missed: [] });
  });

  it('counts a run as late only after the grace minutes', () => {
    const base = {
      schedule: monthly,
      zone: CHICAGO,
      since: setUpInJanuary,
      heartbeat: null,
      known: periods('2026-01', '2026-10'),
    };
    expect(decideDue({ ...base, now: at('2026-11-02T09:15') }).run?.late).toBe(false);
    expect(decideDue({ ...base, now: at('2026-11-02T09:16') }).run?.late).toBe(true);
    expect(decideDue({ ...base, now: at('2026-11-02T09:16'), lateAfterMinutes: 30 }).run?.late).toBe(false);
  });

  it('runs late when the app was down on the 1st and back on the 4th', () => {
    const decision = decideDue({
      schedule: monthly,
      now: at('2026-10-04T10:00'),
      zone: CHICAGO,
      since: setUpInJanuary,
      heartbeat: null,
      known: periods('2026-01', '2026-09'),
    });
    expect(decision).toEqual({
      run: { period: '2026-10', dueAt: at('2026-10-01T09:00'), late: true },
      missed: [],
    });
  });

  it('marks the older period missed and runs only the current one after five weeks down', () => {
    const decision = decideDue({
      schedule: monthly,
      now: at('2026-11-02T12:00'),
      zone: CHICAGO,
      since: setUpInJanuary,
      heartbeat: null,
      known: periods('2026-01', '2026-09'),
    });
    expect(decision).toEqual({
      run: { period: '2026-11', dueAt: novemberDue, late: true },
      missed: ['2026-10'],
    });
  });

  it('lists every missed period oldest first, skipping the ones that ran', () => {
    const known = new Set(['2026-01', '2026-03', '2026-04', '2026-06']);
    const decision = decideDue({
      schedule: monthly,
      now: novemberDue,
      zone: CHICAGO,
      since: setUpInJanuary,
      heartbeat: null,
      known,
    });
    expect(decision.missed).toEqual(['2026-02', '2026-05', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(decision.run?.period).toBe('2026-11');
  });

  it('runs nothing on a fresh install after this period fell due', () => {
    const installed = at('2026-11-10T14:00');
    const decision = decideDue({
      schedule: monthly,
      now: at('2026-11-10T14:01'),
      zone: CHICAGO,
      since: installed,
      heartbeat: null,
      known: new Set(),
    });
    expect(decision).toEqual({ run: null, missed: [] });
  });

  it('counts a period due exactly at set-up time', () => {
    const decision = decideDue({
      schedule: monthly,
      now: at('2026-11-02T09:00'),
      zone: CHICAGO,
      since: at('2026-10-01T09:00'),
      heartbeat: null,
      known: new Set(),
    });
    expect(decision.missed).toEqual(['2026-10']);
    expect(decision.run).toEqual({ period: '2026-11', dueAt: novemberDue, late: false });
  });

  it('waits while the current period is still to come', () => {
    const decision = decideDue({
      schedule: monthly,
      now: at('2026-11-01T12:00'),
      zone: CHICAGO,
      since: setUpInJanuary,
      heartbeat: null,
      known: periods('2026-01', '2026-10'),
    });
    expect(decision).toEqual({ run: null, missed: [] });
  });

  it('still runs last period late before this period falls due', () => {
    const decision = decideDue({
      schedule: monthly,
      now: at('2026-11-02T08:59'),
      zone: CHICAGO,
      since: setUpInJanuary,
      heartbeat: null,
      known: periods('2026-01', '2026-09'),
    });
    expect(decision).toEqual({
      run: { period: '2026-10', dueAt: at('2026-10-01T09:00'), late: true },
      missed: [],
    });
  });

  it('handles quarters across the year', () => {
    const decision = decideDue({
      schedule: quarterly,
      now: at('2026-10-01T10:05'),
      zone: CHICAGO,
      since: setUpInJanuary,
      heartbeat: null,
      known: new Set(['2026-Q1']),
    });
    expect(decision).toEqual({
      run: { period: '2026-Q4', dueAt: at('2026-10-01T10:00'), late: false },
      missed: ['2026-Q2', '2026-Q3'],
    });
  });
});

describe('describeSchedule', () => {
  it('says the cadence, business day, time and zone', () => {
    expect(describeSchedule(monthly, CHICAGO)).toBe('Monthly, first business day at 09:00 (America/Chicago)');
    expect(describeSchedule(quarterly, 'Europe/Berlin')).toBe(
      'Quarterly, first business day at 10:00 (Europe/Berlin)',
    );
    expect(describeSchedule({ ...monthly, businessDay: 3 }, CHICAGO)).toContain('third business day');
    expect(describeSchedule({ ...monthly, businessDay: 12 }, CHICAGO)).toContain('12th business day');
    expect(describeSchedule({ ...monthly, businessDay: 21 }, CHICAGO)).toContain('21st business day');
  });
});

describe('nextDueAt', () => {
  it("gives this period's due time until it passes, then the next period's", () => {
    expect(nextDueAt(monthly, at('2026-11-01T12:00'), CHICAGO)).toEqual(at('2026-11-02T09:00'));
    expect(nextDueAt(monthly, at('2026-11-02T09:00'), CHICAGO)).toEqual(at('2026-12-01T09:00'));
  });

  it('wraps into the next year for quarters', () => {
    // 2027-01-01 is a Friday: no holiday calendar, so it is a business day.
    expect(nextDueAt(quarterly, at('2026-12-15T12:00'), CHICAGO)).toEqual(at('2027-01-01T10:00'));
  });
});

describe('honest lateness', () => {
  const dueAt = at('2026-11-02T09:00');
  const minutes = (n: number) => new Date(dueAt.getTime() + n * 60_000);

  it('is not late when a tick comes within the grace, whatever the record', () => {
    expect(wasRunningAt({ dueAt, now: minutes(10), heartbeat: null })).toBe(true);
  });

  it('is not late when a coarse cron ran just before the due time and again after it', () => {
    // `maturity rituals run` every 30 minutes: 08:40, 09:10, 09:40.
    const heartbeat = { lastAt: minutes(-20), previousAt: minutes(-50) };
    expect(wasRunningAt({ dueAt, now: minutes(40), heartbeat })).toBe(true);
  });

  it('is late when the record shows a gap over the due time much longer than its pace', () => {
    // The minute heartbeat stopped at 08:00 and came back at 11:00.
    const heartbeat = { lastAt: minutes(-60), previousAt: minutes(-61) };
    expect(wasRunningAt({ dueAt, now: minutes(120), heartbeat })).toBe(false);
    // With no record at all, only the grace says it ran on time.
    expect(wasRunningAt({ dueAt, now: minutes(120), heartbeat: null })).toBe(false);
  });

  it('marks the run late in the decision only on that record', () => {
    const base = {
      schedule: monthly,
      zone: CHICAGO,
      since: setUpInJanuary,
      known: periods('2026-01', '2026-10'),
    };
    const coarse = { lastAt: minutes(-20), previousAt: minutes(-50) };
    expect(decideDue({ ...base, now: minutes(40), heartbeat: coarse }).run?.late).toBe(false);
    const down = { lastAt: at('2026-10-30T17:00'), previousAt: at('2026-10-30T16:59') };
    expect(decideDue({ ...base, now: minutes(40), heartbeat: down }).run?.late).toBe(true);
  });
});
