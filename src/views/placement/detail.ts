// One placement as a person reads it: the stage, the trap, the next move, what the records changed.

import type { KnownBlock, ModalView } from '@slack/types';
import { CHECK_TEXTS, type StoredPlacement } from '../../domain/placement.js';
import { stageLabel, stageOf } from '../../domain/stages.js';
import { context, divider, header, LIMITS, plain, section } from '../kit.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import { PLACEMENT_CALLBACK_ID } from './ids.js';

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

/** The result as a person reads it: where they stand, the trap, the one next move, and what the records changed. */
export function placementResultBlocks(p: StoredPlacement): KnownBlock[] {
  const stage = stageOf(p.final);
  const blocks: KnownBlock[] = [
    header(stageLabel(p.final), 'result_stage'),
    section(stage.whatIsTrue, 'result_true'),
    section(`*The trap at this stage:* ${stage.trap}`, 'result_trap'),
    section(`*Your one next move:* ${stage.nextMove}`, 'result_next_move'),
  ];
  if (p.selfReported !== p.evidenceBased) {
    blocks.push(
      divider(),
      section(
        `*Your answers say:* ${stageLabel(p.selfReported)}\n*The records say:* ${stageLabel(p.evidenceBased)}\nThe lower one counts.`,
        'result_compare',
      ),
    );
  }
  if (p.overrides.length > 0) {
    const lines = p.overrides.map(
      (o) =>
        `• ${escapeMrkdwn(CHECK_TEXTS[o.question])} ${o.question === 'threeOrMoreAgents' ? 'Your answers imply it' : `You said ${yesNo(o.answered)}`}. ${escapeMrkdwn(o.why)}`,
    );
    blocks.push(section(`*Where the records overrode an answer*\n${lines.join('\n')}`, 'result_overrides'));
  }
  for (const flag of p.flags) {
    blocks.push(
      section(
        `:warning: *${escapeMrkdwn(flag.title)}:* ${escapeMrkdwn(flag.reason)}`,
        `result_flag_${flag.id}`,
      ),
    );
  }
  return blocks;
}

export function placementResultModal(p: StoredPlacement): ModalView {
  return {
    type: 'modal',
    callback_id: `${PLACEMENT_CALLBACK_ID}_result`,
    title: plain('Your placement', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      ...placementResultBlocks(p),
      context(['Saved to the placement history. `/maturity history` shows past placements.']),
    ],
  };
}
