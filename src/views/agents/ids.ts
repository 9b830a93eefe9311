// The block, action and callback ids the agent views emit; listeners match on these, never on the strings.

export const AGENT_REGISTER_CALLBACK_ID = 'agent_register';
export const AGENT_EDIT_CALLBACK_ID = 'agent_edit';
export const AGENT_HAND_OVER_CALLBACK_ID = 'agent_hand_over';
export const AGENT_RETIRE_CALLBACK_ID = 'agent_retire';
export const AGENT_DETAILS_CALLBACK_ID = 'agent_details';

export const AGENT_REGISTER_ACTION_ID = 'agent_register_open';
export const AGENT_DETAILS_ACTION_ID = 'agent_details_open';
export const AGENT_EDIT_ACTION_ID = 'agent_edit_open';
export const AGENT_HAND_OVER_ACTION_ID = 'agent_hand_over_open';
export const AGENT_RETIRE_ACTION_ID = 'agent_retire_open';
export const AGENT_START_PILOT_ACTION_ID = 'agent_start_pilot';

export const AGENT_FORM_BLOCKS = {
  name: 'agent_name',
  workflow: 'agent_workflow',
  category: 'agent_category',
  system: 'agent_system',
  systemName: 'agent_system_name',
  owner: 'agent_owner',
  metric: 'agent_metric',
  target: 'agent_target',
  threshold: 'agent_threshold',
  buildCost: 'agent_build_cost',
  status: 'agent_status',
} as const;

export const HAND_OVER_BLOCK_ID = 'agent_new_owner';
export const RETIRE_REASON_BLOCK_ID = 'agent_retire_reason';
export const SKIPPING_STEPS_BLOCK_ID = 'agent_skipping_steps';
