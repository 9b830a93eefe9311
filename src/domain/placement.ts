import { type StageNumber, stageLabel } from './stages.js';

/** The model's four questions plus the two that tell stages apart, in the order a person answers them. */
export const QUESTION_IDS = [
  'usesAiTools',
  'agentInProduction',
  'shipsInWeeks',
  'everyAgentReports',
  'aiInCoreDecisions',
  'fundsLineLevelFirst',
] as const;
export type QuestionId = (typeof QUESTION_IDS)[number];

export interface Question {
  readonly id: QuestionId;
  readonly text: string;
  readonly hint: string;
}

export const QUESTIONS: readonly Question[] = [
  {
    id: 'usesAiTools',
    text: 'Do staff use AI tools in their work at all?',
    hint: 'Yes if people use off-the-shelf AI tools for real work, even on their own.',
  },
  {
    id: 'agentInProduction',
    text: 'Is at least one AI agent in production with a dollar metric and a named owner?',
    hint: 'An agent runs one workflow end to end and writes back to a system of record. Pilots and chatbots do not count.',
  },
  {
    id: 'shipsInWeeks',
    text: 'Can a new agent ship in weeks by reusing existing infrastructure?',
    hint: 'Yes if your recent agents went from idea to production in about six weeks or less.',
  },
  {
    id: 'everyAgentReports',
    text: 'Does every running agent report a dollar contribution in a regular review?',
    hint: 'Yes only if every running agent has its number in a monthly review, not just the best ones.',
  },
  {
    id: 'aiInCoreDecisions',
    text: 'Is AI part of core operational decisions, such as scheduling or planning?',
    hint: 'For example, demand sensing that feeds the schedule, or planning calls written back within guardrails.',
  },
  {
    id: 'fundsLineLevelFirst',
    text: 'Is line-level or product AI being funded before office-side agents are proven?',
    hint: 'Line level means the shop floor: predictive maintenance, vision inspection. Product means AI inside what you sell.',
  },
];

export type Answers = Readonly<Record<QuestionId, boolean>>;

/**
 * What a placement is graded on: the answers plus the one condition no question asks, because the
 * registry knows it better than anyone's memory: stage 3 needs three or more agents running.
 */
export type CheckId = QuestionId | 'threeOrMoreAgents';
export type Claims = Readonly<Record<CheckId, boolean>>;

/** How the result names what was checked: a question's own text, or the condition the answers implied. */
export const CHECK_TEXTS: Readonly<Record<CheckId, string>> = {
  ...(Object.fromEntries(QUESTIONS.map((q) => [q.id, q.text])) as Record<QuestionId, string>),
  threeOrMoreAgents: 'Stage 3 needs three or more agents running in production.',
};

export type Known = 'yes' | 'no' | 'unknown';

/** What the app's own records say, gathered by the store from the registry and the monthly reports. */
export interface Evidence {
  /** Agents that passed their gate and run in production or scaling, each with an owner and a dollar metric. */
  productionAgents: number;
  /**
   * Agents that passed their gate and still run, but whose owner left the workspace: not counted above,
   * and named in the reason so the person sees why. Absent from placements stored before it was kept.
   */
  ownerlessProductionAgents?: number;
  /** At least one office-side agent among the production agents. */
  officeSideInProduction: boolean;
  /** Line-level or in-product agents in the registry that are not retired. */
  lineOrProductAgents: number;
  shipsInWeeks: { value: Known; medianDays?: number; sample: number };
  everyAgentReports: { value: Known; missing?: number; expected?: number; period?: string };
  /**
   * Production agents whose live feed is healthy (connected, not silent): monitored, by the records rather than
   * by a claim. Absent from placements stored before feeds existed.
   */
  monitoredAgents?: number;
}

export type FlagId = 'skippingSteps' | 'sprawlRisk';

export interface Flag {
  readonly id: FlagId;
  readonly title: string;
  readonly reason: string;
}

/**
 * An answer the records did not back: the person said `answered`, the records say `record`. For
 * 'threeOrMoreAgents', `answered` is what the answers implied by describing a portfolio.
 */
export interface Override {
  readonly question: CheckId;
  readonly answered: boolean;
  readonly record: Known;
  readonly why: string;
}

export interface Placement {
  readonly selfReported: StageNumber;
  readonly evidenceBased: StageNumber;
  /** The lower of the two: records can pull a placement down, never push it up. */
  readonly final: StageNumber;
  readonly overrides: readonly Override[];
  readonly flags: readonly Flag[];
}

