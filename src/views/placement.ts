import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import {
  CHECK_TEXTS,
  QUESTION_IDS,
  QUESTIONS,
  type QuestionId,
  type StoredPlacement,
} from '../domain/placement.js';
import { stageLabel, stageOf } from '../domain/stages.js';
import { type FormValues, INPUT_ACTION_ID, optionAnswer } from './forms.js';
import { actions, context, divider, header, LIMITS, option, plain, section } from './kit.js';
import { escapeMrkdwn, formatDate, mention } from './mrkdwn.js';

export const PLACEMENT_CALLBACK_ID = 'placement';
export const PLACE_AGAIN_ACTION_ID = 'placement_open';

const QUESTION_BLOCK_PREFIX = 'q_';
export const questionBlockId = (id: QuestionId): string => `${QUESTION_BLOCK_PREFIX}${id}`;

export const ANSWER_YES = 'yes';
export const ANSWER_NO = 'no';

export function placementModal(privateMetadata = ''): ModalView {
  const questions: InputBlock[] = QUESTIONS.map((q) => ({
    type: 'input',
    block_id: questionBlockId(q.id),
    label: plain(q.text, 2000),
    hint: plain(q.hint, 2000),
    element: {
      type: 'radio_buttons',
      action_id: INPUT_ACTION_ID,
      options: [option('Yes', ANSWER_YES), option('No', ANSWER_NO)],
    },
  }));
  return {
    type: 'modal',
    callback_id: PLACEMENT_CALLBACK_ID,
    title: plain('Place the operation', LIMITS.modalTitle),
    submit: plain('Place us', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: privateMetadata,
    blocks: [
      section(
        'Answer for the whole operation, strictly. If in doubt, answer *No*: most honest answers land one stage lower than hoped, and the app checks what it can against its own records.',
      ),
      ...questions,
    ],
  };
}

/** The answers a person picked, keyed by question; a question left blank is missing from the result. */
export function readAnswers(values: FormValues): {
  answers: Partial<Record<QuestionId, boolean>>;
  missing: QuestionId[];
} {
  const answers: Partial<Record<QuestionId, boolean>> = {};
  const missing: QuestionId[] = [];
  for (const id of QUESTION_IDS) {
    const picked = optionAnswer(values, questionBlockId(id));
    if (picked === ANSWER_YES || picked === ANSWER_NO) answers[id] = picked === ANSWER_YES;
    else missing.push(id);
  }
  return { answers, missing };
}

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

export function historyBlocks(placements: readonly StoredPlacement[], timeZone: string): KnownBlock[] {
  if (placements.length === 0) {
    return [section('No placements yet. Type `/maturity` to place the operation.', 'history_empty')];
  }
  const lines = placements.map((p) => {
    const self = p.selfReported === p.final ? '' : ` (answers said ${stageLabel(p.selfReported)})`;
    const flags = p.flags.length > 0 ? ` · ${p.flags.map((f) => escapeMrkdwn(f.title)).join(', ')}` : '';
    return `• ${formatDate(p.createdAt, timeZone)}: *${stageLabel(p.final)}*${self} by ${mention(p.userId)}${flags}`;
  });
  return [header('Placement history'), section(lines.join('\n'), 'history_list')];
}

export function placeAgainActions(label: string): KnownBlock {
  return actions('placement_actions', [{ text: label, actionId: PLACE_AGAIN_ACTION_ID, style: 'primary' }]);
}
