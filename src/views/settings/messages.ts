// What a person is told about the settings: what was saved, or who may change them.

import type { ModalView } from '@slack/types';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { modal, section } from '../kit.js';
import { channelLink, mention } from '../mrkdwn.js';
import { SETTINGS_CALLBACK_ID } from './form.js';

const orNotSet = (value: string | null, render: (id: string) => string): string =>
  value ? render(value) : 'not set';

export function settingsSavedModal(w: Workspace): ModalView {
  const leaders = [
    ...w.leadershipUserIds.map(mention),
    ...(w.leadershipGroupId ? [`everyone in the user group <!subteam^${w.leadershipGroupId}>`] : []),
  ];
  const lines = [
    `*Portfolio owner:* ${orNotSet(w.portfolioOwnerId, mention)}`,
    `*Leadership:* ${leaders.length > 0 ? leaders.join(', ') : 'not set'}`,
    `*Monthly value review posts in:* ${orNotSet(w.reviewChannelId, channelLink)}`,
    `*Quarterly vote posts in:* ${orNotSet(w.leadershipChannelId, channelLink)}`,
    `*Time zone:* ${zoneOf(w)}`,
    `*Currency:* ${w.currency}`,
  ];
  return modal({
    callbackId: `${SETTINGS_CALLBACK_ID}_saved`,
    title: 'Settings saved',
    close: 'Done',
    blocks: [section(lines.join('\n'), 'settings_summary')],
  });
}

export function settingsRefusalText(portfolioOwnerId: string | null): string {
  const owner = portfolioOwnerId ? ` The portfolio owner is ${mention(portfolioOwnerId)}.` : '';
  return `Only workspace admins and the portfolio owner can change these settings.${owner} Ask one of them if something needs changing.`;
}
