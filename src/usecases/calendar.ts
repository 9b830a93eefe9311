// The workspace's calendar as people change it: which public holidays it keeps, its own closed days, and who is
// away. Each change is one write transaction with its audit row.

import { type AwayRange, awayOn } from '../domain/away.js';
import { localDateOf, type WorkCalendar } from '../domain/calendar.js';
import {
  type ClosedDays,
  effectivePlace,
  type HolidayChoice,
  type HolidayPlace,
  nextDaysOff,
  placeName,
  workCalendar,
} from '../domain/holidays.js';
import { type Workspace, zoneOf } from '../domain/workspace.js';
import {
  awayRanges,
  closedDays,
  deleteAwayRange,
  deleteClosedDays,
  getAwayRange,
  holidayChoice,
  insertAwayRange,
  insertClosedDays,
  writeHolidayChoice,
} from '../store/calendar.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace } from '../store/workspaces.js';

/** The days the plant works: weekdays in its zone, less its public holidays and its closed days. */
export function workspaceCalendar(db: Db, w: Workspace): WorkCalendar {
  const zone = zoneOf(w);
  return workCalendar({
    zone,
    place: effectivePlace(holidayChoice(db, w.teamId), zone),
    closed: closedDays(db, w.teamId),
  });
}

/** What "business day" means for this workspace now: whose holidays, which closed days, the next days off. */
export function businessDays(db: Db, w: Workspace, now: Date) {
  const zone = zoneOf(w);
  const choice = holidayChoice(db, w.teamId);
  const place: HolidayPlace | null = effectivePlace(choice, zone);
  const today = localDateOf(now, zone);
  return {
    place,
    placeName: place === null ? null : placeName(place),
    fromZone: choice.kind === 'from-zone',
    closed: closedDays(db, w.teamId).filter((c) => c.lastDay >= today),
    nextDaysOff: nextDaysOff(workspaceCalendar(db, w), today, 3),
  };
}

/** Who is away on the local date of `at` (ranges running that day). */
export function awayAt(db: Db, w: Workspace, at: Date): AwayRange[] {
  const today = localDateOf(at, zoneOf(w));
  return awayRanges(db, w.teamId, today).filter((r) => awayOn([r], r.personId, today) !== null);
}

/** The away owners `userId` reports for today, as the delegate they named. */
export function delegatedOwners(db: Db, w: Workspace, userId: string, now: Date): string[] {
  return awayAt(db, w, now)
    .filter((r) => r.delegateId === userId)
    .map((r) => r.personId);
}

export function saveHolidayChoice(
  db: Db,
  now: Date,
  input: { teamId: string; actorId: string; choice: HolidayChoice },
): void {
  db.transaction(() => {
    ensureWorkspace(db, input.teamId, now);
    writeHolidayChoice(db, { ...input, at: now });
  }).immediate();
}

export function addClosedDays(
  db: Db,
  now: Date,
  input: {
    teamId: string;
    actorId: string;
    firstDay: string;
    lastDay: string;
    label: string;
    viewId: string;
  },
): ClosedDays | null {
  return db
    .transaction(() => insertClosedDays(db, { ...input, at: now, sourceViewId: input.viewId }))
    .immediate();
}

export function removeClosedDays(
  db: Db,
  now: Date,
  input: { teamId: string; actorId: string; id: number },
): boolean {
  return db.transaction(() => deleteClosedDays(db, { ...input, at: now })).immediate();
}

export function markAway(
  db: Db,
  now: Date,
  input: { teamId: string; actorId: string; range: Omit<AwayRange, 'id'>; viewId: string },
): AwayRange | null {
  return db
    .transaction(() =>
      insertAwayRange(db, {
        teamId: input.teamId,
        actorId: input.actorId,
        at: now,
        range: input.range,
        sourceViewId: input.viewId,
      }),
    )
    .immediate();
}

/** Removes a range if `mayRemove` allows it for its person; returns what was removed. */
export function removeAway(
  db: Db,
  now: Date,
  input: { teamId: string; actorId: string; id: number; mayRemove: (range: AwayRange) => boolean },
): AwayRange | 'not_found' | 'not_allowed' {
  return db
    .transaction((): AwayRange | 'not_found' | 'not_allowed' => {
      const range = getAwayRange(db, input.teamId, input.id);
      if (!range) return 'not_found';
      if (!input.mayRemove(range)) return 'not_allowed';
      deleteAwayRange(db, { teamId: input.teamId, actorId: input.actorId, at: now, range });
      return range;
    })
    .immediate();
}
