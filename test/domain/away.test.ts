import { describe, expect, it } from 'vitest';
import { type AwayRange, awayOn, checkAwayRange, recipientOn } from '../../src/domain/away.js';

const range = (r: Partial<AwayRange> & Pick<AwayRange, 'personId' | 'firstDay' | 'lastDay'>): AwayRange => ({
  id: 1,
  delegateId: null,
  ...r,
});

describe('away ranges', () => {
  // Ann is away from Monday 28 September to Friday 9 October 2026, across the month end, and names Ben.
  const ranges = [
    range({ id: 1, personId: 'UANN', firstDay: '2026-09-28', lastDay: '2026-10-09', delegateId: 'UBEN' }),
    range({ id: 2, personId: 'UCAL', firstDay: '2026-12-21', lastDay: '2027-01-08' }),
  ];

  it('covers both ends and every day between, across a month end and a year end', () => {
    expect(awayOn(ranges, 'UANN', '2026-09-27')).toBeNull();
    expect(awayOn(ranges, 'UANN', '2026-09-28')?.id).toBe(1);
    expect(awayOn(ranges, 'UANN', '2026-09-30')?.id).toBe(1);
    expect(awayOn(ranges, 'UANN', '2026-10-01')?.id).toBe(1);
    expect(awayOn(ranges, 'UANN', '2026-10-09')?.id).toBe(1);
    expect(awayOn(ranges, 'UANN', '2026-10-10')).toBeNull();
    expect(awayOn(ranges, 'UCAL', '2027-01-01')?.id).toBe(2);
    expect(awayOn(ranges, 'UBEN', '2026-10-01')).toBeNull();
  });

  it('sends what is meant for an away owner to their delegate, on their behalf, or to nobody', () => {
    expect(recipientOn(ranges, 'UANN', '2026-10-01')).toEqual({
      kind: 'delegate',
      userId: 'UBEN',
      onBehalfOf: 'UANN',
      until: '2026-10-09',
    });
    expect(recipientOn(ranges, 'UANN', '2026-10-12')).toEqual({ kind: 'self', userId: 'UANN' });
    expect(recipientOn(ranges, 'UCAL', '2027-01-04')).toEqual({ kind: 'nobody', until: '2027-01-08' });
  });

  it('passes nothing on when the delegate is away too', () => {
    const both = [
      ...ranges,
      range({ id: 3, personId: 'UBEN', firstDay: '2026-10-05', lastDay: '2026-10-06' }),
    ];
    expect(recipientOn(both, 'UANN', '2026-10-05')).toEqual({ kind: 'nobody', until: '2026-10-09' });
    expect(recipientOn(both, 'UANN', '2026-10-07').kind).toBe('delegate');
  });

  it('checks dates as typed in the modal', () => {
    const base = { personId: 'UANN', delegateId: null, today: '2026-10-01' };
    expect(checkAwayRange({ ...base, firstDay: '2026-10-28', lastDay: '2026-11-03' })).toEqual({
      ok: true,
      value: { firstDay: '2026-10-28', lastDay: '2026-11-03' },
    });
    expect(checkAwayRange({ ...base, firstDay: null, lastDay: '2026-11-03' })).toMatchObject({
      ok: false,
      field: 'first',
    });
    expect(checkAwayRange({ ...base, firstDay: '2026-11-03', lastDay: '2026-10-28' })).toMatchObject({
      ok: false,
      field: 'last',
      message: 'The last day away comes on or after the first.',
    });
    expect(checkAwayRange({ ...base, firstDay: '2026-09-01', lastDay: '2026-09-30' })).toMatchObject({
      ok: false,
      message: 'These dates are past. Pick dates from today on.',
    });
    // Already away and back tomorrow is fine: the range has not ended.
    expect(checkAwayRange({ ...base, firstDay: '2026-09-20', lastDay: '2026-10-02' }).ok).toBe(true);
    expect(checkAwayRange({ ...base, firstDay: '2026-10-05', lastDay: '2027-12-01' })).toMatchObject({
      ok: false,
    });
    expect(
      checkAwayRange({ ...base, delegateId: 'UANN', firstDay: '2026-10-05', lastDay: '2026-10-06' }),
    ).toMatchObject({ ok: false, field: 'delegate' });
  });
});
