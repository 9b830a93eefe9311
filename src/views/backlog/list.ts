// The ranked backlog as a message.

import type { KnownBlock, Overflow, PlainTextOption, SectionBlock } from '@slack/types';
import { type BacklogCandidate, rankBacklog } from '../../domain/backlog.js';
import { actions, context, header, option, section } from '../kit.js';
import { escapeMrkdwn, formatDate, mention } from '../mrkdwn.js';
import {
  BACKLOG_ACTIONS_BLOCK_ID,
  BACKLOG_ADD_ACTION_ID,
  BACKLOG_EMPTY_BLOCK_ID,
  BACKLOG_LIST_BLOCK_PREFIX,
  BACKLOG_MANAGE_ACTION_ID,
  manageValue,
} from './ids.js';
import { type BacklogView, commitmentLine, systemText, valueLine } from './text.js';

/** The ranked list shows this many; a message holds at most 50 blocks. */
export const BACKLOG_SHOWN = 30;

function manageMenu(c: BacklogCandidate): Overflow {
  const options: PlainTextOption[] = [option('Edit', manageValue('edit', c.id))];
  if (c.status === 'open') options.push(option('Commit to ship in 90 days', manageValue('commit', c.id)));
  if (c.status === 'committed' && !c.agent)
    options.push(option('Link its registered agent', manageValue('link', c.id)));
  options.push(option('Reject', manageValue('reject', c.id)));
  return { type: 'overflow', action_id: BACKLOG_MANAGE_ACTION_ID, options };
}

function candidateSection(
  c: BacklogCandidate,
  rank: number,
  v: BacklogView,
  canManage: boolean,
): SectionBlock {
  const lines = [
    `*${rank}. ${escapeMrkdwn(c.process)}*`,
    `${valueLine(c, v.currency)} · ${systemText(c)}`,
    commitmentLine(c, v) ?? `Added by ${mention(c.proposedBy)} on ${formatDate(c.createdAt, v.timeZone)}`,
  ];
  return {
    ...section(lines.join('\n'), `${BACKLOG_LIST_BLOCK_PREFIX}${c.id}`),
    ...(canManage ? { accessory: manageMenu(c) } : {}),
  };
}

function historyLine(all: readonly BacklogCandidate[], v: BacklogView): string | null {
  const shipped = all.filter((c) => c.status === 'shipped');
  const rejected = all.filter((c) => c.status === 'rejected');
  if (shipped.length === 0 && rejected.length === 0) return null;
  const latestRejected = rejected.reduce<BacklogCandidate | undefined>(
    (latest, c) =>
      !latest || (c.rejectedAt?.getTime() ?? 0) > (latest.rejectedAt?.getTime() ?? 0) ? c : latest,
    undefined,
  );
  const why = latestRejected
    ? ` (latest: *${escapeMrkdwn(latestRejected.process)}*, "${escapeMrkdwn(latestRejected.rejectReason ?? '')}", ${formatDate(
        latestRejected.rejectedAt ?? latestRejected.createdAt,
        v.timeZone,
      )})`
    : '';
  return `Shipped: ${shipped.length} · Rejected: ${rejected.length}${why}`;
}

/** `/maturity backlog`: the candidates still in the running, highest expected value first. */
export function backlogBlocks(
  all: readonly BacklogCandidate[],
  v: BacklogView,
  canManage: boolean,
): KnownBlock[] {
  const ranked = rankBacklog(all);
  const shown = ranked.slice(0, BACKLOG_SHOWN);
  const blocks: KnownBlock[] = [
    header('Backlog, ranked by expected value'),
    context([
      'Expected value is the yearly dollars at stake × feasibility ÷ 5. Equal values go to the older idea.',
    ]),
  ];
  if (ranked.length === 0) {
    blocks.push(
      section(
        'No candidates yet. Add the office processes an agent could take over, with the dollars at stake, then commit to ship the best one within 90 days.',
        BACKLOG_EMPTY_BLOCK_ID,
      ),
    );
  }
  shown.forEach((c, i) => {
    blocks.push(candidateSection(c, i + 1, v, canManage));
  });
  const notes = [
    ...(ranked.length > shown.length
      ? [`${ranked.length - shown.length} lower-ranked candidates are not shown.`]
      : []),
    ...[historyLine(all, v)].filter((line): line is string => line !== null),
    ...(canManage ? [] : ['Anyone can add a candidate. The portfolio owner edits, commits and rejects.']),
  ];
  if (notes.length > 0) blocks.push(context(notes));
  blocks.push(
    actions(BACKLOG_ACTIONS_BLOCK_ID, [
      { text: 'Add a candidate', actionId: BACKLOG_ADD_ACTION_ID, style: 'primary' },
    ]),
  );
  return blocks;
}

export function backlogText(all: readonly BacklogCandidate[]): string {
  const ranked = rankBacklog(all);
  const top = ranked[0];
  return ranked.length === 0
    ? 'The backlog is empty.'
    : `Backlog: ${ranked.length} ${ranked.length === 1 ? 'candidate' : 'candidates'}. Top: ${escapeMrkdwn(top?.process ?? '')}.`;
}
