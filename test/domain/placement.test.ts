import { describe, expect, it } from 'vitest';
import {
  type Answers,
  type Evidence,
  evidenceAnswers,
  monitoringReason,
  NO_RECORDS,
  place,
  productionAgentsIn,
  QUESTION_IDS,
  QUESTIONS,
  type QuestionId,
  type Reason,
  type RunningAgent,
  selfReportedStage,
} from '../../src/domain/placement.js';

const ALL_NO: Answers = {
  usesAiTools: false,
  agentInProduction: false,
  shipsInWeeks: false,
  everyAgentReports: false,
  aiInCoreDecisions: false,
  fundsLineLevelFirst: false,
};

function answers(yes: readonly QuestionId[]): Answers {
  return { ...ALL_NO, ...Object.fromEntries(yes.map((id) => [id, true])) };
}

const OCTOBER_REVIEW = { month: '2026-10', postedAt: '2026-11-10T15:00:00.000Z' };

/** An office agent gated on 3 March and owned by a named person, with its number in the October review. */
function running(name: string, over: Partial<RunningAgent> = {}): RunningAgent {
  return {
    name,
    ownerId: `U${name.toUpperCase().replace(/\W/g, '')}`,
    gatePassedAt: '2026-03-03T15:00:00.000Z',
    ownerLeft: false,
    lastReview: 'reported',
    ...over,
  };
}

/** Records of these running agents, consistent with each other; `over` changes the rest. */
function records(agents: readonly RunningAgent[], over: Partial<Evidence> = {}): Evidence {
  return {
    productionAgents: productionAgentsIn(agents).length,
    officeSideInProduction: agents.some((a) => a.gatePassedAt !== null),
    lineOrProductAgents: 0,
    shipsInWeeks: { value: 'yes', medianDays: 30, sample: Math.max(agents.length, 2) },
    runningAgents: agents,
    lastReview: OCTOBER_REVIEW,
    ...over,
  };
}

/** A reason as plain text: people as @id, days as their ISO date. */
function text(reason: Reason | undefined): string {
  return (reason ?? [])
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('agent' in part) return part.agent;
      if ('person' in part) return `@${part.person}`;
      return part.day.slice(0, 10);
    })
    .join('');
}

/** Records that back a healthy portfolio of three office agents that report and ship in weeks. */
const STRONG_RECORDS = records([running('Invoice matcher'), running('Order entry'), running('Quote prep')]);

/** Answers that describe a portfolio, which implies three or more agents: the records check the count. */
const PORTFOLIO_ANSWERS = answers(['usesAiTools', 'agentInProduction', 'shipsInWeeks', 'everyAgentReports']);

describe('the questions', () => {
  it("asks the model's four questions and the two that tell stages apart, in order, each short enough for a form label", () => {
    expect(QUESTION_IDS).toHaveLength(6);
    expect(QUESTIONS.map((q) => q.id)).toEqual([...QUESTION_IDS]);
    for (const question of QUESTIONS) {
      expect(question.text.length).toBeLessThanOrEqual(150);
      expect(question.hint.length).toBeLessThanOrEqual(150);
      expect(question.text.endsWith('?')).toBe(true);
      expect(question.hint.trim()).not.toBe('');
    }
  });
});

