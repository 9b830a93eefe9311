// The placement section of the Home tab, and the button that places the operation again.

import type { KnownBlock } from '@slack/types';
import type { StoredPlacement } from '../../domain/placement.js';
import { stageLabel, stageOf } from '../../domain/stages.js';
import { actions, context, header, section } from '../kit.js';
import { formatDate, mention } from '../mrkdwn.js';
import { PLACE_AGAIN_ACTION_ID } from './ids.js';

export function placeAgainActions(label: string): KnownBlock {
  return actions('placement_actions', [{ text: label, actionId: PLACE_AGAIN_ACTION_ID, style: 'primary' }]);
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
