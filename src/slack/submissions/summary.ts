import type { App, ViewSubmitAction } from '@slack/bolt';
import { ensureWorkspace } from '../../store/workspaces.js';
import { conversationAnswer, noticeModal } from '../../views/kit.js';
import { channelLink } from '../../views/mrkdwn.js';
import {
  SUMMARY_CHANNEL_BLOCK_ID,
  SUMMARY_CHANNEL_CALLBACK_ID,
  SUMMARY_POSTED_CALLBACK_ID,
} from '../../views/summary/form.js';
import { postSummary, shareValueChart } from '../commands/summary.js';
import type { AppDeps } from '../deps.js';
import { guarded, readSubmission, type ViewArgs } from './submission.js';

/**
 * Posts before answering, so a channel the app cannot post in is said beside the picker; the chart, which
 * takes longer, follows in the thread after the modal has closed.
 */
async function onChannelPicked({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const { teamId, values } = readSubmission(body);
  const channelId = conversationAnswer(values, SUMMARY_CHANNEL_BLOCK_ID);
  if (channelId === null) {
    await ack({ response_action: 'errors', errors: { [SUMMARY_CHANNEL_BLOCK_ID]: 'Pick a channel.' } });
    return;
  }
  const w = ensureWorkspace(deps.db, teamId, deps.now());
  const posted = await postSummary(client, deps, w, channelId);
  if (!posted.ok) {
    await ack({ response_action: 'errors', errors: { [SUMMARY_CHANNEL_BLOCK_ID]: posted.text } });
    return;
  }
  await ack({
    response_action: 'update',
    view: noticeModal('Summary posted', `Posted to ${channelLink(channelId)}.`, SUMMARY_POSTED_CALLBACK_ID),
  });
  if (!posted.chart) return;
  await shareValueChart(client, posted.chart, { channelId, threadTs: posted.ts }).catch((error: unknown) => {
    deps.logger.error('Summary chart not shared', error);
  });
}

export function registerSummaryViews(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(SUMMARY_CHANNEL_CALLBACK_ID, guarded(deps, onChannelPicked));
}
