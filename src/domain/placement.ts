import { monthLabel, type PeriodKey } from './calendar.js';
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

/**
 * A reason is a fact from the records in parts: the app's own words, and the facts a view renders its
 * own way (an agent's name as typed, a person as a mention, a day in the workspace's zone).
 */
export type ReasonPart =
  | string
  | { readonly agent: string }
  | { readonly person: string }
  /** An instant, ISO 8601. */
  | { readonly day: string };
export type Reason = readonly ReasonPart[];

/** What the latest posted value review says of one agent: it had a number, it was asked and had none, or it was not in that review. */
export type LastReviewNumber = 'reported' | 'missing' | 'not-asked';

/** An agent in production or scaling on the placement day. */
export interface RunningAgent {
  readonly name: string;
  readonly ownerId: string;
  /** When it passed its production gate (ISO 8601); null when the registry holds no gate for it. */
  readonly gatePassedAt: string | null;
  /** Its owner left the workspace: it has no named owner until it is handed over. */
  readonly ownerLeft: boolean;
  readonly lastReview: LastReviewNumber;
}

/** What the app's own records say, gathered by the store from the registry and the monthly reports. */
export interface Evidence {
  /** How many of the running agents count as in production (`productionAgentsIn`). */
  productionAgents: number;
  /** At least one office-side agent among the production agents. */
  officeSideInProduction: boolean;
  /** Line-level or in-product agents in the registry that are not retired. */
  lineOrProductAgents: number;
  shipsInWeeks: { value: Known; medianDays?: number; sample: number };
  /** Every agent in production or scaling on the placement day, the longest running first. */
  runningAgents: readonly RunningAgent[];
  /** The latest posted monthly value review: the month it reported and when it was posted (ISO 8601). */
  lastReview: { readonly month: PeriodKey; readonly postedAt: string } | null;
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
  readonly reason: Reason;
}

/**
 * An answer the records contradict, in either direction: the person said `answered`, the records say
 * `record` and `why`. For 'threeOrMoreAgents', `answered` is what the answers implied by describing a portfolio.
 */
export interface Override {
  readonly question: CheckId;
  readonly answered: boolean;
  readonly record: Known;
  readonly why: Reason;
}

