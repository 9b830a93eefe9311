/**
 * Placement against the app's own records, through the questionnaire modal: the records win in both
 * directions, the next move follows the stage they give, and "every agent reports" means every agent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUESTIONS, type QuestionId } from '../../src/domain/placement.js';
import { stageOf } from '../../src/domain/stages.js';
import { recentPlacements } from '../../src/store/placements.js';
import { valueReviewFor } from '../../src/store/reports.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import { blockText, fillView } from '../support/read-view.js';
import { seedAgent, seedReport, seedWorkspace } from '../support/seed.js';
import { modalOpened, submitted } from './registry-fixtures.js';
import { tick } from './value-review-fixture.js';

const ALICE = 'UALICE';
const BOB = 'UBOB';

function answersWithYes(yes: readonly QuestionId[]) {
  return Object.fromEntries(QUESTIONS.map((q) => [q.text, yes.includes(q.id) ? 'Yes' : 'No']));
}

describe('placement against the records, end to end', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ now: '2026-10-20T15:00:00Z' });
    for (const id of [ALICE, BOB]) app.fake.setUser({ id, tz: 'America/Chicago' });
    // No review channel and no portfolio owner: the review is recorded without a post or its chart,
    // which is all placement reads, and the tests stay fast.
    seedWorkspace(app.bot.db, { createdAt: '2026-01-05T15:00:00Z', timeZone: 'America/Chicago' });
  });
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });

  async function place(answers: Record<string, string>) {
    app.fake.clear();
    await app.command('', ALICE);
    const view = await modalOpened(app, 'placement');
    const answer = await submitted(await app.submit(view, fillView(view, answers), ALICE));
    await app.fake.waitFor('views.publish');
    return answer.view;
  }

  function gatedAgent(name: string, gatePassedAt: string) {
    return seedAgent(app.bot.db, {
      name,
      ownerId: BOB,
      registeredAt: new Date(new Date(gatePassedAt).getTime() - 20 * 86_400_000).toISOString(),
      gatePassedAt,
    });
  }

  it('raises an all-"no" placement to the agent the registry proves, names the answer, and gives that stage\'s next move', async () => {
    gatedAgent('Invoice matcher', '2026-03-03T15:00:00Z');
    const result = await place(answersWithYes([]));

    expect(blockText(result, 'result_stage')).toBe('Stage 2 · First Agent');
    expect(blockText(result, 'result_next_move')).toContain(stageOf(2).nextMove);
    expect(blockText(result, 'result_next_move')).not.toContain(stageOf(0).nextMove);
    expect(blockText(result, 'result_compare')).toContain('Stage 0 · Curious');
    expect(blockText(result, 'result_compare')).toMatch(/records win/);
    expect(blockText(result, 'result_compare')).not.toMatch(/lower one counts/);
    expect(blockText(result, 'result_overrides')).toContain(
      'Is at least one AI agent in production with a dollar metric and a named owner? You said no. ' +
        `The registry has *Invoice matcher* in production since Mar 3, 2026, owned by <@${BOB}>.`,
    );
    const [stored] = recentPlacements(app.bot.db, TEAM_ID, 1);
    expect(stored).toMatchObject({ selfReported: 0, evidenceBased: 2, final: 2 });
  });

  it('does not count agents gated after the last posted review as reporting: the reproduction in issue 12', async () => {
    // One agent gated, the October review posted with its number, then two more gated.
    const invoiceMatcher = gatedAgent('Invoice matcher', '2026-09-01T15:00:00Z');
    seedReport(app.bot.db, { agentId: invoiceMatcher, month: '2026-10', cents: 900_000, by: BOB });
    await tick(app, '2026-11-02T15:00:00Z');
    expect(valueReviewFor(app.bot.db, TEAM_ID, '2026-10')).toMatchObject({ expected: 1, reported: 1 });
    gatedAgent('Order entry', '2026-11-12T15:00:00Z');
    gatedAgent('Quote prep', '2026-11-13T15:00:00Z');
    app.clock.set('2026-11-20T15:00:00Z');

    const result = await place(
      answersWithYes(['usesAiTools', 'agentInProduction', 'shipsInWeeks', 'everyAgentReports']),
    );

    expect(blockText(result, 'result_stage')).toBe('Stage 2 · First Agent');
    expect(blockText(result, 'result_next_move')).toContain(stageOf(2).nextMove);
    expect(blockText(result, 'result_compare')).toContain('Stage 3 · Portfolio');
    const overrides = blockText(result, 'result_overrides');
    expect(overrides).toContain(
      'Does every running agent report a dollar contribution in a regular review? You said yes.',
    );
    expect(overrides).toContain(
      '*Order entry* and *Quote prep*, 2 of the 3 agents in production, were not in the October 2026 review, posted Nov 2, 2026',
    );
    expect(overrides).toContain('unknown, not yes');
    const [stored] = recentPlacements(app.bot.db, TEAM_ID, 1);
    expect(stored).toMatchObject({ selfReported: 3, final: 2 });
    expect(stored?.overrides.map((o) => [o.question, o.record])).toEqual([['everyAgentReports', 'unknown']]);
  });

  it('places a portfolio at stage 3 once every running agent had its number in the last review', async () => {
    const ids = [
      gatedAgent('Invoice matcher', '2026-08-01T15:00:00Z'),
      gatedAgent('Order entry', '2026-08-20T15:00:00Z'),
      gatedAgent('Quote prep', '2026-09-10T15:00:00Z'),
    ];
    for (const agentId of ids) seedReport(app.bot.db, { agentId, month: '2026-10', cents: 500_000, by: BOB });
    await tick(app, '2026-11-02T15:00:00Z');
    app.clock.set('2026-11-20T15:00:00Z');

    // Said no to the two the records prove: the records win, and say so.
    const result = await place(answersWithYes(['usesAiTools', 'agentInProduction']));
    expect(blockText(result, 'result_stage')).toBe('Stage 3 · Portfolio');
    expect(blockText(result, 'result_next_move')).toContain(stageOf(3).nextMove);
    const overrides = blockText(result, 'result_overrides');
    expect(overrides).toContain(
      'Can a new agent ship in weeks by reusing existing infrastructure? You said no. Median',
    );
    expect(overrides).toContain(
      'Does every running agent report a dollar contribution in a regular review? You said no. All 3 agents in production had a number in the October 2026 review.',
    );
    expect(blockText(result, 'result_flag_sprawlRisk')).toBe('');
  });
});

describe('placements stored before reasons had parts', () => {
  it('still read, with each reason as the one sentence it was', async () => {
    const app = await startTestApp({ now: '2026-10-20T15:00:00Z' });
    try {
      seedWorkspace(app.bot.db, { createdAt: '2026-01-05T15:00:00Z' });
      app.bot.db
        .prepare(
          `INSERT INTO placements (team_id, user_id, created_at, answers, evidence, self_stage, evidence_stage,
             final_stage, flags, overrides, source_view_id)
           VALUES (?, 'UALICE', '2026-09-01T15:00:00.000Z', ?, ?, 4, 1, 1, ?, ?, 'old-view')`,
        )
        .run(
          TEAM_ID,
          JSON.stringify({
            usesAiTools: true,
            agentInProduction: true,
            shipsInWeeks: true,
            everyAgentReports: true,
            aiInCoreDecisions: true,
            fundsLineLevelFirst: false,
          }),
          // The evidence as it was kept then: counts of ownerless agents and missing reports, no agents listed.
          JSON.stringify({
            productionAgents: 0,
            ownerlessProductionAgents: 1,
            officeSideInProduction: false,
            lineOrProductAgents: 0,
            shipsInWeeks: { value: 'unknown', sample: 0 },
            everyAgentReports: { value: 'unknown' },
          }),
          JSON.stringify([{ id: 'sprawlRisk', title: 'Sprawl risk', reason: 'Not every agent reports.' }]),
          JSON.stringify([
            { question: 'agentInProduction', answered: true, record: 'no', why: 'The registry has none.' },
          ]),
        );
      const [old] = recentPlacements(app.bot.db, TEAM_ID, 1);
      expect(old?.overrides[0]?.why).toEqual(['The registry has none.']);
      expect(old?.flags[0]?.reason).toEqual(['Not every agent reports.']);
      expect(old?.evidence).toMatchObject({ productionAgents: 0, runningAgents: [], lastReview: null });
      const history = await app.command('history', ALICE);
      expect(history.text).toContain('Stage 1');
      app.fake.assertNoViolations();
    } finally {
      await app.close();
    }
  });
});
