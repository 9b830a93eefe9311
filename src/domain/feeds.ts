// Live feeds: an agent reports its own operating numbers, and these rules say what they show. The token format,
// the calendar day an observation belongs to, the roll-up of days into totals, the drift rules that open and
// close incidents, and the line of evidence a feed gives the gate. Pure: the clock and the data come in.

import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { addBusinessDays, calendarZone, localDateOf, type ZoneOrCalendar } from './calendar.js';

// ---- Tokens ----

/** Where agents send their observations, on the app's HTTP port. */
export const OBSERVATIONS_PATH = '/api/v1/observations';

/** Every feed token starts with this, so a leaked one is recognisable in a scan and in a config file. */
export const FEED_TOKEN_PREFIX = 'mbf_';
/** 32 random bytes: a token cannot be guessed, which is why a fast hash is enough to store it. */
export const FEED_TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^mbf_[A-Za-z0-9_-]{43}$/;

export function feedTokenFrom(randomBytes: Uint8Array): string {
  if (randomBytes.length !== FEED_TOKEN_BYTES)
    throw new RangeError(`A feed token takes ${FEED_TOKEN_BYTES} random bytes, got ${randomBytes.length}`);
  return `${FEED_TOKEN_PREFIX}${Buffer.from(randomBytes).toString('base64url')}`;
}

