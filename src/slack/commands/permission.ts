import type { AppDeps } from '../deps.js';
import { runsWorkspace } from '../roles.js';
import type { CommandArgs } from './types.js';

/**
 * For what only admins and the portfolio owner may do: true when this person may, and otherwise the command is
 * acknowledged with `refusal`, quietly, and false.
 */
export async function refusedUnlessRunsWorkspace(
  { ack, client, command }: CommandArgs,
  deps: AppDeps,
  refusal: string,
): Promise<boolean> {
  if (await runsWorkspace(client, deps, command.team_id, command.user_id)) return false;
  await ack({ response_type: 'ephemeral', text: refusal });
  return true;
}