export interface Placement {
  /** The stage the answers alone give. */
  readonly selfReported: StageNumber;
  /** The stage the records give, with the answers only where the records say nothing. */
  readonly evidenceBased: StageNumber;
  /** The one that counts: the records win, in both directions. */
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
  runningAgents: [],
  lastReview: null,
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

/** What the records say on one check, and the fact that says it. */
interface RecordCheck {
  readonly record: Known;
  readonly why: Reason;
}

/** An agent with a gate and a named owner: what "an agent in production" means to the model. */
function countsAsProduction(agent: RunningAgent): agent is RunningAgent & { gatePassedAt: string } {
  return agent.gatePassedAt !== null && !agent.ownerLeft;
}

export function productionAgentsIn(running: readonly RunningAgent[]) {
  return running.filter(countsAsProduction);
}

/**
 * The questions the records can check. Tool use and core decisions are not in the records, so they
 * stand as answered. Funding cannot be disproved from the registry (money may be committed before an
 * agent is registered), so that record is only ever yes or unknown.
 */
function recordChecks(
  evidence: Evidence,
): Readonly<Record<Exclude<CheckId, 'usesAiTools' | 'aiInCoreDecisions'>, RecordCheck>> {
  const counted = productionAgentsIn(evidence.runningAgents);
  // An agent whose owner left passed its gate but has no named owner: named in the reason, not counted.
  const ownerless = evidence.runningAgents.filter((a) => a.gatePassedAt !== null && a.ownerLeft).length;
  const none = productionAgentsSentence(counted.length, ownerless);
  return {
    agentInProduction: counted[0]
      ? { record: 'yes', why: firstAgentReason(counted[0], counted.length) }
      : { record: 'no', why: none },
    threeOrMoreAgents:
      counted.length >= 3
        ? {
            record: 'yes',
            why: [`The registry has ${counted.length} agents in production: `, ...namesList(counted), '.'],
          }
        : { record: 'no', why: none },
    shipsInWeeks: { record: evidence.shipsInWeeks.value, why: [shipsInWeeksWhy(evidence.shipsInWeeks)] },
    everyAgentReports: everyAgentReportsCheck(evidence),
    fundsLineLevelFirst: recordShowsSkipping(evidence)
      ? { record: 'yes', why: [lineLevelSentence(evidence)] }
      : { record: 'unknown', why: ['The registry cannot show what is being funded.'] },
  };
}

/**
 * The claims the stage is graded on: what the records prove wherever they say yes or no, the answer
 * where the records cannot see, and not yes where the records cannot tell (unknown is not yes).
 */
export function evidenceAnswers(answers: Answers, evidence: Evidence): Claims {
  const checks = recordChecks(evidence);
  return {
    usesAiTools: answers.usesAiTools,
    agentInProduction: checks.agentInProduction.record === 'yes',
    threeOrMoreAgents: checks.threeOrMoreAgents.record === 'yes',
    shipsInWeeks: checks.shipsInWeeks.record === 'yes',
    everyAgentReports: checks.everyAgentReports.record === 'yes',
    aiInCoreDecisions: answers.aiInCoreDecisions,
    fundsLineLevelFirst: answers.fundsLineLevelFirst || checks.fundsLineLevelFirst.record === 'yes',
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

/** Names that fit in a sentence: "A", "A and B", "A, B and C", "A, B, C and 2 more". */
const NAMES_SHOWN = 3;
function namesList(agents: readonly { name: string }[]): ReasonPart[] {
  const shown = agents.slice(0, NAMES_SHOWN).map((a): ReasonPart => ({ agent: a.name }));
  const hidden = agents.length - shown.length;
  const items: ReasonPart[][] = shown.map((part) => [part]);
  if (hidden > 0) items.push([`${hidden} more`]);
  return items.flatMap((item, i) => {
    if (i === 0) return item;
    return [i === items.length - 1 ? ' and ' : ', ', ...item];
  });
}

function firstAgentReason(first: RunningAgent & { gatePassedAt: string }, count: number): Reason {
  const more = count > 1 ? `, and ${plural(count - 1, 'more agent', 'more agents')}` : '';
  return [
    'The registry has ',
    { agent: first.name },
    ' in production since ',
    { day: first.gatePassedAt },
    ', owned by ',
    { person: first.ownerId },
    `${more}.`,
  ];
}

function productionAgentsSentence(count: number, ownerless: number): Reason {
  const noOwner =
    ownerless === 1
      ? 'has no named owner: its owner left the workspace'
      : 'have no named owner: their owners left the workspace';
  if (count === 0) {
    return [
      ownerless === 0
        ? 'The registry has no agent that passed its production gate.'
        : `${ownerless === 1 ? 'The one agent' : `The ${ownerless} agents`} that passed the production gate ${noOwner}.`,
    ];
  }
  const counted = `The registry has ${plural(count, 'agent', 'agents')} that passed the production gate, not three or more.`;
  return [ownerless === 0 ? counted : `${counted} ${ownerless} more ${noOwner}.`];
}

function shipsInWeeksWhy(evidence: Evidence['shipsInWeeks']): string {
  if (evidence.medianDays !== undefined) {
    return `Median ${describeDays(evidence.medianDays)} from registration to passed gate over the last ${plural(evidence.sample, 'agent', 'agents')}.`;
  }
  if (evidence.value === 'no') return 'Recent agents took longer than six weeks to pass the gate.';
  if (evidence.sample === 0) {
    return 'No agent has passed its production gate yet, so how fast new ones ship is unknown, not yes.';
  }
  return `Only ${plural(evidence.sample, 'agent has', 'agents have')} passed the gate, too few to tell how fast new ones ship. Unknown is not yes.`;
}

/**
 * What the records say of monitoring, the gate's fifth bar: how many agents in production or scaling count as
 * monitored because their live feed is healthy (connected, not silent). Null when no agent runs, and for
 * placements stored before feeds existed.
 */
export function monitoringReason(evidence: Evidence): Reason | null {
  const monitored = evidence.monitoredAgents;
  const running = evidence.runningAgents.length;
  if (monitored === undefined || running === 0) return null;
  if (running === 1)
    return [
      monitored === 1
        ? 'A healthy live feed (connected, not silent) shows your one agent in production or scaling as monitored.'
        : 'Your one agent in production or scaling has no healthy live feed (connected, not silent): its monitoring rests on what was claimed at the gate.',
    ];
  const shown = `Healthy live feeds (connected, not silent) show ${monitored} of the ${plural(running, 'agent', 'agents')} in production or scaling as monitored.`;
  const rest = running - monitored;
  if (rest === 0) return [shown];
  const others = monitored === 0 ? 'them' : rest === 1 ? 'the other one' : `the other ${rest}`;
  return [`${shown} For ${others}, monitoring rests on what was claimed at the gate.`];
}

/**
 * "Every running agent reports" holds only when every agent in production or scaling today had a
 * number in the latest posted review. One asked and silent makes it no; one that review never asked
 * (gated after it) makes it unknown, since nobody can yet say whether it will report.
 */
function everyAgentReportsCheck({ runningAgents, lastReview }: Evidence): RecordCheck {
  if (lastReview === null) {
    return {
      record: 'unknown',
      why: ['No monthly value review has been posted yet, so this is unknown, not yes.'],
    };
  }
  if (runningAgents.length === 0) {
    return {
      record: 'unknown',
      why: ['No agent is in production or scaling, so none reports a number yet.'],
    };
  }
  const review = `the ${monthLabel(lastReview.month)} review`;
  const of = (some: readonly RunningAgent[]) =>
    `${some.length} of ${plural(runningAgents.length, 'agent', 'agents')} in production`;
  const missing = runningAgents.filter((a) => a.lastReview === 'missing');
  if (missing.length > 0) {
    return { record: 'no', why: [`${of(missing)} had no number in ${review}: `, ...namesList(missing), '.'] };
  }
  const notAsked = runningAgents.filter((a) => a.lastReview === 'not-asked');
  if (notAsked.length > 0) {
    const first = notAsked[0] as RunningAgent;
    const since: Reason =
      first.gatePassedAt === null ? [] : [', in production since ', { day: first.gatePassedAt }, ','];
    const subject: Reason =
      notAsked.length === 1
        ? [{ agent: first.name }, ...since, ' was']
        : [
            ...namesList(notAsked),
            `, ${notAsked.length} of the ${runningAgents.length} agents in production, were`,
          ];
    const pronoun = notAsked.length === 1 ? 'it has' : 'they have';
    return {
      record: 'unknown',
      why: [
        ...subject,
        ` not in ${review}, posted `,
        { day: lastReview.postedAt },
        `: ${pronoun} not been asked for a number yet, so whether every agent reports is unknown, not yes.`,
      ],
    };
  }
  return {
    record: 'yes',
    why: [
      `${runningAgents.length === 1 ? 'The one agent' : `All ${runningAgents.length} agents`} in production had a number in ${review}.`,
    ],
  };
}

function lineLevelSentence(evidence: Evidence): string {
  return `The registry has ${plural(evidence.lineOrProductAgents, 'line-level or in-product agent', 'line-level or in-product agents')} and no office-side agent in production.`;
}

/**
 * Whether the records contradict an answer. A yes they do not back (no, or unknown: unknown is not
 * yes), or a no they prove wrong. fundsLineLevelFirst is the one question where yes is the bad answer
 * and the records can only ever show it, so there only a no they contradict counts.
 */
function contradicts(answered: boolean, record: Known): boolean {
  return answered ? record !== 'yes' : record === 'yes';
}

function findOverrides(answers: Answers, evidence: Evidence): Override[] {
  const checks = recordChecks(evidence);
  return QUESTION_IDS.flatMap((question): Override[] => {
    if (question === 'usesAiTools' || question === 'aiInCoreDecisions') return [];
    const check = checks[question];
    const answered = answers[question];
    const contradicted =
      question === 'fundsLineLevelFirst'
        ? !answered && check.record === 'yes'
        : contradicts(answered, check.record);
    const own = contradicted ? [{ question, answered, ...check }] : [];
    // The count no question asks is checked right after the question it follows from, when the answers
    // describe a portfolio and some agent runs (with none, the answer above already says so).
    const count = checks.threeOrMoreAgents;
    const implied =
      question === 'agentInProduction' &&
      impliesPortfolio(answers) &&
      checks.agentInProduction.record === 'yes' &&
      count.record !== 'yes'
        ? [{ question: 'threeOrMoreAgents' as const, answered: true, ...count }]
        : [];
    return [...own, ...implied];
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
  return { id: 'skippingSteps', title: 'Skipping steps', reason: [[...causes, SKIPPING_COST].join(' ')] };
}

/** Agents run and not every one reports: by the records, or by the answer where the records cannot tell. */
function sprawlRiskFlag(answers: Answers, claims: Claims, reports: RecordCheck): Flag | null {
  if (!claims.agentInProduction) return null;
  const admitted = reports.record === 'unknown' && !answers.everyAgentReports;
  if (reports.record !== 'no' && !admitted) return null;
  const gap: Reason = admitted ? ['Not every running agent reports its dollar number.'] : reports.why;
  return {
    id: 'sprawlRisk',
    title: 'Sprawl risk',
    reason: [...gap, ' Without the numbers, nobody can tell which agents still earn their keep.'],
  };
}

/**
 * Places the operation. The records win, in both directions: where they prove an answer wrong the
 * stage follows the records and the result names the answer and the fact. So the stage is never above
 * what the records prove, and never below it either.
 */
export function place(answers: Answers, evidence: Evidence): Placement {
  const claims = evidenceAnswers(answers, evidence);
  const final = stageFor(claims);
  const flags = [
    skippingStepsFlag(answers, evidence, final),
    sprawlRiskFlag(answers, claims, recordChecks(evidence).everyAgentReports),
  ].filter((flag): flag is Flag => flag !== null);
  return {
    selfReported: selfReportedStage(answers),
    evidenceBased: final,
    final,
    overrides: findOverrides(answers, evidence),
    flags,
  };
}

export interface StoredPlacement extends Placement {
  readonly id: number;
  readonly teamId: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly answers: Answers;
  readonly evidence: Evidence;
}
