// The block, action and callback ids and answer values the placement views emit.

import type { QuestionId } from '../../domain/placement.js';

export const PLACEMENT_CALLBACK_ID = 'placement';
export const PLACE_AGAIN_ACTION_ID = 'placement_open';

const QUESTION_BLOCK_PREFIX = 'q_';
export const questionBlockId = (id: QuestionId): string => `${QUESTION_BLOCK_PREFIX}${id}`;

export const ANSWER_YES = 'yes';
export const ANSWER_NO = 'no';
