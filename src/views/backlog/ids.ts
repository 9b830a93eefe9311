// The block, action and callback ids the backlog views emit, and the value its manage menu carries.

export const BACKLOG_ADD_ACTION_ID = 'backlog_add';
export const BACKLOG_MANAGE_ACTION_ID = 'backlog_manage';

export const CANDIDATE_ADD_CALLBACK_ID = 'backlog_candidate_add';
export const CANDIDATE_EDIT_CALLBACK_ID = 'backlog_candidate_edit';
export const CANDIDATE_REJECT_CALLBACK_ID = 'backlog_candidate_reject';
export const CANDIDATE_COMMIT_CALLBACK_ID = 'backlog_candidate_commit';
export const CANDIDATE_LINK_CALLBACK_ID = 'backlog_candidate_link';
/** Modals that only say something: a change saved, or why it could not be. */
export const CANDIDATE_SAVED_CALLBACK_ID = 'backlog_saved';
export const BACKLOG_NOTICE_CALLBACK_ID = 'backlog_notice';

export const CANDIDATE_FORM_BLOCKS = {
  process: 'candidate_process',
  dollars: 'candidate_dollars',
  feasibility: 'candidate_feasibility',
  system: 'candidate_system',
  systemName: 'candidate_system_name',
} as const;
export const REJECT_REASON_BLOCK_ID = 'candidate_reject_reason';
export const SHIP_OWNER_BLOCK_ID = 'candidate_ship_owner';
export const LINK_AGENT_BLOCK_ID = 'candidate_agent';
export const BACKLOG_LIST_BLOCK_PREFIX = 'backlog_candidate_';
export const BACKLOG_EMPTY_BLOCK_ID = 'backlog_empty';
export const BACKLOG_ACTIONS_BLOCK_ID = 'backlog_actions';

/** What the overflow menu on a candidate can do; the option value is `<manage action>:<candidate id>`. */
export const MANAGE_ACTIONS = ['edit', 'commit', 'link', 'reject'] as const;
export type ManageAction = (typeof MANAGE_ACTIONS)[number];

export function manageValue(action: ManageAction, candidateId: number): string {
  return `${action}:${candidateId}`;
}

export function readManageValue(value: string): { action: ManageAction; candidateId: number } | null {
  const [action, id] = value.split(':');
  const known = MANAGE_ACTIONS.find((a) => a === action);
  const candidateId = Number(id);
  return known && Number.isSafeInteger(candidateId) ? { action: known, candidateId } : null;
}