describe('every combination of answers, with records that agree', () => {
  // The model's grading restated as a table, read independently of the code:
  // columns are usesAiTools, agentInProduction, shipsInWeeks, everyAgentReports, aiInCoreDecisions
  // ('*' = either). fundsLineLevelFirst never moves the stage.
  const STAGE_TABLE: readonly (readonly [pattern: string, stage: number])[] = [
    ['0 0 * * *', 0],
    ['1 0 * * *', 1],
    ['* 1 0 * *', 2],
    ['* 1 1 0 *', 2],
    ['* 1 1 1 0', 3],
    ['* 1 1 1 1', 4],
  ];
  const TABLE_COLUMNS: readonly QuestionId[] = [
    'usesAiTools',
    'agentInProduction',
    'shipsInWeeks',
    'everyAgentReports',
    'aiInCoreDecisions',
  ];

  function stageFromTable(given: Answers): number {
    const matches = STAGE_TABLE.filter(([pattern]) =>
      pattern.split(' ').every((cell, i) => {
        const column = TABLE_COLUMNS[i];
        return cell === '*' || (column !== undefined && given[column] === (cell === '1'));
      }),
    );
    expect(matches).toHaveLength(1);
    return matches[0]?.[1] ?? -1;
  }

  /**
   * Records that say the same as the answers wherever they can: a described portfolio has four agents.
   * With no agent in production, the ones running have lost their owner, so they still report (or not).
   */
  function agreeingEvidence(given: Answers): Evidence {
    const portfolio = given.agentInProduction && given.shipsInWeeks && given.everyAgentReports;
    const names = portfolio ? ['A', 'B', 'C', 'D'] : ['A'];
    const agents = names.map((name, i) =>
      running(name, {
        ownerLeft: !given.agentInProduction,
        lastReview: given.everyAgentReports || i > 0 ? 'reported' : 'missing',
      }),
    );
    return records(agents, {
      shipsInWeeks: given.shipsInWeeks
        ? { value: 'yes', medianDays: 20, sample: 4 }
        : { value: 'no', medianDays: 80, sample: 4 },
    });
  }

  const combinations = Array.from({ length: 2 ** QUESTION_IDS.length }, (_, mask) =>
    answers(QUESTION_IDS.filter((_, bit) => (mask >> bit) & 1)),
  );

  it('covers all 64 combinations', () => {
    expect(new Set(combinations.map((c) => JSON.stringify(c))).size).toBe(64);
  });

  it.each(combinations.map((given) => [JSON.stringify(given), given] as const))('%s', (_, given) => {
    const expectedStage = stageFromTable(given);
    const placement = place(given, agreeingEvidence(given));

    expect(selfReportedStage(given)).toBe(expectedStage);
    expect(placement.selfReported).toBe(expectedStage);
    expect(placement.final).toBe(expectedStage);

    expect(placement.overrides).toEqual([]);
    expect(placement.evidenceBased).toBe(expectedStage);

    const skipping = given.fundsLineLevelFirst || (given.aiInCoreDecisions && expectedStage < 3);
    const sprawl = given.agentInProduction && !given.everyAgentReports;
    expect(placement.flags.map((f) => f.id)).toEqual([
      ...(skipping ? ['skippingSteps'] : []),
      ...(sprawl ? ['sprawlRisk'] : []),
    ]);
  });
});

