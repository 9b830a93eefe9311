import type { Known } from './placement.js';

export const AGENT_CATEGORIES = ['office', 'line', 'product'] as const;
export type AgentCategory = (typeof AGENT_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<AgentCategory, string> = {
  office: 'Office side',
  line: 'Line level',
  product: 'In the product',
};

export const SYSTEMS_OF_RECORD = ['ERP', 'MES', 'CRM', 'WMS', 'other'] as const;
export type SystemOfRecord = (typeof SYSTEMS_OF_RECORD)[number];

export const AGENT_STATUSES = ['proposed', 'pilot', 'production', 'scaling', 'retired'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** How many agents are in each status; a status with none may be left out. */
export type StatusCounts = Readonly<Partial<Record<AgentStatus, number>>>;

export function statusCounts(agents: readonly { status: AgentStatus }[]): StatusCounts {
  const counts: Partial<Record<AgentStatus, number>> = {};
  for (const a of agents) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}

export const STATUS_LABELS: Record<AgentStatus, string> = {
  proposed: 'Proposed',
  pilot: 'Pilot',
  production: 'In production',
  scaling: 'Scaling',
  retired: 'Retired',
};

/** What moved an agent: a person by hand, a confirmed gate review, or a kill-or-scale vote. */
export type TransitionCause = 'manual' | 'gate' | 'vote';

/**
 * The only moves the registry allows, and what may cause each one.
 * - proposed -> pilot: by hand; starting a pilot needs no ritual.
 * - pilot -> production: only a confirmed gate review, so "in production" always means all five bars.
 * - production -> scaling: only a kill-or-scale vote.
 * - scaling -> production is not a move: a "keep" vote changes nothing, so a scaling agent leaves
 *   scaling only by retiring. Nothing moves back to pilot or proposed either: an agent that fails
 *   its numbers is retired and, if worth it, registered again.
 * - anything not yet retired -> retired: by hand or by vote (a gate review never retires).
 * - retired is final.
 */
const ALLOWED_TRANSITIONS: Readonly<
  Record<AgentStatus, Partial<Record<AgentStatus, readonly TransitionCause[]>>>
> = {
  proposed: { pilot: ['manual'], retired: ['manual', 'vote'] },
  pilot: { production: ['gate'], retired: ['manual', 'vote'] },
  production: { scaling: ['vote'], retired: ['manual', 'vote'] },
  scaling: { retired: ['manual', 'vote'] },
  retired: {},
};

export function canTransition(from: AgentStatus, to: AgentStatus, cause: TransitionCause): boolean {
  return ALLOWED_TRANSITIONS[from][to]?.includes(cause) ?? false;
}

/** Running agents are the ones asked for a number at each monthly value review. */
export function isRunning(status: AgentStatus): boolean {
  return status === 'pilot' || status === 'production' || status === 'scaling';
}

/** The form two names share when they are the same name for uniqueness. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function lettersAndDigits(name: string): string {
  return normaliseName(name).replace(/[^\p{L}\p{N}]/gu, '');
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const deletion = (previous[j] ?? 0) + 1;
      const insertion = (current[j - 1] ?? 0) + 1;
      current.push(Math.min(substitution, deletion, insertion));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const NEAR_DUPLICATE_MIN_EDITS = 2;
/** Longer names tolerate more edits: "Order entries" is one agent with "Order entry", "Invoice matcher" with "Invoice matching". */
const NEAR_DUPLICATE_EDIT_SHARE = 0.25;
const NEAR_DUPLICATE_MIN_LENGTH = 5;

/** How far apart two squashed names are for the near-duplicate check, or Infinity when they are not near. */
function nearness(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length < NEAR_DUPLICATE_MIN_LENGTH || b.length < NEAR_DUPLICATE_MIN_LENGTH) return Infinity;
  const distance = editDistance(a, b);
  // One name inside the other ("Order entry bot") is the same agent with a word added.
  if (a.includes(b) || b.includes(a)) return distance;
  const allowed = Math.max(
    NEAR_DUPLICATE_MIN_EDITS,
    Math.floor(Math.max(a.length, b.length) * NEAR_DUPLICATE_EDIT_SHARE),
  );
  return distance <= allowed ? distance : Infinity;
}

/**
 * The existing name that the new one looks like a variant of ("Invoice-Matching", "Invoce matching",
 * "Order entries" or "Order entry bot" next to "Order entry"), closest first. Only a warning, so it
 * errs on the side of asking. Exact duplicates after normaliseName are a different problem (the name
 * is taken), so they are skipped.
 */
export function findNearDuplicate(name: string, existing: readonly string[]): string | null {
  const normalised = normaliseName(name);
  const squashed = lettersAndDigits(name);
  if (squashed === '') return null;
  let best: { name: string; distance: number } | null = null;
  for (const candidate of existing) {
    if (normaliseName(candidate) === normalised) continue;
    const candidateSquashed = lettersAndDigits(candidate);
    if (candidateSquashed === '') continue;
    const distance = nearness(squashed, candidateSquashed);
    if (distance !== Infinity && (best === null || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name ?? null;
}

/** Line-level or product work while no office-side agent is proven in production. */
export function skipsSteps(category: AgentCategory, officeSideInProduction: boolean): boolean {
  return category !== 'office' && !officeSideInProduction;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** "Ships in weeks" means six weeks or less from registration to a passed gate. */
export const SHIPS_IN_WEEKS_DAYS = 42;

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/**
 * Whether new agents ship in weeks, read from the registry: the median time from registration to a
 * passed gate over the most recent agents to pass (by gate date). Too few agents is unknown, not yes.
 * The median is rounded to a tenth of a day before it is compared, so the number shown is the number judged.
 */
export function shipsInWeeksEvidence(
  agents: readonly { registeredAt: Date; gatePassedAt: Date | null }[],
  opts: { lastN?: number; weeksDays?: number; minSample?: number } = {},
): { value: Known; medianDays?: number; sample: number } {
  const { lastN = 5, weeksDays = SHIPS_IN_WEEKS_DAYS, minSample = 2 } = opts;
  const recent = agents
    .flatMap(({ registeredAt, gatePassedAt }) =>
      gatePassedAt === null ? [] : [{ registeredAt, gatePassedAt }],
    )
    .sort((a, b) => b.gatePassedAt.getTime() - a.gatePassedAt.getTime())
    .slice(0, lastN);
  const sample = recent.length;
  if (sample < minSample) return { value: 'unknown', sample };
  const days = recent
    .map(({ registeredAt, gatePassedAt }) => (gatePassedAt.getTime() - registeredAt.getTime()) / DAY_MS)
    .sort((a, b) => a - b);
  const medianDays = Math.round(median(days) * 10) / 10;
  return { value: medianDays <= weeksDays ? 'yes' : 'no', medianDays, sample };
}

/** What a person types about an agent: the same fields when registering and when editing. */
export interface AgentFields {
  readonly name: string;
  readonly workflow: string;
  readonly category: AgentCategory;
  readonly systemOfRecord: SystemOfRecord;
  /** The system's own name, e.g. "Epicor Kinetic"; required for "other". */
  readonly systemName: string | null;
  readonly metric: string;
  readonly monthlyTargetCents: number;
  /** Percent, 0 to 100: cases below it go to a person. */
  readonly confidenceThreshold: number;
  readonly buildCostCents: number | null;
}

export interface Agent extends AgentFields {
  readonly id: number;
  readonly teamId: string;
  readonly ownerId: string;
  readonly status: AgentStatus;
  /** Registered as line-level or product work while no office-side agent was in production. */
  readonly skippingSteps: boolean;
  readonly registeredBy: string;
  readonly registeredAt: Date;
  readonly gatePassedAt: Date | null;
  readonly retiredAt: Date | null;
  /** Set when Slack reports the owner deactivated; cleared by a hand-over. */
  readonly ownerLeftAt: Date | null;
}

/** Only what a person typed, so an audit row shows the agent as it was without joining anything. */
export function agentFieldsOf(agent: AgentFields): AgentFields {
  return {
    name: agent.name,
    workflow: agent.workflow,
    category: agent.category,
    systemOfRecord: agent.systemOfRecord,
    systemName: agent.systemName,
    metric: agent.metric,
    monthlyTargetCents: agent.monthlyTargetCents,
    confidenceThreshold: agent.confidenceThreshold,
    buildCostCents: agent.buildCostCents,
  };
}
