// The calendar's two modals as they stand in the records now: shared by the commands, the Home tab's buttons and
// the buttons inside the modals that change them.

import type { ModalView } from '@slack/types';
import { localDateOf } from '../domain/calendar.js';
import { holidayCountries, holidayRegions, regionCodeOf } from '../domain/holidays.js';
import type { Workspace } from '../domain/workspace.js';
import { zoneOf } from '../domain/workspace.js';
import { awayRanges } from '../store/calendar.js';
import { businessDays } from '../usecases/calendar.js';
import { awayModal, calendarModal } from '../views/calendar.js';
import type { AppDeps } from './deps.js';

/** `country` overrides what the records say: the menu's new pick, before it is saved. Null: as saved. */
export function calendarForm(deps: AppDeps, w: Workspace, country: string | null): ModalView {
  const info = businessDays(deps.db, w, deps.now());
  const shown = country ?? info.place?.country ?? null;
  const picked = shown !== null && shown !== 'none' ? shown : null;
  return calendarModal({
    country: picked,
    regionCode: info.place && info.place.country === picked ? regionCodeOf(info.place) : '',
    fromZone: country === null && info.fromZone,
    zone: zoneOf(w),
    countries: holidayCountries(),
    regions: picked === null ? [] : holidayRegions(picked),
    closed: info.closed,
    nextDaysOff: info.nextDaysOff,
  });
}

/** The portfolio owner sees and may remove everyone's dates; anyone else, their own. */
export function awayForm(deps: AppDeps, w: Workspace, viewerId: string): ModalView {
  const forAnyone = viewerId === w.portfolioOwnerId;
  const today = localDateOf(deps.now(), zoneOf(w));
  const ranges = awayRanges(deps.db, w.teamId, today).filter((r) => forAnyone || r.personId === viewerId);
  return awayModal({ viewerId, forAnyone, ranges });
}
