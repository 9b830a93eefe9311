import { describe, expect, it } from 'vitest';
import {
  type Answers,
  type Evidence,
  evidenceAnswers,
  NO_RECORDS,
  place,
  QUESTION_IDS,
  QUESTIONS,
  type QuestionId,
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

/** Records that back a healthy portfolio of three office agents that report and ship in weeks. */
const STRONG_RECORDS: Evidence = {
  productionAgents: 3,
  officeSideInProduction: true,
  lineOrProductAgents: 0,
  shipsInWeeks: { value: 'yes', medianDays: 30, sample: 3 },
  everyAgentReports: { value: 'yes', missing: 0, expected: 3, period: '2026-10' },
};

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

  /** Evidence that says the same as the answers wherever it can: a described portfolio has four agents. */
  function agreeingEvidence(given: Answers): Evidence {
    const portfolio = given.agentInProduction && given.shipsInWeeks && given.everyAgentReports;
    const productionAgents = given.agentInProduction ? (portfolio ? 4 : 1) : 0;
    return {
      productionAgents,
      officeSideInProduction: productionAgents > 0,
      lineOrProductAgents: 0,
      shipsInWeeks: given.shipsInWeeks
        ? { value: 'yes', medianDays: 20, sample: 4 }
        : { value: 'no', medianDays: 80, sample: 4 },
      everyAgentReports: given.everyAgentReports
        ? { value: 'yes', missing: 0, expected: productionAgents, period: '2026-10' }
        : { value: 'no', missing: 1, expected: productionAgents, period: '2026-10' },
    };
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

describe('records win', () => {
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
    expect(placement.overrides).toEqual([
      {
        question: 'agentInProduction',
        answered: true,
        record: 'no',
        why: 'The registry has no agent that passed its production gate.',
      },
      {
        question: 'shipsInWeeks',
        answered: true,
        record: 'unknown',
        why: 'No agent has passed its production gate yet, so how fast new ones ship is unknown, not yes.',
      },
      {
        question: 'everyAgentReports',
        answered: true,
        record: 'unknown',
        why: 'No monthly value review has run yet, so this is unknown, not yes.',
      },
    ]);
  });

  it('never raises a placement: final is the lower of the two', () => {
    const modest = place(answers(['usesAiTools']), STRONG_RECORDS);
    expect(modest.selfReported).toBe(1);
    expect(modest.evidenceBased).toBe(3);
    expect(modest.final).toBe(1);
    expect(modest.overrides).toEqual([]);

    const hopeful = place(PORTFOLIO_ANSWERS, { ...STRONG_RECORDS, productionAgents: 2 });
    expect(hopeful.selfReported).toBe(3);
    expect(hopeful.evidenceBased).toBe(2);
    expect(hopeful.final).toBe(2);
  });

  it('names how many agents there are when the answers describe a portfolio', () => {
    const placement = place(PORTFOLIO_ANSWERS, { ...STRONG_RECORDS, productionAgents: 1 });
    expect(placement.overrides).toEqual([
      {
        question: 'threeOrMoreAgents',
        answered: true,
        record: 'no',
        why: 'The registry has 1 agent that passed the production gate, not three or more.',
      },
    ]);
  });

  it('says when agents passed the gate but lost their owner, instead of claiming none passed', () => {
    const orphaned = place(PORTFOLIO_ANSWERS, {
      ...STRONG_RECORDS,
      productionAgents: 0,
      ownerlessProductionAgents: 1,
    });
    expect(orphaned.overrides.find((o) => o.question === 'agentInProduction')?.why).toBe(
      'The one agent that passed the production gate has no named owner: its owner left the workspace.',
    );
    const some = place(PORTFOLIO_ANSWERS, {
      ...STRONG_RECORDS,
      productionAgents: 1,
      ownerlessProductionAgents: 2,
    });
    expect(some.overrides.find((o) => o.question === 'threeOrMoreAgents')?.why).toBe(
      'The registry has 1 agent that passed the production gate, not three or more. 2 more have no named owner: their owners left the workspace.',
    );
  });

  it('names the median when agents ship slowly', () => {
    const placement = place(PORTFOLIO_ANSWERS, {
      ...STRONG_RECORDS,
      shipsInWeeks: { value: 'no', medianDays: 63, sample: 4 },
    });
    expect(placement.final).toBe(2);
    expect(placement.overrides).toEqual([
      {
        question: 'shipsInWeeks',
        answered: true,
        record: 'no',
        why: 'Median 9 weeks from registration to passed gate over the last 4 agents.',
      },
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
    expect(placement.overrides[0]?.why).toBe(
      `Median ${shown} from registration to passed gate over the last 2 agents.`,
    );
  });

  it('treats too few agents to judge shipping speed as unknown, not yes', () => {
    const placement = place(PORTFOLIO_ANSWERS, {
      ...STRONG_RECORDS,
      shipsInWeeks: { value: 'unknown', sample: 1 },
    });
    expect(placement.final).toBe(2);
    expect(placement.overrides).toEqual([
      {
        question: 'shipsInWeeks',
        answered: true,
        record: 'unknown',
        why: 'Only 1 agent has passed the gate, too few to tell how fast new ones ship. Unknown is not yes.',
      },
    ]);
  });

  it('names the missing reports and the month', () => {
    const placement = place(PORTFOLIO_ANSWERS, {
      ...STRONG_RECORDS,
      productionAgents: 5,
      everyAgentReports: { value: 'no', missing: 2, expected: 5, period: '2026-10' },
    });
    expect(placement.final).toBe(2);
    expect(placement.overrides).toEqual([
      {
        question: 'everyAgentReports',
        answered: true,
        record: 'no',
        why: '2 of 5 agents did not report for 2026-10.',
      },
    ]);
  });

  it('overrides a "no" on funding line-level work first when the registry shows it', () => {
    const placement = place(answers(['usesAiTools']), { ...NO_RECORDS, lineOrProductAgents: 2 });
    expect(placement.overrides).toEqual([
      {
        question: 'fundsLineLevelFirst',
        answered: false,
        record: 'yes',
        why: 'The registry has 2 line-level or in-product agents and no office-side agent in production.',
      },
    ]);
    expect(
      evidenceAnswers(answers(['usesAiTools']), { ...NO_RECORDS, lineOrProductAgents: 2 }),
    ).toMatchObject({
      fundsLineLevelFirst: true,
    });
  });

  it('does not override a "yes" on funding line-level work: the registry cannot disprove it', () => {
    const placement = place(answers(['fundsLineLevelFirst']), NO_RECORDS);
    expect(placement.overrides).toEqual([]);
  });

  it('does not override answers the records cannot check', () => {
    const placement = place(answers(['usesAiTools', 'aiInCoreDecisions']), NO_RECORDS);
    expect(placement.overrides).toEqual([]);
  });

  it('does not list "no" answers that the records would have backed as yes', () => {
    expect(place(ALL_NO, STRONG_RECORDS).overrides).toEqual([]);
  });
});

describe('the skipping-steps flag', () => {
  function skippingFlag(given: Answers, evidence: Evidence) {
    return place(given, evidence).flags.find((flag) => flag.id === 'skippingSteps');
  }

  it('is raised when line-level work is funded first, and never changes the stage', () => {
    const without = place(PORTFOLIO_ANSWERS, STRONG_RECORDS);
    const withFunding = place({ ...PORTFOLIO_ANSWERS, fundsLineLevelFirst: true }, STRONG_RECORDS);
    expect(withFunding.final).toBe(without.final);
    expect(withFunding.flags).toContainEqual({
      id: 'skippingSteps',
      title: 'Skipping steps',
      reason:
        'Line-level or product AI is being funded before office-side agents are proven. ' +
        'Skipped stages cost money: line-level and product AI pays back only on top of proven office-side agents.',
    });
  });

  it('is raised from the records alone: line-level agents with no office-side agent in production', () => {
    const flag = skippingFlag(answers(['usesAiTools']), {
      ...NO_RECORDS,
      productionAgents: 1,
      lineOrProductAgents: 1,
    });
    expect(flag?.reason).toContain(
      'The registry has 1 line-level or in-product agent and no office-side agent in production.',
    );
    expect(flag?.reason).toContain('cost money');
  });

  it('is not raised by line-level agents once an office-side agent is in production', () => {
    expect(
      skippingFlag(answers(['usesAiTools']), { ...STRONG_RECORDS, lineOrProductAgents: 3 }),
    ).toBeUndefined();
  });

  it('is raised when AI is said to be in core decisions on a foundation below stage 3', () => {
    const flag = skippingFlag(answers(['usesAiTools', 'aiInCoreDecisions']), NO_RECORDS);
    expect(flag?.reason).toContain(
      'AI is said to be in core decisions, but the foundation is Stage 1 · Assisted.',
    );
  });

  it('judges the core-decisions claim on the honest foundation, not the claimed one', () => {
    const claimedStageFour = { ...PORTFOLIO_ANSWERS, aiInCoreDecisions: true };
    expect(skippingFlag(claimedStageFour, STRONG_RECORDS)).toBeUndefined();
    const flag = skippingFlag(claimedStageFour, { ...STRONG_RECORDS, productionAgents: 1 });
    expect(flag?.reason).toContain('the foundation is Stage 2 · First Agent.');
  });

  it('gives every cause that holds in one flag', () => {
    const flags = place(answers(['usesAiTools', 'aiInCoreDecisions', 'fundsLineLevelFirst']), {
      ...NO_RECORDS,
      lineOrProductAgents: 1,
    }).flags;
    expect(flags.filter((flag) => flag.id === 'skippingSteps')).toHaveLength(1);
    const reason = flags[0]?.reason ?? '';
    expect(reason).toContain('being funded before');
    expect(reason).toContain('The registry has 1 line-level');
    expect(reason).toContain('core decisions');
  });
});

describe('the sprawl-risk flag', () => {
  function sprawlFlag(given: Answers, evidence: Evidence) {
    return place(given, evidence).flags.find((flag) => flag.id === 'sprawlRisk');
  }

  it('is raised when agents run and the answer admits not all report', () => {
    const flag = sprawlFlag(answers(['agentInProduction']), STRONG_RECORDS);
    expect(flag).toEqual({
      id: 'sprawlRisk',
      title: 'Sprawl risk',
      reason:
        'Not every running agent reports its dollar number. ' +
        'Without the numbers, nobody can tell which agents still earn their keep.',
    });
  });

  it('is raised from the records even when the answer says every agent reports', () => {
    const flag = sprawlFlag(PORTFOLIO_ANSWERS, {
      ...STRONG_RECORDS,
      everyAgentReports: { value: 'no', missing: 1, expected: 3, period: '2026-09' },
    });
    expect(flag?.reason).toContain('1 of 3 agents did not report for 2026-09.');
  });

  it('is raised when the registry has agents even if the answer says none', () => {
    expect(sprawlFlag(ALL_NO, { ...STRONG_RECORDS, productionAgents: 1 })).toBeDefined();
  });

  it('is not raised when no agent runs', () => {
    expect(sprawlFlag(answers(['usesAiTools']), NO_RECORDS)).toBeUndefined();
  });

  it('is not raised when reporting is unknown but answered yes', () => {
    expect(
      sprawlFlag(PORTFOLIO_ANSWERS, { ...STRONG_RECORDS, everyAgentReports: { value: 'unknown' } }),
    ).toBeUndefined();
  });
});

describe('NO_RECORDS', () => {
  it('is an empty registry with nothing known', () => {
    expect(NO_RECORDS).toEqual({
      productionAgents: 0,
      officeSideInProduction: false,
      lineOrProductAgents: 0,
      shipsInWeeks: { value: 'unknown', sample: 0 },
      everyAgentReports: { value: 'unknown' },
    });
  });
});
