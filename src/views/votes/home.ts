import type { KnownBlock } from '@slack/types';
import { roundName, type VoteProgress, type VoteSettings } from '../../domain/kill-or-scale.js';
import type { Ballot } from '../../domain/vote-round.js';
import { actions, context, header, section } from '../kit.js';
import { channelLink, formatDateTime } from '../mrkdwn.js';
import { agentName, voteProgressText, voteSettingsText } from './text.js';

// The vote's section of the Home tab.

export const VOTE_SETTINGS_ACTION_ID = 'kos_settings_open';

export const HOME_VOTE_BLOCKS = {
  status: 'home_vote_status',
  todo: 'home_vote_todo',
  settings: 'home_vote_settings',
  manage: 'home_vote_manage',
} as const;

// ---- Home tab ----

export function voteHomeSection(p: {
  progress: VoteProgress;
  awaiting: readonly Ballot[];
  viewerId: string;
  zone: string;
  /** For admins and the portfolio owner: the settings, with a button to change them. */
  manage: VoteSettings | null;
}): KnownBlock[] {
  const open = p.progress.kind === 'open' ? p.progress.round : undefined;
  const pending = voteProgressText(p.progress, p.zone);
  if (!open && !pending && !p.manage) return [];
  const blocks: KnownBlock[] = [header('Kill-or-scale vote')];
  if (open) {
    const where = `in ${channelLink(open.channelId)}, open until ${formatDateTime(open.deadline, p.zone)}`;
    blocks.push(section(`The ${roundName(open.quarter)} is ${where}.`, HOME_VOTE_BLOCKS.status));
    if (!open.leaderIds.includes(p.viewerId)) {
      blocks.push(context(['Only the leadership group votes.'], HOME_VOTE_BLOCKS.todo));
    } else if (p.awaiting.length === 0) {
      blocks.push(
        section(
          'You have voted on every agent you can. You can change a vote until the close.',
          HOME_VOTE_BLOCKS.todo,
        ),
      );
    } else {
      blocks.push(
        section(
          `*You still have to vote on:* ${p.awaiting.map(agentName).join(', ')}`,
          HOME_VOTE_BLOCKS.todo,
        ),
      );
    }
  } else {
    blocks.push(
      section(pending ?? 'No vote is open. `/maturity votes` shows past outcomes.', HOME_VOTE_BLOCKS.status),
    );
  }
  if (p.manage) {
    blocks.push(
      context([voteSettingsText(p.manage, p.zone)], HOME_VOTE_BLOCKS.settings),
      actions(HOME_VOTE_BLOCKS.manage, [{ text: 'Vote settings', actionId: VOTE_SETTINGS_ACTION_ID }]),
    );
  }
  return blocks;
}