describe('the records win, in both directions', () => {
  it('takes every checkable answer from the records, and keeps the two they cannot see', () => {
    const allYes = answers([...QUESTION_IDS]);
    expect(evidenceAnswers(allYes, NO_RECORDS)).toEqual({
      usesAiTools: true,
      agentInProduction: false,
      threeOrMoreAgents: false,
      shipsInWeeks: false,
      everyAgentReports: false,
      aiInCoreDecisions: true,
      fundsLineLevelFirst: true,
    });
    expect(evidenceAnswers(ALL_NO, STRONG_RECORDS)).toEqual({
      threeOrMoreAgents: true,
      ...ALL_NO,
      agentInProduction: true,
      shipsInWeeks: true,
      everyAgentReports: true,
    });
  });

  it('places an all-yes operation with an empty registry at stage 1, overriding three answers', () => {
    const placement = place(answers([...QUESTION_IDS]), NO_RECORDS);
    expect(placement.selfReported).toBe(4);
    expect(placement.evidenceBased).toBe(1);
    expect(placement.final).toBe(1);
    expect(placement.overrides.map((o) => [o.question, o.answered, o.record, text(o.why)])).toEqual([
      ['agentInProduction', true, 'no', 'The registry has no agent that passed its production gate.'],
      [
        'shipsInWeeks',
        true,
        'unknown',
        'No agent has passed its production gate yet, so how fast new ones ship is unknown, not yes.',
      ],
      [
        'everyAgentReports',
        true,
        'unknown',
        'No monthly value review has been posted yet, so this is unknown, not yes.',
      ],
    ]);
  });

  it('raises an all-"no" placement to the agent the registry proves, and names the answer and the fact', () => {
    const invoiceMatcher = running('Invoice matcher', { ownerId: 'UBOB', lastReview: 'not-asked' });
    const evidence = records([invoiceMatcher], {
      shipsInWeeks: { value: 'unknown', sample: 1 },
      lastReview: null,
    });
    const placement = place(ALL_NO, evidence);
    expect(placement.selfReported).toBe(0);
    expect(placement.final).toBe(2);
    expect(placement.evidenceBased).toBe(2);
    expect(placement.overrides).toEqual([
      {
        question: 'agentInProduction',
        answered: false,
        record: 'yes',
        why: [
          'The registry has ',
          { agent: 'Invoice matcher' },
          ' in production since ',
          { day: '2026-03-03T15:00:00.000Z' },
          ', owned by ',
          { person: 'UBOB' },
          '.',
        ],
      },
    ]);
  });

  it('raises only to what the records prove: a "no" the records cannot tell stays no', () => {
    const two = records([running('Invoice matcher'), running('Order entry', { lastReview: 'missing' })], {
      shipsInWeeks: { value: 'unknown', sample: 1 },
    });
    const placement = place(answers(['usesAiTools']), two);
    expect(placement.final).toBe(2);
    // Ships in weeks is unknown: the "no" stands, and it is not named as overridden.
    expect(placement.overrides.map((o) => o.question)).toEqual(['agentInProduction']);
    expect(text(placement.overrides[0]?.why)).toBe(
      'The registry has Invoice matcher in production since 2026-03-03, owned by @UINVOICEMATCHER, and 1 more agent.',
    );
  });

  it('raises a modest placement to the portfolio the records prove, naming each answer it overrode', () => {
    const placement = place(answers(['usesAiTools', 'agentInProduction']), STRONG_RECORDS);
    expect(placement.selfReported).toBe(2);
    expect(placement.final).toBe(3);
    expect(placement.overrides.map((o) => [o.question, o.answered, o.record, text(o.why)])).toEqual([
      [
        'shipsInWeeks',
        false,
        'yes',
        'Median 4.3 weeks from registration to passed gate over the last 3 agents.',
      ],
      [
        'everyAgentReports',
        false,
        'yes',
        'All 3 agents in production had a number in the October 2026 review.',
      ],
    ]);
    expect(placement.flags).toEqual([]);
  });

  it('never raises past what the records prove: three agents are needed for stage 3', () => {
    const two = records([running('Invoice matcher'), running('Order entry')]);
    const placement = place(ALL_NO, two);
    expect(placement.final).toBe(2);
    const hopeful = place(PORTFOLIO_ANSWERS, two);
    expect(hopeful.selfReported).toBe(3);
    expect(hopeful.final).toBe(2);
  });

  it('names how many agents there are when the answers describe a portfolio', () => {
    const placement = place(PORTFOLIO_ANSWERS, records([running('Invoice matcher')]));
    expect(placement.overrides.map((o) => [o.question, o.answered, o.record, text(o.why)])).toEqual([
      [
        'threeOrMoreAgents',
        true,
        'no',
        'The registry has 1 agent that passed the production gate, not three or more.',
      ],
    ]);
  });

  it('names the agents, a few at most, when the records prove a portfolio', () => {
    const five = records(['A', 'B', 'C', 'D', 'E'].map((name) => running(name)));
    const placement = place(answers(['agentInProduction', 'everyAgentReports']), five);
    expect(placement.final).toBe(3);
    expect(text(place(ALL_NO, five).overrides[0]?.why)).toBe(
      'The registry has A in production since 2026-03-03, owned by @UA, and 4 more agents.',
    );
    const counted = place(ALL_NO, five);
    expect(counted.overrides.map((o) => o.question)).toEqual([
      'agentInProduction',
      'shipsInWeeks',
      'everyAgentReports',
    ]);
    expect(text(counted.overrides[2]?.why)).toBe(
      'All 5 agents in production had a number in the October 2026 review.',
    );
  });

  it('says when agents passed the gate but lost their owner, instead of claiming none passed', () => {
    const orphaned = place(PORTFOLIO_ANSWERS, records([running('Invoice matcher', { ownerLeft: true })]));
    expect(text(orphaned.overrides.find((o) => o.question === 'agentInProduction')?.why)).toBe(
      'The one agent that passed the production gate has no named owner: its owner left the workspace.',
    );
    const some = place(
      PORTFOLIO_ANSWERS,
      records([
        running('Invoice matcher'),
        running('Order entry', { ownerLeft: true }),
        running('Quote prep', { ownerLeft: true }),
      ]),
    );
    expect(text(some.overrides.find((o) => o.question === 'threeOrMoreAgents')?.why)).toBe(
      'The registry has 1 agent that passed the production gate, not three or more. 2 more have no named owner: their owners left the workspace.',
    );
  });

  it('names the median when agents ship slowly', () => {
    const placement = place(PORTFOLIO_ANSWERS, {
      ...STRONG_RECORDS,
      shipsInWeeks: { value: 'no', medianDays: 63, sample: 4 },
    });
    expect(placement.final).toBe(2);
    expect(placement.overrides.map((o) => [o.question, o.record, text(o.why)])).toEqual([
      ['shipsInWeeks', 'no', 'Median 9 weeks from registration to passed gate over the last 4 agents.'],
    ]);
  });

  it.each([
    [1, '1 day'],
    [10.5, '10.5 days'],
    [45, '6.4 weeks'],
  ])('writes a median of %d days as %s', (medianDays, shown) => {
    const placement = place(PORTFOLIO_ANSWERS, {
      ...STRONG_RECORDS,
      shipsInWeeks: { value: 'no', medianDays, sample: 2 },
    });
    expect(text(placement.overrides[0]?.why)).toBe(
      `Median ${shown} from registration to passed gate over the last 2 agents.`,
    );
  });

  it('treats too few agents to judge shipping speed as unknown, not yes', () => {
    const placement = place(PORTFOLIO_ANSWERS, {
      ...STRONG_RECORDS,
      shipsInWeeks: { value: 'unknown', sample: 1 },
    });
    expect(placement.final).toBe(2);
    expect(placement.overrides.map((o) => [o.question, o.record, text(o.why)])).toEqual([
      [
        'shipsInWeeks',
        'unknown',
        'Only 1 agent has passed the gate, too few to tell how fast new ones ship. Unknown is not yes.',
      ],
    ]);
  });

  it('overrides a "no" on funding line-level work first when the registry shows it', () => {
    const lineLevel = { ...NO_RECORDS, lineOrProductAgents: 2 };
    const placement = place(answers(['usesAiTools']), lineLevel);
    expect(placement.overrides.map((o) => [o.question, o.answered, o.record, text(o.why)])).toEqual([
      [
        'fundsLineLevelFirst',
        false,
        'yes',
        'The registry has 2 line-level or in-product agents and no office-side agent in production.',
      ],
    ]);
    expect(evidenceAnswers(answers(['usesAiTools']), lineLevel)).toMatchObject({
      fundsLineLevelFirst: true,
    });
  });

  it('does not override a "yes" on funding line-level work: the registry cannot disprove it', () => {
    expect(place(answers(['fundsLineLevelFirst']), NO_RECORDS).overrides).toEqual([]);
  });

  it('does not override answers the records cannot check', () => {
    expect(place(answers(['usesAiTools', 'aiInCoreDecisions']), NO_RECORDS).overrides).toEqual([]);
  });
});