/** An empty registry and no monthly review yet. */
export const NO_RECORDS: Evidence = {
  productionAgents: 0,
  officeSideInProduction: false,
  lineOrProductAgents: 0,
  shipsInWeeks: { value: 'unknown', sample: 0 },
  everyAgentReports: { value: 'unknown' },
};

const PORTFOLIO_STAGE: StageNumber = 3;

/** The model's grading. fundsLineLevelFirst never changes the stage: skipping steps is a flag. */
export function stageFor(claims: Claims): StageNumber {
  if (!claims.agentInProduction) return claims.usesAiTools ? 1 : 0;
  const portfolio = claims.threeOrMoreAgents && claims.shipsInWeeks && claims.everyAgentReports;
  if (!portfolio) return 2;
  return claims.aiInCoreDecisions ? 4 : 3;
}

/**
 * Answers that describe a portfolio (agents that ship in weeks and all report) imply three or more
 * agents: no question asks the count, so the answers alone grade as if it held, and the records check it.
 */
function impliesPortfolio(answers: Answers): boolean {
  return answers.agentInProduction && answers.shipsInWeeks && answers.everyAgentReports;
}

export function selfReportedStage(answers: Answers): StageNumber {
  return stageFor({ ...answers, threeOrMoreAgents: impliesPortfolio(answers) });
}

function recordShowsSkipping(evidence: Evidence): boolean {
  return evidence.lineOrProductAgents > 0 && !evidence.officeSideInProduction;
}

/** What the records say on one question, and the sentence that says it with the numbers. */
interface RecordCheck {
  readonly record: Known;
  readonly why: string;
}

/**
 * The questions the records can check. Tool use and core decisions are not in the records, so they
 * stand as answered. Funding cannot be disproved from the registry (money may be committed before an
 * agent is registered), so that record is only ever yes or unknown.
 */
function recordChecks(evidence: Evidence): Partial<Record<CheckId, RecordCheck>> {
  const agentsWhy = productionAgentsSentence(
    evidence.productionAgents,
    evidence.ownerlessProductionAgents ?? 0,
  );
  return {
    agentInProduction: { record: evidence.productionAgents >= 1 ? 'yes' : 'no', why: agentsWhy },
    threeOrMoreAgents: { record: evidence.productionAgents >= 3 ? 'yes' : 'no', why: agentsWhy },
    shipsInWeeks: { record: evidence.shipsInWeeks.value, why: shipsInWeeksWhy(evidence.shipsInWeeks) },
    everyAgentReports: {
      record: evidence.everyAgentReports.value,
      why: everyAgentReportsWhy(evidence.everyAgentReports),
    },
    fundsLineLevelFirst: {
      record: recordShowsSkipping(evidence) ? 'yes' : 'unknown',
      why: lineLevelSentence(evidence),
    },
  };
}

