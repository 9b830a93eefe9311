import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { mrkdwnIn } from '../support/read-view.js';
import { AT, LEADERSHIP_CHANNEL, seedAgent, seedWorkspace, tickVote } from './votes-fixture.js';

const HOSTILE_NAME = '<!channel> *bold* <@U123>';
const FORBIDDEN = ['<!channel>', '<@U123>', '*bold*'];

describe('an agent name typed to ping everyone, on the kill-or-scale ballot', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ now: AT.beforeOpen });
  });
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });

  it('never reaches Slack as mrkdwn, in the ballot, its fallback text or the outcome', async () => {
    seedWorkspace(app.bot.db);
    seedAgent(app.bot.db, { name: HOSTILE_NAME, ownerId: 'UOWNER1', status: 'production' });
    await tickVote(app, AT.open);
    await tickVote(app, AT.afterDeadline);

    const messages = app.fake.messages(LEADERSHIP_CHANNEL);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    const seen = messages.flatMap((m) => [m.text, ...mrkdwnIn(m.blocks)]);
    expect(seen.join('\n')).toContain('bold');
    for (const text of seen) {
      for (const forbidden of FORBIDDEN) expect(text, text).not.toContain(forbidden);
    }
  });
});
