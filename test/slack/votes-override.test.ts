import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAgent } from '../../src/store/agents.js';
import { auditTrail } from '../../src/store/audit.js';
import { overrideOf } from '../../src/store/votes.js';
import {
  BALLOT_BLOCKS,
  OVERRIDE_OPEN_ACTION_ID,
  PARENT_BLOCKS,
  VOTE_ACTION_IDS,
} from '../../src/views/votes/ballot.js';
import { OVERRIDE_BLOCKS, OVERRIDE_CALLBACK_ID } from '../../src/views/votes/form.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeView } from '../support/fake-slack.js';
import { blockText, buttonsOf, fillView, inputsOf, textOf } from '../support/read-view.js';
import {
  AT,
  click,
  clickAndHear,
  dmsTo,
  LEADERS,
  LEADERSHIP_CHANNEL,
  PORTFOLIO_OWNER,
  parentMessage,
  replyFor,
  seedAgent,
  seedWorkspace,
  tickVote,
  vote,
} from './votes-fixture.js';

const [L1, L2, L3] = LEADERS;

describe('the portfolio owner overturns a kill-or-scale outcome', () => {
  let app: TestApp;
  let quote: number;
  let ballotId: number;

  beforeEach(async () => {
    app = await startTestApp({ now: AT.beforeOpen });
    seedWorkspace(app.bot.db);
    quote = seedAgent(app.bot.db, {
      name: 'Quote prep',
      ownerId: 'UOWNER2',
      status: 'production',
      reports: { '2026-07': 2000, '2026-08': 1500, '2026-09': 1000 },
    });
    seedAgent(app.bot.db, {
      name: 'Order entry',
      ownerId: 'UOWNER1',
      status: 'production',
      reports: { '2026-07': 12000 },
    });
    await tickVote(app, AT.open);
    app.clock.set(AT.midVote);
    for (const leader of [L1, L2, L3]) await vote(app, leader, 'Quote prep', VOTE_ACTION_IDS.kill);
    await tickVote(app, AT.afterDeadline);
    expect(getAgent(app.bot.db, TEAM_ID, quote)?.status).toBe('retired');
    ballotId = (
      app.bot.db.prepare('SELECT id FROM vote_ballots WHERE agent_id = ?').get(quote) as { id: number }
    ).id;
    app.clock.set(AT.overrideWindow);
  });
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });

  async function openOverride(user: string): Promise<FakeView> {
    app.fake.clear();
    await click(app, user, replyFor(app, 'Quote prep'), OVERRIDE_OPEN_ACTION_ID);
    const opened = await app.fake.waitFor('views.open');
    expect(opened.ok).toBe(true);
    const view = app.fake.lastView();
    expect(view?.callback_id).toBe(OVERRIDE_CALLBACK_ID);
    return view as FakeView;
  }

  it('refuses anyone but the portfolio owner, and says who can', async () => {
    const refusal = await clickAndHear(app, L1, replyFor(app, 'Quote prep'), OVERRIDE_OPEN_ACTION_ID);
    expect(refusal.text).toBe(
      `Only the portfolio owner can overturn a kill-or-scale outcome. Ask <@${PORTFOLIO_OWNER}> if it should change.`,
    );
    expect(overrideOf(app.bot.db, ballotId)).toBeUndefined();
  });

  it('asks for a written reason, then restores the agent, and shows and audits the override once', async () => {
    const withButton = structuredClone(replyFor(app, 'Quote prep'));
    const view = await openOverride(PORTFOLIO_OWNER);
    const inputs = inputsOf(view);
    expect(inputs.map((i) => i.label)).toEqual([
      'What should the outcome be?',
      'Why are you overturning the vote?',
    ]);
    expect(inputs[0]?.options?.map((o) => o.text)).toEqual(['Keep', 'Scale']);

    // No reason: an inline error and nothing changes.
    const blank = await app.submit(
      view,
      fillView(view, { 'What should the outcome be?': 'Keep' }),
      PORTFOLIO_OWNER,
    );
    expect(blank.json()).toEqual({
      response_action: 'errors',
      errors: { [OVERRIDE_BLOCKS.reason]: 'Say why, in a sentence or two. Leadership will read it.' },
    });
    expect(getAgent(app.bot.db, TEAM_ID, quote)?.status).toBe('retired');

    const values = fillView(view, {
      'What should the outcome be?': 'Keep',
      'Why are you overturning the vote?': 'The ERP cut-over hid two months of quotes. <!channel> *recheck*',
    });
    const done = await app.submit(view, values, PORTFOLIO_OWNER);
    expect((done.json() as { response_action: string }).response_action).toBe('update');
    await app.fake.waitFor('chat.postMessage', (c) => c.args.channel === 'UOWNER2' && c.ok);

    // A Slack retry of the same submission changes nothing more.
    await app.submit(view, values, PORTFOLIO_OWNER);

    const agent = getAgent(app.bot.db, TEAM_ID, quote);
    expect(agent?.status).toBe('production');
    expect(agent?.retiredAt).toBeNull();
    expect(overrideOf(app.bot.db, ballotId)).toMatchObject({
      previousOutcome: 'kill',
      outcome: 'keep',
      statusBefore: 'retired',
      statusAfter: 'production',
      overriddenBy: PORTFOLIO_OWNER,
    });
    // Logged once, by ids: the reason typed (with its <!channel>) stays out of the log.
    expect(app.events('vote.overridden')).toEqual([
      expect.objectContaining({ ballotId, outcome: 'keep', previous: 'kill', actorId: PORTFOLIO_OWNER }),
    ]);
    expect(JSON.stringify(app.logs)).not.toContain('ERP cut-over');
    const ballotTrail = auditTrail(app.bot.db, TEAM_ID, 'vote_ballot', ballotId).filter(
      (a) => a.action === 'override',
    );
    expect(ballotTrail).toHaveLength(1);
    expect(ballotTrail[0]).toMatchObject({
      actorId: PORTFOLIO_OWNER,
      before: { outcome: 'kill', status: 'retired' },
      after: { outcome: 'keep', status: 'production' },
    });
    expect(auditTrail(app.bot.db, TEAM_ID, 'agent', quote).at(-1)).toMatchObject({
      action: 'status',
      before: { status: 'retired' },
      after: { status: 'production', cause: 'override' },
    });

    // Visible in the reply (escaped, no more button), once in the thread, on the parent, and to the owner.
    const reply = replyFor(app, 'Quote prep');
    const shown = blockText(reply, BALLOT_BLOCKS.override);
    expect(shown).toContain(`Overturned by <@${PORTFOLIO_OWNER}>`);
    expect(shown).toContain('now Keep (the vote said Kill)');
    expect(shown).toContain('&lt;!channel&gt; ∗recheck∗');
    expect(buttonsOf(reply)).toEqual([]);
    const notes = app.fake
      .messages(LEADERSHIP_CHANNEL)
      .filter((m) => m.text === 'Quote prep: outcome overturned, now Keep.');
    expect(notes).toHaveLength(1);
    expect(blockText(parentMessage(app), PARENT_BLOCKS.summary)).toContain('Keep: *Quote prep* (overturned)');
    expect(dmsTo(app, 'UOWNER2').map((m) => m.text)).toEqual([
      'Quote prep was retired by the Q4 2026 vote on Q3 2026.',
      'The kill-or-scale outcome for Quote prep was overturned: now Keep.',
    ]);

    // Past outcomes show it too.
    const history = textOf((await app.command('votes', L1)).json());
    expect(history).toContain(
      `• *Quote prep*: Kill (3 of 4 voted), overturned to Keep by <@${PORTFOLIO_OWNER}>: The ERP cut-over hid two months of quotes. &lt;!channel&gt; ∗recheck∗`,
    );

    // A second override of the same outcome, from a copy of the reply that still had the button, is refused.
    const again = await clickAndHear(app, PORTFOLIO_OWNER, withButton, OVERRIDE_OPEN_ACTION_ID);
    expect(again.text).toBe('This outcome has already been overturned once.');
  });

  it('is refused once the window has passed', async () => {
    app.clock.set('2026-10-16T15:00:31Z');
    const refusal = await clickAndHear(
      app,
      PORTFOLIO_OWNER,
      replyFor(app, 'Quote prep'),
      OVERRIDE_OPEN_ACTION_ID,
    );
    expect(refusal.text).toContain('Outcomes can be overturned for 5 business days after the close');
  });
});