export function isFeedTokenShape(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/** What is stored instead of the token. */
export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Enough of a token to tell two apart, never enough to use one. */
export function feedTokenPrefix(token: string): string {
  return token.slice(0, FEED_TOKEN_PREFIX.length + 6);
}

// ---- Observations and their days ----

/** Days of raw observations kept unless the operator says otherwise. */
export const DEFAULT_RETENTION_DAYS = 90;
export const MAX_BATCH = 500;
export const MAX_MEASURES = 10;
/** A sender's clock may run a little ahead; further ahead is a mistake worth refusing. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface Observation {
  readonly clientId: string;
  readonly at: Date;
  readonly casesHandled: number;
  readonly casesHandedToPerson: number;
  readonly dollarCents: number | null;
  readonly measures: Readonly<Record<string, number>>;
}

export function shiftDay(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate() ?? day;
}

/** Calendar days from `a` to `b`, both included. */
export function daysBetween(a: string, b: string): number {
  return (
    Math.round(DateTime.fromISO(b, { zone: 'UTC' }).diff(DateTime.fromISO(a, { zone: 'UTC' }), 'days').days) +
    1
  );
}

/**
 * Raw observations are kept for the `retentionDays` most recent calendar days, today included. The same rule
 * refuses an observation older than that, so a day whose raw rows were pruned is never rolled up again from a part.
 */
export function firstKeptDay(now: Date, zone: string, retentionDays: number): string {
  return shiftDay(localDateOf(now, zone), 1 - retentionDays);
}

/** Why an observation's time cannot be taken, or null when it can. */
export function observationTimeProblem(
  at: Date,
  now: Date,
  zone: string,
  retentionDays: number,
): string | null {
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    return 'is in the future; send the time the cases were handled, with its offset';
  if (localDateOf(at, zone) < firstKeptDay(now, zone, retentionDays))
    return `is older than the ${retentionDays} days of observations kept`;
  return null;
}

// ---- Daily totals ----

export interface MeasureTotal {
  readonly sum: number;
  readonly count: number;
}

export interface DayTotal {
  readonly day: string;
  readonly observations: number;
  readonly casesHandled: number;
  readonly casesHandedToPerson: number;
  /** Null when no observation of the day carried a dollar value. */
  readonly dollarCents: number | null;
  readonly measures: Readonly<Record<string, MeasureTotal>>;
}

export interface Totals {
  readonly days: number;
  readonly observations: number;
  readonly casesHandled: number;
  readonly casesHandedToPerson: number;
  readonly dollarCents: number | null;
}

export function sumDays(days: readonly DayTotal[]): Totals {
  let dollars: number | null = null;
  let observations = 0;
  let handled = 0;
  let handed = 0;
  for (const d of days) {
    observations += d.observations;
    handled += d.casesHandled;
    handed += d.casesHandedToPerson;
    if (d.dollarCents !== null) dollars = (dollars ?? 0) + d.dollarCents;
  }
  return {
    days: days.length,
    observations,
    casesHandled: handled,
    casesHandedToPerson: handed,
    dollarCents: dollars,
  };
}

/** Percent of cases handed to a person, or null with no cases to judge by. */
export function handoffPercent(t: { casesHandled: number; casesHandedToPerson: number }): number | null {
  return t.casesHandled === 0 ? null : (100 * t.casesHandedToPerson) / t.casesHandled;
}

/** The days of one calendar month ('2026-10'), for the report the feed pre-fills. */
export function daysOfMonth(days: readonly DayTotal[], month: string): DayTotal[] {
  return days.filter((d) => d.day.startsWith(`${month}-`));
}

// ---- Drift ----

export interface FeedSettings {
  /** Hand-off share up by more than this many percentage points. */
  readonly handoffMarginPoints: number;
  /** Volume down by more than this percent. */
  readonly volumeDropPercent: number;
  /** No observation for this many business days. */
  readonly silentBusinessDays: number;
}

export const DEFAULT_FEED_SETTINGS: FeedSettings = {
  handoffMarginPoints: 5,
  volumeDropPercent: 30,
  silentBusinessDays: 2,
};

export const INCIDENT_KINDS = ['handoff', 'volume', 'silence'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** A portfolio owner hears of an incident still open this many business days after it opened. */
export const ESCALATE_AFTER_BUSINESS_DAYS = 2;
/** The trailing four weeks each window is compared with. */
export const BASELINE_DAYS = 28;
/** Too little history or too few cases is noise, not drift: below these, the share and volume rules wait. */
export const MIN_BASELINE_DAYS = 7;
export const MIN_BASELINE_CASES = 50;
export const MIN_WINDOW_CASES = 20;

export type WindowName = 'day' | 'week';

interface WindowFigures {
  readonly window: WindowName;
  readonly from: string;
  readonly to: string;
}

export type DriftFigures =
  | (WindowFigures & {
      readonly kind: 'handoff';
      readonly cases: number;
      readonly sharePercent: number;
      readonly baselinePercent: number;
      readonly marginPoints: number;
    })
  | (WindowFigures & {
      readonly kind: 'volume';
      readonly casesPerDay: number;
      readonly baselinePerDay: number;
      readonly dropPercent: number;
      readonly limitPercent: number;
    })
  | {
      readonly kind: 'silence';
      /** ISO instants: the last observation (null when none ever came), and when the silence is counted from. */
      readonly lastObservationAt: string | null;
      readonly since: string;
      readonly businessDays: number;
    };

export interface FeedFacts {
  /** Daily totals covering at least the last five weeks; days without observations are simply absent. */
  readonly days: readonly DayTotal[];
  readonly lastObservationAt: Date | null;
  /** When the feed's token was created: a feed that never spoke is silent from then. */
  readonly connectedAt: Date;
  readonly now: Date;
  /** The workspace's business days: its zone, holidays and closed days. */
  readonly calendar: ZoneOrCalendar;
  readonly settings: FeedSettings;
}

export interface Windows {
  /** The last business day before today: a weekend's quiet is not a drop. */
  readonly day: string;
  readonly week: { readonly from: string; readonly to: string };
  /** The four weeks before the last week. */
  readonly baseline: { readonly from: string; readonly to: string };
}

export function windowsAt(now: Date, days: ZoneOrCalendar): Windows {
  const zone = calendarZone(days);
  const today = localDateOf(now, zone);
  const startOfToday = DateTime.fromISO(today, { zone }).toJSDate();
  const yesterday = shiftDay(today, -1);
  const weekFrom = shiftDay(today, -7);
  return {
    day: localDateOf(addBusinessDays(startOfToday, -1, days), zone),
    week: { from: weekFrom, to: yesterday },
    baseline: { from: shiftDay(weekFrom, -BASELINE_DAYS), to: shiftDay(weekFrom, -1) },
  };
}

const within = (days: readonly DayTotal[], from: string, to: string) =>
  days.filter((d) => d.day >= from && d.day <= to);

const round1 = (n: number) => Math.round(n * 10) / 10;

interface Baseline {
  readonly totals: Totals;
  /** Calendar days from the first day with data (or the window's start) to its end. */
  readonly calendarDays: number;
}

function baselineOf(facts: FeedFacts, w: Windows): Baseline | null {
  const days = within(facts.days, w.baseline.from, w.baseline.to);
  const totals = sumDays(days);
  if (totals.days < MIN_BASELINE_DAYS || totals.casesHandled < MIN_BASELINE_CASES) return null;
  const first = days.map((d) => d.day).sort()[0] ?? w.baseline.to;
  return { totals, calendarDays: daysBetween(first, w.baseline.to) };
}

function handoffDrift(facts: FeedFacts, w: Windows, base: Baseline): DriftFigures | null {
  const baselinePercent = handoffPercent(base.totals) ?? 0;
  for (const [window, from, to] of [
    ['week', w.week.from, w.week.to],
    ['day', w.day, w.day],
  ] as const) {
    const totals = sumDays(within(facts.days, from, to));
    const share = handoffPercent(totals);
    if (share === null || totals.casesHandled < MIN_WINDOW_CASES) continue;
    if (share - baselinePercent > facts.settings.handoffMarginPoints) {
      return {
        kind: 'handoff',
        window,
        from,
        to,
        cases: totals.casesHandled,
        sharePercent: round1(share),
        baselinePercent: round1(baselinePercent),
        marginPoints: facts.settings.handoffMarginPoints,
      };
    }
  }
  return null;
}

function volumeDrift(facts: FeedFacts, w: Windows, base: Baseline): DriftFigures | null {
  const perCalendarDay = base.totals.casesHandled / base.calendarDays;
  // A single day is compared with the days that had work, so weekends in the baseline do not lower the bar.
  const perWorkingDay = base.totals.casesHandled / base.totals.days;
  for (const [window, from, to, baselinePerDay] of [
    ['week', w.week.from, w.week.to, perCalendarDay],
    ['day', w.day, w.day, perWorkingDay],
  ] as const) {
    const casesPerDay = sumDays(within(facts.days, from, to)).casesHandled / daysBetween(from, to);
    const drop = 100 * (1 - casesPerDay / baselinePerDay);
    if (drop > facts.settings.volumeDropPercent) {
      return {
        kind: 'volume',
        window,
        from,
        to,
        casesPerDay: round1(casesPerDay),
        baselinePerDay: round1(baselinePerDay),
        dropPercent: round1(drop),
        limitPercent: facts.settings.volumeDropPercent,
      };
    }
  }
  return null;
}

/** When a feed falls silent: `silentBusinessDays` business days after the last word (or the connection). */
export function silentFrom(facts: Omit<FeedFacts, 'days' | 'now'>): Date {
  const since = facts.lastObservationAt ?? facts.connectedAt;
  return addBusinessDays(since, facts.settings.silentBusinessDays, facts.calendar);
}

/** Silent once `silentBusinessDays` business days have passed since the last word (or the connection). */
export function silenceDrift(facts: Omit<FeedFacts, 'days'>): DriftFigures | null {
  const since = facts.lastObservationAt ?? facts.connectedAt;
  if (facts.now < silentFrom(facts)) return null;
  return {
    kind: 'silence',
    lastObservationAt: facts.lastObservationAt?.toISOString() ?? null,
    since: since.toISOString(),
    businessDays: facts.settings.silentBusinessDays,
  };
}

/**
 * What drifts now, by kind: the last day and the last week against the four weeks before. The share rule
 * looks at the week first (steadier), then the last business day; so does the volume rule.
 */
export function judgeFeed(facts: FeedFacts): Map<IncidentKind, DriftFigures> {
  const found = new Map<IncidentKind, DriftFigures>();
  const w = windowsAt(facts.now, facts.calendar);
  const base = baselineOf(facts, w);
  const drifts = [
    base && handoffDrift(facts, w, base),
    base && volumeDrift(facts, w, base),
    silenceDrift(facts),
  ];
  for (const drift of drifts) if (drift) found.set(drift.kind, drift);
  return found;
}

/** What the watch last judged of a feed (see needsJudging). */
export interface Judgement {
  readonly tokenId: number;
  readonly day: string;
  /** When the feed falls silent if nothing more comes; null when it is silent already. */
  readonly silentAt: Date | null;
}

/**
 * Whether a feed must be judged again: a judgement depends only on its daily totals and last observation, its
 * token, the calendar day (the windows are days) and whether its silence deadline has passed. So a feed is judged
 * when it was never judged, its totals changed, its token did, the day did, or its silence fell due.
 */
export function needsJudging(
  last: Judgement | undefined,
  now: { readonly tokenId: number; readonly day: string; readonly at: Date; readonly totalsChanged: boolean },
): boolean {
  if (last === undefined || now.totalsChanged) return true;
  if (last.tokenId !== now.tokenId || last.day !== now.day) return true;
  return last.silentAt !== null && last.silentAt <= now.at;
}

// ---- Evidence ----

/** What a feed proves about an agent, for the gate, the review post and the Home tab. */
export interface FeedEvidence {
  readonly connected: boolean;
  readonly days: number;
  readonly casesHandled: number;
  readonly handoffPercent: number | null;
  readonly lastObservationAt: Date | null;
  /** Connected and not silent: the agent counts as monitored. */
  readonly healthy: boolean;
}

/** FeedEvidence as kept with a gate claim: times as ISO text, and when it was taken. */
export interface RecordedFeedEvidence {
  readonly connected: boolean;
  readonly days: number;
  readonly casesHandled: number;
  readonly handoffPercent: number | null;
  readonly lastObservationAt: string | null;
  readonly healthy: boolean;
  readonly recordedAt: string;
}

export function feedEvidence(p: {
  connectedAt: Date | null;
  totals: Totals;
  lastObservationAt: Date | null;
  now: Date;
  calendar: ZoneOrCalendar;
  settings: FeedSettings;
}): FeedEvidence {
  const connected = p.connectedAt !== null;
  const silent =
    p.connectedAt === null ||
    silenceDrift({
      lastObservationAt: p.lastObservationAt,
      connectedAt: p.connectedAt,
      now: p.now,
      calendar: p.calendar,
      settings: p.settings,
    }) !== null;
  const share = handoffPercent(p.totals);
  return {
    connected,
    days: p.totals.days,
    casesHandled: p.totals.casesHandled,
    handoffPercent: share === null ? null : round1(share),
    lastObservationAt: p.lastObservationAt,
    healthy: connected && p.lastObservationAt !== null && !silent,
  };
}

// ---- Who may manage a feed ----

/**
 * A feed token speaks for the agent, so only the people who answer for the agent's numbers may create, rotate or
 * revoke one: its owner and the portfolio owner. Admins do not stand in: the token is not an admin setting.
 */
export function canManageFeed(
  userId: string,
  agent: { ownerId: string },
  portfolioOwnerId: string | null,
): boolean {
  return userId === agent.ownerId || (portfolioOwnerId !== null && userId === portfolioOwnerId);
}
