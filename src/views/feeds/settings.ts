// The drift thresholds of the live-feed watch, set by admins and the portfolio owner.

import type { ModalView } from '@slack/types';
import type { FeedSettings } from '../../domain/feeds.js';
import { modal, section, textInput } from '../kit.js';

export const FEED_SETTINGS_ACTION_ID = 'feed_settings_open';
export const FEED_SETTINGS_CALLBACK_ID = 'feed_settings';
export const FEED_SETTINGS_BLOCKS = {
  margin: 'feed_handoff_margin',
  drop: 'feed_volume_drop',
  silent: 'feed_silent_days',
} as const;

export function feedSettingsModal(s: FeedSettings): ModalView {
  return modal({
    callbackId: FEED_SETTINGS_CALLBACK_ID,
    title: 'Feed alerts',
    submit: 'Save',
    blocks: [
      section(
        "Each agent's live feed is compared with its own last four weeks. When it drifts, its owner gets one message; the portfolio owner hears if it is still open two business days later.",
      ),
      textInput({
        blockId: FEED_SETTINGS_BLOCKS.margin,
        label: 'Alert when the share handed to a person rises by more than (percentage points)',
        hint: 'For example 5: from 6% to more than 11%. A number from 0.5 to 100.',
        initial: String(s.handoffMarginPoints),
        maxLength: 5,
      }),
      textInput({
        blockId: FEED_SETTINGS_BLOCKS.drop,
        label: 'Alert when the cases handled drop by more than (%)',
        hint: 'A whole number from 1 to 100.',
        initial: String(s.volumeDropPercent),
        maxLength: 3,
      }),
      textInput({
        blockId: FEED_SETTINGS_BLOCKS.silent,
        label: 'Alert when a feed sends nothing for (business days)',
        hint: 'A whole number from 1 to 20. Weekends do not count.',
        initial: String(s.silentBusinessDays),
        maxLength: 2,
      }),
    ],
  });
}
