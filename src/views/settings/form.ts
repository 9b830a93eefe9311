// The workspace settings form, and reading its answers.

import type { ModalView, PlainTextOption } from '@slack/types';
import type { Workspace } from '../../domain/workspace.js';
import {
  channelInput,
  choiceInput,
  conversationAnswer,
  type FormValues,
  modal,
  option,
  optionAnswer,
  section,
  textAnswer,
  textInput,
  userAnswer,
  userInput,
  usersAnswer,
  usersInput,
} from '../kit.js';

export const SETTINGS_CALLBACK_ID = 'settings';

export const SETTINGS_BLOCKS = {
  portfolioOwner: 'settings_portfolio_owner',
  leaders: 'settings_leaders',
  leadershipGroup: 'settings_leadership_group',
  reviewChannel: 'settings_review_channel',
  leadershipChannel: 'settings_leadership_channel',
  timeZone: 'settings_time_zone',
  currency: 'settings_currency',
} as const;

/** Where most plants using this run; the workspace's current zone is added when it is not among them. */
export const COMMON_TIME_ZONES: readonly string[] = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Toronto',
  'America/Vancouver',
  'America/Mexico_City',
  'America/Monterrey',
  'America/Bogota',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Madrid',
  'Europe/Paris',
  'Europe/Amsterdam',
  'Europe/Berlin',
  'Europe/Zurich',
  'Europe/Rome',
  'Europe/Stockholm',
  'Europe/Warsaw',
  'Europe/Prague',
  'Europe/Istanbul',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Australia/Perth',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
];

function zoneOptions(current: string): PlainTextOption[] {
  const zones = COMMON_TIME_ZONES.includes(current) ? COMMON_TIME_ZONES : [current, ...COMMON_TIME_ZONES];
  return zones.map((zone) => option(zone.replaceAll('_', ' '), zone));
}

/** `timeZone` is what the modal starts on: the workspace's, or the opener's own Slack zone before one is set. */
export function settingsModal(w: Workspace, timeZone: string): ModalView {
  return modal({
    callbackId: SETTINGS_CALLBACK_ID,
    title: 'Workspace settings',
    submit: 'Save',
    blocks: [
      section(
        'Who runs the agent portfolio, who confirms gates and votes, where the rituals post, and how times and money read.',
      ),
      userInput({
        blockId: SETTINGS_BLOCKS.portfolioOwner,
        label: 'Who owns the portfolio?',
        hint: 'One person. They confirm gate reviews, run the quarterly kill-or-scale vote and hear when an agent loses its owner.',
        optional: true,
        initial: w.portfolioOwnerId,
      }),
      usersInput({
        blockId: SETTINGS_BLOCKS.leaders,
        label: 'Who is on the leadership team?',
        hint: 'They can confirm gate reviews and vote each quarter.',
        optional: true,
        initial: w.leadershipUserIds,
      }),
      textInput({
        blockId: SETTINGS_BLOCKS.leadershipGroup,
        label: 'Or a Slack user group for leadership (group ID)',
        hint: 'Everyone in the group counts as a leader, as people join and leave it. Find the ID in the group profile: More, then Copy group ID.',
        optional: true,
        initial: w.leadershipGroupId,
        placeholder: 'S0123ABCDEF',
      }),
      channelInput({
        blockId: SETTINGS_BLOCKS.reviewChannel,
        label: 'Where does the monthly value review post?',
        hint: 'For a private channel, invite the app to it first.',
        optional: true,
        initial: w.reviewChannelId,
      }),
      channelInput({
        blockId: SETTINGS_BLOCKS.leadershipChannel,
        label: 'Where does the quarterly kill-or-scale vote post?',
        hint: 'Usually the leadership channel. For a private channel, invite the app to it first.',
        optional: true,
        initial: w.leadershipChannelId,
      }),
      choiceInput({
        blockId: SETTINGS_BLOCKS.timeZone,
        label: 'Workspace time zone',
        hint: 'Rituals run and dates read in this zone.',
        style: 'select',
        options: zoneOptions(timeZone),
        initial: timeZone,
      }),
      textInput({
        blockId: SETTINGS_BLOCKS.currency,
        label: 'Currency for dollar numbers (ISO code)',
        hint: 'Three letters, like USD, EUR or CAD.',
        initial: w.currency,
        maxLength: 3,
      }),
    ],
  });
}

/** What was picked and typed, before validation. */
export interface SettingsAnswers {
  readonly portfolioOwnerId: string | null;
  readonly leadershipUserIds: string[];
  readonly leadershipGroup: string;
  readonly reviewChannelId: string | null;
  readonly leadershipChannelId: string | null;
  readonly timeZone: string | null;
  readonly currency: string;
}

export function readSettings(values: FormValues): SettingsAnswers {
  return {
    portfolioOwnerId: userAnswer(values, SETTINGS_BLOCKS.portfolioOwner),
    leadershipUserIds: usersAnswer(values, SETTINGS_BLOCKS.leaders),
    leadershipGroup: textAnswer(values, SETTINGS_BLOCKS.leadershipGroup),
    reviewChannelId: conversationAnswer(values, SETTINGS_BLOCKS.reviewChannel),
    leadershipChannelId: conversationAnswer(values, SETTINGS_BLOCKS.leadershipChannel),
    timeZone: optionAnswer(values, SETTINGS_BLOCKS.timeZone),
    currency: textAnswer(values, SETTINGS_BLOCKS.currency),
  };
}