describe('"every running agent reports"', () => {
  function reportsCheck(evidence: Evidence, given = PORTFOLIO_ANSWERS) {
    const placement = place(given, evidence);
    const override = placement.overrides.find((o) => o.question === 'everyAgentReports');
    return { placement, override, why: text(override?.why) };
  }

  it('is unknown when agents were gated after the last posted review: the reproduction in issue 12', () => {
    // One agent gated, the review posted with its number, then two more gated; the answers describe a portfolio.
    const evidence = records([
      running('Invoice matcher'),
      running('Order entry', { gatePassedAt: '2026-11-12T15:00:00.000Z', lastReview: 'not-asked' }),
      running('Quote prep', { gatePassedAt: '2026-11-13T15:00:00.000Z', lastReview: 'not-asked' }),
    ]);
    const { placement, override, why } = reportsCheck(evidence);
    expect(placement.selfReported).toBe(3);
    expect(placement.final).toBe(2);
    expect(override).toMatchObject({ answered: true, record: 'unknown' });
    expect(why).toBe(
      'Order entry and Quote prep, 2 of the 3 agents in production, were not in the October 2026 review, posted 2026-11-10: they have not been asked for a number yet, so whether every agent reports is unknown, not yes.',
    );
  });

  it('names the one agent the last review never asked, with the day it went into production', () => {
    const evidence = records([
      running('Invoice matcher'),
      running('Order entry'),
      running('Quote prep', { gatePassedAt: '2026-11-12T15:00:00.000Z', lastReview: 'not-asked' }),
    ]);
    expect(reportsCheck(evidence).why).toBe(
      'Quote prep, in production since 2026-11-12, was not in the October 2026 review, posted 2026-11-10: it has not been asked for a number yet, so whether every agent reports is unknown, not yes.',
    );
  });

  it('is no when an agent the review asked had no number, whatever else is unknown', () => {
    const evidence = records([
      running('Invoice matcher', { lastReview: 'missing' }),
      running('Order entry'),
      running('Quote prep', { lastReview: 'not-asked' }),
    ]);
    const { placement, override, why } = reportsCheck(evidence);
    expect(placement.final).toBe(2);
    expect(override?.record).toBe('no');
    expect(why).toBe(
      '1 of 3 agents in production had no number in the October 2026 review: Invoice matcher.',
    );
    expect(text(placement.flags.find((f) => f.id === 'sprawlRisk')?.reason)).toContain(why);
  });

  it('is unknown before any review has been posted', () => {
    const { override, why } = reportsCheck({ ...STRONG_RECORDS, lastReview: null });
    expect(override?.record).toBe('unknown');
    expect(why).toBe('No monthly value review has been posted yet, so this is unknown, not yes.');
  });

  it('is yes only when every agent in production had its number, and then backs the answer silently', () => {
    const { placement, override } = reportsCheck(STRONG_RECORDS);
    expect(override).toBeUndefined();
    expect(placement.final).toBe(3);
  });

  it('counts an agent whose owner left: it still runs, so it still owes its number', () => {
    const evidence = records([
      running('Invoice matcher'),
      running('Order entry'),
      running('Quote prep'),
      running('Scrap tracker', { ownerLeft: true, lastReview: 'missing' }),
    ]);
    expect(reportsCheck(evidence).override?.record).toBe('no');
  });
});

