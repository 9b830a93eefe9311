import type { ModalView } from '@slack/types';
import { channelInput, modal } from '../kit.js';

// Where the portfolio summary is posted.

export const SUMMARY_CHANNEL_CALLBACK_ID = 'summary_channel';
export const SUMMARY_CHANNEL_BLOCK_ID = 'summary_channel_pick';
export const SUMMARY_POSTED_CALLBACK_ID = 'summary_posted';

export function summaryChannelModal(): ModalView {
  return modal({
    callbackId: SUMMARY_CHANNEL_CALLBACK_ID,
    title: 'Post the summary',
    submit: 'Post',
    blocks: [
      channelInput({
        blockId: SUMMARY_CHANNEL_BLOCK_ID,
        label: 'Which channel should see it?',
        hint: 'The summary goes there with its chart in the thread. In a private channel, invite the app first.',
      }),
    ],
  });
}
