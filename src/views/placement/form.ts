// The six placement questions, and reading their answers.

import type { InputBlock, ModalView } from '@slack/types';
import { QUESTION_IDS, QUESTIONS, type QuestionId } from '../../domain/placement.js';
import { type FormValues, INPUT_ACTION_ID, modal, option, optionAnswer, plain, section } from '../kit.js';
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
  return modal({
    callbackId: PLACEMENT_CALLBACK_ID,
    title: 'Place the operation',
    submit: 'Place us',
    privateMetadata: privateMetadata,
    blocks: [
      section(
        'Answer for the whole operation, strictly. If in doubt, answer *No*: most honest answers land one stage lower than hoped, and the app checks what it can against its own records.',
      ),
      ...questions,
    ],
  });
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
