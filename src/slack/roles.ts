import type { WebClient } from '@slack/web-api';
import { leadership, type Person } from '../domain/roles.js';
import type { Workspace } from '../domain/workspace.js';
import { slackErrorCode } from '../slack-errors.js';
import { mayChangeSettings } from '../usecases/settings.js';
import { withDeadline } from './deadline.js';
import type { AppDeps } from './deps.js';

/** Group membership changes rarely; a minute keeps a burst of clicks from asking Slack each time. */
const GROUP_TTL_MS = 60_000;

interface CachedGroup {
  readonly members: readonly string[];
  readonly fetchedAt: number;
}

/** One cache per running app, so two apps in one process (tests, restarts) never share answers. */
const groupCaches = new WeakMap<AppDeps, Map<string, CachedGroup>>();

async function groupMembers(
  client: WebClient,
  deps: AppDeps,
  teamId: string,
  groupId: string,
): Promise<readonly string[]> {
  let cache = groupCaches.get(deps);
  if (!cache) {
    cache = new Map();
    groupCaches.set(deps, cache);
  }
  const key = `${teamId}:${groupId}`;
  const cached = cache.get(key);
  const now = deps.now().getTime();
  if (cached && now - cached.fetchedAt < GROUP_TTL_MS) return cached.members;
  try {
    const res = await withDeadline(
      client.usergroups.users.list({ usergroup: groupId }),
      'usergroups.users.list',
    );
    const members = res.users ?? [];
    cache.set(key, { members, fetchedAt: now });
    return members;
  } catch (error) {
    // A deleted group, a missing scope or a slow Slack must not lock everyone out: the named leaders still count.
    deps.logger.warn(`Could not read the members of user group ${groupId}`, error);
    return cached?.members ?? [];
  }
}

/** The leadership as the settings define it, with the user group's members read from Slack. */
export async function leadersOf(client: WebClient, deps: AppDeps, w: Workspace): Promise<string[]> {
  const fromGroup = w.leadershipGroupId
    ? await groupMembers(client, deps, w.teamId, w.leadershipGroupId)
    : [];
  return leadership(w.leadershipUserIds, fromGroup);
}

/** Whether someone is a workspace admin comes from users.info (cached briefly), never from a payload. */
export async function personOf(client: WebClient, deps: AppDeps, userId: string): Promise<Person> {
  return { userId, isAdmin: await deps.users.isAdmin(client, userId) };
}

/** Whether this person may change how the workspace runs: an admin or the portfolio owner (mayChangeSettings). */
export async function runsWorkspace(
  client: WebClient,
  deps: AppDeps,
  teamId: string,
  userId: string,
): Promise<boolean> {
  return mayChangeSettings(deps.db, { teamId, actor: await personOf(client, deps, userId) });
}

/**
 * Whether a user group id names a group Slack knows, checked before it is saved. Only Slack's own
 * "no such group" counts as no: any other failure is logged and the id is accepted.
 */
export async function userGroupExists(client: WebClient, deps: AppDeps, groupId: string): Promise<boolean> {
  try {
    await client.usergroups.users.list({ usergroup: groupId });
    return true;
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'no_such_subteam' || code === 'subteam_not_found') return false;
    deps.logger.warn(`Could not check user group ${groupId}; saving it as given`, error);
    return true;
  }
}
