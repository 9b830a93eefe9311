/**
 * The baseline: a bare Bolt app that answers /maturity by opening a fixed one-block modal, with the same
 * receiver and client options as the real app. Started by bench/run.ts as a child process.
 */
import { App, LogLevel } from '@slack/bolt';

const [port, apiUrl, secret] = process.argv.slice(2);
const app = new App({
  token: 'xoxb-bench-token',
  signingSecret: secret,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: apiUrl },
});
app.command('/maturity', async ({ ack, client, command }) => {
  await ack();
  await client.views.open({
    trigger_id: command.trigger_id,
    view: {
      type: 'modal',
      title: { type: 'plain_text', text: 'Baseline' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hello' } }],
    },
  });
});
await app.start(Number(port));
