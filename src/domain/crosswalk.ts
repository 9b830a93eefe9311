// Maps the app's rituals onto NIST AI RMF 1.0 functions and the ISO/IEC 42001 Plan-Do-Check-Act loop.
// Each line states what the records show, nothing more: this is evidence, not a certification.

export type NistFunction = 'Govern' | 'Map' | 'Measure' | 'Manage';
export type PdcaPhase = 'Plan' | 'Do' | 'Check' | 'Act';

export interface RitualEvidence {
  registry: { agents: number; lastRegisteredAt: Date | null };
  gate: { reviews: number; passed: number; lastReviewAt: Date | null };
  valueReview: { lastPostedAt: Date | null; lastPeriod: string | null; reported: number; expected: number };
  votes: { lastClosedAt: Date | null; lastQuarter: string | null; decided: number; agents: number };
  placements: { count: number; lastAt: Date | null };
  /** Live feeds: agents with a working token, days of daily totals, drift incidents opened and still open. */
  feeds?: { connected: number; days: number; incidents: number; open: number; lastIncidentAt: Date | null };
}

export interface CrosswalkLine {
  ritual: string;
  nist: readonly NistFunction[];
  pdca: PdcaPhase;
  fact: string;
  lastAt: Date | null;
}

/** One line per ritual, in loop order: Plan, Do, Check, Act. */
export function crosswalk(e: RitualEvidence, formatDate: (d: Date) => string): CrosswalkLine[] {
  const latest = (d: Date | null): string => (d === null ? '' : `, the latest on ${formatDate(d)}`);
  const forPeriod = (period: string | null): string => (period === null ? '' : ` for ${period}`);
  const { registry, gate, valueReview, votes, placements, feeds } = e;
  const feedLines: CrosswalkLine[] =
    feeds === undefined
      ? []
      : [
          {
            ritual: 'Live feeds',
            nist: ['Measure', 'Manage'],
            pdca: 'Check',
            fact:
              feeds.connected === 0 && feeds.days === 0
                ? 'Check: none yet, no agent sends a live feed'
                : `Check: ${count(feeds.connected, 'agent')} ${feeds.connected === 1 ? 'sends' : 'send'} a live feed, ` +
                  `${count(feeds.days, 'day')} of daily totals kept, ${count(feeds.incidents, 'drift incident')} opened` +
                  `${feeds.open > 0 ? ` (${feeds.open} open)` : ''}${latest(feeds.lastIncidentAt)}`,
            lastAt: feeds.lastIncidentAt,
          },
        ];

  return [
    {
      ritual: 'Placement',
      nist: ['Govern'],
      pdca: 'Plan',
      fact:
        placements.count === 0
          ? 'Plan: none yet, no placement on record'
          : `Plan: ${count(placements.count, 'placement')} on record${latest(placements.lastAt)}`,
      lastAt: placements.lastAt,
    },
    {
      ritual: 'Agent registry',
      nist: ['Map'],
      pdca: 'Do',
      fact:
        registry.agents === 0
          ? 'Do: none yet, no agent registered'
          : `Do: ${count(registry.agents, 'agent')} registered${latest(registry.lastRegisteredAt)}`,
      lastAt: registry.lastRegisteredAt,
    },
    {
      ritual: 'Production gate',
      nist: ['Measure'],
      pdca: 'Do',
      fact:
        gate.reviews === 0
          ? 'Do: none yet, no gate review held'
          : `Do: ${gate.passed} of ${count(gate.reviews, 'gate review')} passed${latest(gate.lastReviewAt)}`,
      lastAt: gate.lastReviewAt,
    },
    {
      ritual: 'Monthly value review',
      nist: ['Measure', 'Manage'],
      pdca: 'Check',
      fact:
        valueReview.lastPostedAt === null
          ? 'Check: none yet, no value review posted'
          : `Check: last value review ${formatDate(valueReview.lastPostedAt)}${forPeriod(valueReview.lastPeriod)}, ` +
            `${valueReview.reported} of ${count(valueReview.expected, 'agent')} reported`,
      lastAt: valueReview.lastPostedAt,
    },
    ...feedLines,
    {
      ritual: 'Quarterly kill-or-scale',
      nist: ['Manage', 'Govern'],
      pdca: 'Act',
      fact:
        votes.lastClosedAt === null
          ? 'Act: none yet, no kill-or-scale vote closed'
          : `Act: last kill-or-scale vote closed ${formatDate(votes.lastClosedAt)}${forPeriod(votes.lastQuarter)}, ` +
            `${votes.decided} of ${count(votes.agents, 'agent')} decided`,
      lastAt: votes.lastClosedAt,
    },
  ];
}

function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}
