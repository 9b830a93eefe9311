import type { WebClient } from '@slack/web-api';
import { latestPlacement } from '../store/placements.js';
import { ensureWorkspace } from '../store/workspaces.js';
import { homeView, placementHomeSection } from './blocks/home.js';
import type { AppDeps } from './deps.js';

/** Renders the viewer's Home tab from the records and publishes it. */
export async function publishHome(client: WebClient, deps: AppDeps, teamId: string, userId: string): Promise<void> {
  const workspace = ensureWorkspace(deps.db, teamId, deps.now());
  const timeZone = workspace.timeZone ?? 'UTC';
  const view = homeView([placementHomeSection(latestPlacement(deps.db, teamId), timeZone)]);
  await client.views.publish({ user_id: userId, view });
}