describe('the skipping-steps flag', () => {
  function skippingFlag(given: Answers, evidence: Evidence) {
    return text(place(given, evidence).flags.find((flag) => flag.id === 'skippingSteps')?.reason);
  }

  it('is raised when line-level work is funded first, and never changes the stage', () => {
    const without = place(PORTFOLIO_ANSWERS, STRONG_RECORDS);
    const withFunding = place({ ...PORTFOLIO_ANSWERS, fundsLineLevelFirst: true }, STRONG_RECORDS);
    expect(withFunding.final).toBe(without.final);
    expect(withFunding.flags).toContainEqual({
      id: 'skippingSteps',
      title: 'Skipping steps',
      reason: [
        'Line-level or product AI is being funded before office-side agents are proven. ' +
          'Skipped stages cost money: line-level and product AI pays back only on top of proven office-side agents.',
      ],
    });
  });

  it('is raised from the records alone: line-level agents with no office-side agent in production', () => {
    const reason = skippingFlag(answers(['usesAiTools']), { ...NO_RECORDS, lineOrProductAgents: 1 });
    expect(reason).toContain(
      'The registry has 1 line-level or in-product agent and no office-side agent in production.',
    );
    expect(reason).toContain('cost money');
  });

  it('is not raised by line-level agents once an office-side agent is in production', () => {
    expect(skippingFlag(answers(['usesAiTools']), { ...STRONG_RECORDS, lineOrProductAgents: 3 })).toBe('');
  });

  it('is raised when AI is said to be in core decisions on a foundation below stage 3', () => {
    expect(skippingFlag(answers(['usesAiTools', 'aiInCoreDecisions']), NO_RECORDS)).toContain(
      'AI is said to be in core decisions, but the foundation is Stage 1 · Assisted.',
    );
  });

  it('judges the core-decisions claim on the honest foundation, not the claimed one', () => {
    const claimedStageFour = { ...PORTFOLIO_ANSWERS, aiInCoreDecisions: true };
    expect(skippingFlag(claimedStageFour, STRONG_RECORDS)).toBe('');
    expect(skippingFlag(claimedStageFour, records([running('Invoice matcher')]))).toContain(
      'the foundation is Stage 2 · First Agent.',
    );
  });

  it('gives every cause that holds in one flag', () => {
    const flags = place(answers(['usesAiTools', 'aiInCoreDecisions', 'fundsLineLevelFirst']), {
      ...NO_RECORDS,
      lineOrProductAgents: 1,
    }).flags;
    expect(flags.filter((flag) => flag.id === 'skippingSteps')).toHaveLength(1);
    const reason = text(flags[0]?.reason);
    expect(reason).toContain('being funded before');
    expect(reason).toContain('The registry has 1 line-level');
    expect(reason).toContain('core decisions');
  });
});

