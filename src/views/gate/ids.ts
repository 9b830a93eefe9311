// The block, action and callback ids the gate views emit.

import type { GateBarId } from '../../domain/gate.js';

export const GATE_CALLBACK_ID = 'gate_claim';
export const GATE_PICK_CALLBACK_ID = 'gate_pick';
export const GATE_SEND_BACK_CALLBACK_ID = 'gate_send_back';

/** On an agent's details: value is the agent id. */
export const GATE_OPEN_ACTION_ID = 'gate_open';
/** On the Home tab: asks which agent first. */
export const GATE_PICK_ACTION_ID = 'gate_pick';
/** Value is the review id. */
export const GATE_CONFIRM_ACTION_ID = 'gate_confirm';
export const GATE_SEND_BACK_ACTION_ID = 'gate_send_back';
export const GATE_REVIEW_OPEN_ACTION_ID = 'gate_review_open';

export const GATE_PICK_BLOCK_ID = 'gate_pick_agent';
export const SEND_BACK_REASON_BLOCK_ID = 'gate_send_back_reason';
export const GATE_DECISION_BLOCK_ID = 'gate_decision';

export const barBlockId = (bar: GateBarId): string => `gate_${bar}`;
export const evidenceBlockId = (bar: GateBarId): string => `gate_${bar}_evidence`;

/** Bars a live feed speaks to: real data (1) and monitoring (5). */
export const FEED_BARS: readonly GateBarId[] = ['realData', 'monitoring'];
export const feedEvidenceBlockId = (bar: GateBarId): string => `gate_${bar}_feed`;

export const MET = 'met';
export const NOT_MET = 'not_met';