export function evidenceAnswers(answers: Answers, evidence: Evidence): Claims {
  const checks = recordChecks(evidence);
  return {
    usesAiTools: answers.usesAiTools,
    agentInProduction: checks.agentInProduction?.record === 'yes',
    threeOrMoreAgents: checks.threeOrMoreAgents?.record === 'yes',
    shipsInWeeks: checks.shipsInWeeks?.record === 'yes',
    everyAgentReports: checks.everyAgentReports?.record === 'yes',
    aiInCoreDecisions: answers.aiInCoreDecisions,
    fundsLineLevelFirst: answers.fundsLineLevelFirst || recordShowsSkipping(evidence),
  };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function roundedTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

function describeDays(days: number): string {
  return days < 14
    ? plural(roundedTenth(days), 'day', 'days')
    : plural(roundedTenth(days / 7), 'week', 'weeks');
}

function productionAgentsSentence(count: number, ownerless: number): string {
  const noOwner =
    ownerless === 1
      ? 'has no named owner: its owner left the workspace'
      : 'have no named owner: their owners left the workspace';
  if (count === 0) {
    return ownerless === 0
      ? 'The registry has no agent that passed its production gate.'
      : `${ownerless === 1 ? 'The one agent' : `The ${ownerless} agents`} that passed the production gate ${noOwner}.`;
  }
  const counted = `The registry has ${plural(count, 'agent', 'agents')} that passed the production gate, not three or more.`;
  return ownerless === 0 ? counted : `${counted} ${ownerless} more ${noOwner}.`;
}

function shipsInWeeksWhy(evidence: Evidence['shipsInWeeks']): string {
  if (evidence.value === 'no' && evidence.medianDays !== undefined) {
    return `Median ${describeDays(evidence.medianDays)} from registration to passed gate over the last ${plural(evidence.sample, 'agent', 'agents')}.`;
  }
  if (evidence.value === 'no') return 'Recent agents took longer than six weeks to pass the gate.';
  if (evidence.sample === 0) {
    return 'No agent has passed its production gate yet, so how fast new ones ship is unknown, not yes.';
  }
  return `Only ${plural(evidence.sample, 'agent has', 'agents have')} passed the gate, too few to tell how fast new ones ship. Unknown is not yes.`;
}

function everyAgentReportsWhy(evidence: Evidence['everyAgentReports']): string {
  if (evidence.value === 'unknown')
    return 'No monthly value review has run yet, so this is unknown, not yes.';
  const { missing, expected, period } = evidence;
  const when = period === undefined ? 'in the last monthly review' : `for ${period}`;
  if (missing !== undefined && expected !== undefined) {
    return `${missing} of ${plural(expected, 'agent', 'agents')} did not report ${when}.`;
  }
  return `Not every running agent reported its dollar number ${when}.`;
}

function lineLevelSentence(evidence: Evidence): string {
  return `The registry has ${plural(evidence.lineOrProductAgents, 'line-level or in-product agent', 'line-level or in-product agents')} and no office-side agent in production.`;
}

/** Answers that imply a portfolio while the registry has fewer than three agents (but some: none is said already). */
function countOverride(answers: Answers, evidence: Evidence, check: RecordCheck | undefined): Override[] {
  if (!impliesPortfolio(answers) || evidence.productionAgents < 1 || !check || check.record === 'yes')
    return [];
  return [{ question: 'threeOrMoreAgents', answered: true, record: check.record, why: check.why }];
}

function findOverrides(answers: Answers, evidence: Evidence): Override[] {
  const checks = recordChecks(evidence);
  return QUESTION_IDS.flatMap((question): Override[] => {
    // The count no question asks is checked right after the question it follows from.
    const implied =
      question === 'agentInProduction' ? countOverride(answers, evidence, checks.threeOrMoreAgents) : [];
    const check = checks[question];
    if (check === undefined) return implied;
    const { record, why } = check;
    // A yes the records do not back is overridden downwards. fundsLineLevelFirst is the one question
    // where yes is the bad answer, so there the records override a no they contradict.
    const contradicted =
      question === 'fundsLineLevelFirst'
        ? !answers[question] && record === 'yes'
        : answers[question] && record !== 'yes';
    return contradicted ? [{ question, answered: answers[question], record, why }, ...implied] : implied;
  });
}

const SKIPPING_COST =
  'Skipped stages cost money: line-level and product AI pays back only on top of proven office-side agents.';

function skippingStepsFlag(answers: Answers, evidence: Evidence, final: StageNumber): Flag | null {
  const causes: string[] = [];
  if (answers.fundsLineLevelFirst) {
    causes.push('Line-level or product AI is being funded before office-side agents are proven.');
  }
  if (recordShowsSkipping(evidence)) causes.push(lineLevelSentence(evidence));
  if (answers.aiInCoreDecisions && final < PORTFOLIO_STAGE) {
    causes.push(`AI is said to be in core decisions, but the foundation is ${stageLabel(final)}.`);
  }
  if (causes.length === 0) return null;
  return { id: 'skippingSteps', title: 'Skipping steps', reason: [...causes, SKIPPING_COST].join(' ') };
}

function sprawlRiskFlag(answers: Answers, evidence: Evidence): Flag | null {
  const agentsRunning = answers.agentInProduction || evidence.productionAgents >= 1;
  const recordSaysNo = evidence.everyAgentReports.value === 'no';
  if (!agentsRunning || (answers.everyAgentReports && !recordSaysNo)) return null;
  const gap = recordSaysNo
    ? everyAgentReportsWhy(evidence.everyAgentReports)
    : 'Not every running agent reports its dollar number.';
  return {
    id: 'sprawlRisk',
    title: 'Sprawl risk',
    reason: `${gap} Without the numbers, nobody can tell which agents still earn their keep.`,
  };
}

export function place(answers: Answers, evidence: Evidence): Placement {
  const selfReported = selfReportedStage(answers);
  const evidenceBased = stageFor(evidenceAnswers(answers, evidence));
  // The minimum of two stage numbers is one of them, so the narrowing is safe.
  const final = Math.min(selfReported, evidenceBased) as StageNumber;
  const flags = [skippingStepsFlag(answers, evidence, final), sprawlRiskFlag(answers, evidence)].filter(
    (flag): flag is Flag => flag !== null,
  );
  return { selfReported, evidenceBased, final, overrides: findOverrides(answers, evidence), flags };
}

export interface StoredPlacement extends Placement {
  readonly id: number;
  readonly teamId: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly answers: Answers;
  readonly evidence: Evidence;
}