describe('the sprawl-risk flag', () => {
  function sprawlFlag(given: Answers, evidence: Evidence) {
    return place(given, evidence).flags.find((flag) => flag.id === 'sprawlRisk');
  }

  it('is raised when agents run, the records cannot tell, and the answer admits not all report', () => {
    const flag = sprawlFlag(answers(['agentInProduction']), { ...STRONG_RECORDS, lastReview: null });
    expect(flag).toEqual({
      id: 'sprawlRisk',
      title: 'Sprawl risk',
      reason: [
        'Not every running agent reports its dollar number.',
        ' Without the numbers, nobody can tell which agents still earn their keep.',
      ],
    });
  });

  it('is raised from the records even when the answer says every agent reports', () => {
    const flag = sprawlFlag(
      PORTFOLIO_ANSWERS,
      records([running('Invoice matcher', { lastReview: 'missing' }), running('B'), running('C')]),
    );
    expect(text(flag?.reason)).toContain(
      '1 of 3 agents in production had no number in the October 2026 review: Invoice matcher.',
    );
  });

  it('is raised when the registry has silent agents even if the answers say none run', () => {
    expect(sprawlFlag(ALL_NO, records([running('A', { lastReview: 'missing' })]))).toBeDefined();
  });

  it('is not raised when the records show every agent reports, whatever was answered', () => {
    expect(sprawlFlag(answers(['agentInProduction']), STRONG_RECORDS)).toBeUndefined();
  });

  it('is not raised when no agent runs', () => {
    expect(sprawlFlag(answers(['usesAiTools', 'agentInProduction']), NO_RECORDS)).toBeUndefined();
  });

  it('is not raised when reporting is unknown but answered yes', () => {
    expect(sprawlFlag(PORTFOLIO_ANSWERS, { ...STRONG_RECORDS, lastReview: null })).toBeUndefined();
  });
});

describe('NO_RECORDS', () => {
  it('is an empty registry with nothing known', () => {
    expect(NO_RECORDS).toEqual({
      productionAgents: 0,
      officeSideInProduction: false,
      lineOrProductAgents: 0,
      shipsInWeeks: { value: 'unknown', sample: 0 },
      runningAgents: [],
      lastReview: null,
    });
  });
});

describe('monitoringReason', () => {
  const three = [running('A'), running('B'), running('C')];

  it('says how many running agents a healthy live feed shows as monitored, and what the others rest on', () => {
    expect(text(monitoringReason(records(three, { monitoredAgents: 3 })) ?? undefined)).toBe(
      'Healthy live feeds (connected, not silent) show 3 of the 3 agents in production or scaling as monitored.',
    );
    expect(text(monitoringReason(records(three, { monitoredAgents: 2 })) ?? undefined)).toBe(
      'Healthy live feeds (connected, not silent) show 2 of the 3 agents in production or scaling as monitored. For the other one, monitoring rests on what was claimed at the gate.',
    );
    expect(text(monitoringReason(records(three, { monitoredAgents: 0 })) ?? undefined)).toContain(
      'show 0 of the 3 agents in production or scaling as monitored. For them, monitoring rests on',
    );
  });

  it('speaks of a lone agent as one', () => {
    expect(text(monitoringReason(records([running('A')], { monitoredAgents: 1 })) ?? undefined)).toBe(
      'A healthy live feed (connected, not silent) shows your one agent in production or scaling as monitored.',
    );
    expect(text(monitoringReason(records([running('A')], { monitoredAgents: 0 })) ?? undefined)).toContain(
      'has no healthy live feed',
    );
  });

  it('says nothing when no agent runs, or for a placement stored before feeds existed', () => {
    expect(monitoringReason({ ...NO_RECORDS, monitoredAgents: 0 })).toBeNull();
    expect(monitoringReason(records(three))).toBeNull();
  });
});
