import type { ModalView } from '@slack/types';
import { channelInput } from '../forms.js';
import { LIMITS, plain } from '../kit.js';

// Where the portfolio summary is posted.

export const SUMMARY_CHANNEL_CALLBACK_ID = 'summary_channel';
export const SUMMARY_CHANNEL_BLOCK_ID = 'summary_channel_pick';
export const SUMMARY_POSTED_CALLBACK_ID = 'summary_posted';

export function summaryChannelModal(): ModalView {
  return {
    type: 'modal',
    callback_id: SUMMARY_CHANNEL_CALLBACK_ID,
    title: plain('Post the summary', LIMITS.modalTitle),
    submit: plain('Post', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      channelInput({
        blockId: SUMMARY_CHANNEL_BLOCK_ID,
        label: 'Which channel should see it?',
        hint: 'The summary goes there with its chart in the thread. In a private channel, invite the app first.',
      }),
    ],
  };
}
