// The six placement questions, and reading their answers.

import type { InputBlock, ModalView } from '@slack/types';
import { QUESTION_IDS, QUESTIONS, type QuestionId } from '../../domain/placement.js';
import { type FormValues, INPUT_ACTION_ID, optionAnswer } from '../forms.js';
import { LIMITS, option, plain, section } from '../kit.js';
import { ANSWER_NO, ANSWER_YES, PLACEMENT_CALLBACK_ID, questionBlockId } from './ids.js';

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
