import type { App } from '@slack/bolt';
import { z } from 'zod';
import { getWorkspace } from '../../store/workspaces.js';
import { markOwnerLeft } from '../../usecases/registry.js';
import { ownerLeftMessage } from '../../views/agents/messages.js';
import type { AppDeps } from '../deps.js';

const userChange = z.object({
  team_id: z.string().min(1),
  event: z.object({ user: z.looseObject({ id: z.string().min(1), deleted: z.boolean().optional() }) }),
});

/**
 * Slack's user_change: whatever changed, the cached profile (admin rights, time zone) is dropped.
 * A deactivation marks the person's agents as without an owner and tells the portfolio owner.
 */
export function registerUserEvents(app: App, deps: AppDeps): void {
  app.event('user_change', async ({ body, client }) => {
    const parsed = userChange.safeParse(body);
    if (!parsed.success) {
      deps.logger.warn('A user_change event without a user id was ignored');
      return;
    }
    const { team_id: teamId, event } = parsed.data;
    deps.users.forget(event.user.id);
    if (!event.user.deleted) return;
    const orphaned = markOwnerLeft(deps.db, deps.now(), { teamId, ownerId: event.user.id });
    if (orphaned.length === 0) return;
    const portfolioOwnerId = getWorkspace(deps.db, teamId)?.portfolioOwnerId;
    if (!portfolioOwnerId || portfolioOwnerId === event.user.id) {
      // Nobody to tell by DM: the Home tab lists these agents for admins under "Needs your action".
      deps.logger.warn(
        `${orphaned.length} agent(s) lost their owner and no portfolio owner is set to hand them over`,
      );
      return;
    }
    const message = ownerLeftMessage(event.user.id, orphaned);
    await client.chat.postMessage({ channel: portfolioOwnerId, text: message.text, blocks: message.blocks });
  });
}
