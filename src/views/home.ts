import type { HomeView, KnownBlock } from '@slack/types';
import type { StoredPlacement } from '../domain/placement.js';
import { stageLabel, stageOf } from '../domain/stages.js';
import { capBlocks, context, divider, header, LIMITS, section } from './kit.js';
import { formatDate, mention } from './mrkdwn.js';
import { placeAgainActions } from './placement.js';

/** The Home tab: independent sections, separated by dividers, never past Slack's 100 blocks. */
export function homeView(sections: readonly (readonly KnownBlock[])[]): HomeView {
  const blocks = sections
    .filter((s) => s.length > 0)
    .flatMap((s, i) => (i === 0 ? [...s] : [divider(), ...s]));
  return {
    type: 'home',
    blocks: capBlocks(blocks, LIMITS.viewBlocks, (hidden) =>
      context([`${hidden} more blocks did not fit. \`/maturity agents\` lists every agent.`]),
    ),
  };
}

export function placementHomeSection(p: StoredPlacement | undefined, timeZone: string): KnownBlock[] {
  if (!p) {
    return [
      header('Where the operation stands'),
      section(
        'No placement yet. Answer six yes/no questions to see your stage and your one next move.',
        'home_no_placement',
      ),
      placeAgainActions('Place the operation'),
    ];
  }
  const stage = stageOf(p.final);
  const compare =
    p.selfReported === p.evidenceBased
      ? ''
      : `\nAnswers said ${stageLabel(p.selfReported)}; the records say ${stageLabel(p.evidenceBased)}.`;
  return [
    header('Where the operation stands'),
    section(`*${stageLabel(p.final)}*${compare}`, 'home_stage'),
    section(`*Your one next move:* ${stage.nextMove}`, 'home_next_move'),
    context([`Placed ${formatDate(p.createdAt, timeZone)} by ${mention(p.userId)}`]),
    placeAgainActions('Place the operation again'),
  ];
}
