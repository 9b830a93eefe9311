import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Agent } from '../../domain/agents.js';
import { FEED_TOKEN_BYTES } from '../../domain/feeds.js';
import type { Workspace } from '../../domain/workspace.js';
import { feedSettings, liveToken } from '../../store/feeds.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import {
  checkFeedAccess,
  feedEvidenceByAgent,
  issueFeedToken,
  revokeFeedToken,
} from '../../usecases/feeds.js';
import { feedEvidenceLine } from '../../views/feeds/format.js';
import { FEED_SETTINGS_ACTION_ID, feedSettingsModal } from '../../views/feeds/settings.js';
import {
  FEED_ISSUE_ACTION_ID,
  FEED_OPEN_ACTION_ID,
  FEED_REVOKE_ACTION_ID,
  feedModal,
  tokenIssuedModal,
} from '../../views/feeds/token.js';
import { noticeModal } from '../../views/kit.js';
import { escapeMrkdwn, mention } from '../../views/mrkdwn.js';
import type { AppDeps } from '../deps.js';
import { runsWorkspace } from '../roles.js';
import { allowedAgent, type Click, onClick, showView } from './click.js';

function feedRefusal(agent: Agent, w: Workspace): string {
  const portfolioOwner = w.portfolioOwnerId ? `, or the portfolio owner, ${mention(w.portfolioOwnerId)}` : '';
  return `Only the owner of *${escapeMrkdwn(agent.name)}*, ${mention(agent.ownerId)}${portfolioOwner}, can manage its live feed.`;
}

/** What the agent's feed proves, for the gate checklist; null when it never had a feed. */
export function gateFeedLine(deps: AppDeps, agent: Agent): string | null {
  const now = deps.now();
  const evidence = feedEvidenceByAgent(deps.db, now, agent.teamId).get(agent.id);
  return evidence ? feedEvidenceLine(evidence, now) : null;
}

function feedView(deps: AppDeps, w: Workspace, agent: Agent, notice?: string) {
  const now = deps.now();
  const live = liveToken(deps.db, w.teamId, agent.id);
  return feedModal({
    agent,
    live: live ?? null,
    evidence: feedEvidenceByAgent(deps.db, now, w.teamId).get(agent.id) ?? null,
    now,
    timeZone: w.timeZone ?? 'UTC',
    ...(notice ? { notice } : {}),
  });
}

/** The clicked agent, once the use case allows the clicker its feed (its owner or the portfolio owner). */
function feedAgent(
  client: WebClient,
  deps: AppDeps,
  click: Click,
): Promise<{ agent: Agent; workspace: Workspace } | null> {
  const check = (agentId: number) =>
    checkFeedAccess(deps.db, { teamId: click.teamId, agentId, actorId: click.userId });
  return allowedAgent(client, deps, click, check, feedRefusal);
}

/** Replaces the live-feed modal the click came from (or opens one). */
async function replaceView(client: WebClient, click: Click, view: ReturnType<typeof feedModal>) {
  if (click.modalViewId) await client.views.update({ view_id: click.modalViewId, view });
  else await showView(client, click, view);
}

export function registerFeedActions(app: App, deps: AppDeps): void {
  onClick(app, FEED_SETTINGS_ACTION_ID, async (click, client) => {
    const w = ensureWorkspace(deps.db, click.teamId, deps.now());
    const view = (await runsWorkspace(client, deps, w.teamId, click.userId))
      ? feedSettingsModal(feedSettings(deps.db, w.teamId))
      : noticeModal(
          'Feed alerts',
          'Only workspace admins and the portfolio owner can change these settings.',
        );
    await showView(client, click, view);
  });

  onClick(app, FEED_OPEN_ACTION_ID, async (click, client) => {
    const found = await feedAgent(client, deps, click);
    if (found) await showView(client, click, feedView(deps, found.workspace, found.agent));
  });

  onClick(app, FEED_ISSUE_ACTION_ID, async (click, client) => {
    const found = await feedAgent(client, deps, click);
    if (!found) return;
    const result = issueFeedToken(deps.db, deps.now(), {
      teamId: click.teamId,
      agentId: found.agent.id,
      actorId: click.userId,
      random: randomBytes(FEED_TOKEN_BYTES),
    });
    if (result.kind !== 'issued') {
      const why =
        result.kind === 'retired'
          ? `*${escapeMrkdwn(found.agent.name)}* is retired, so it has no feed to connect.`
          : feedRefusal(found.agent, found.workspace);
      await replaceView(client, click, feedView(deps, found.workspace, found.agent, why));
      return;
    }
    await replaceView(
      client,
      click,
      tokenIssuedModal({
        agent: result.agent,
        token: result.token,
        rotated: result.rotated,
        publicUrl: deps.feeds.publicUrl,
      }),
    );
  });

  onClick(app, FEED_REVOKE_ACTION_ID, async (click, client) => {
    const found = await feedAgent(client, deps, click);
    if (!found) return;
    const result = revokeFeedToken(deps.db, deps.now(), {
      teamId: click.teamId,
      agentId: found.agent.id,
      actorId: click.userId,
    });
    const notice =
      result.kind === 'revoked'
        ? `Token \`${result.prefix}…\` is revoked: it no longer works. What the feed sent is kept.`
        : 'The feed had no working token, so there was nothing to revoke.';
    await replaceView(client, click, feedView(deps, found.workspace, found.agent, notice));
  });
}
