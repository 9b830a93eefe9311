import type { App, BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { canOverride } from '../../domain/kill-or-scale.js';
import { CHOICE_LABELS, VOTE_CHOICES, type VoteChoice } from '../../domain/vote.js';
import type { Ballot, VoteRound } from '../../domain/vote-round.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { getBallot, getRoundById, getVoteSettings, overrideOf } from '../../store/votes.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { ballotState, castVote } from '../../usecases/votes.js';
import { escapeMrkdwn, formatDateTime, mention } from '../../views/mrkdwn.js';
import { ballotMessage, OVERRIDE_OPEN_ACTION_ID, VOTE_ACTION_IDS } from '../../views/votes/ballot.js';
import { overrideModal, voteSettingsModal, voteSettingsRefusalText } from '../../views/votes/form.js';
import { VOTE_SETTINGS_ACTION_ID } from '../../views/votes/home.js';
import type { Rendering } from '../../views/votes/text.js';
import type { AppDeps } from '../deps.js';
import { runsWorkspace } from '../roles.js';
import { type ActionArgs, type Click, clickedId, readClick, refuseClick, showView } from './click.js';

export const renderingFor = (w: Workspace, now: Date): Rendering => ({
  currency: w.currency,
  zone: zoneOf(w),
  now,
});

interface ClickedBallot {
  readonly workspace: Workspace;
  readonly round: VoteRound;
  readonly ballot: Ballot;
}

function findBallot(deps: AppDeps, click: Click): ClickedBallot | undefined {
  const ballotId = clickedId(click);
  const ballot = ballotId === null ? undefined : getBallot(deps.db, click.teamId, ballotId);
  const round = ballot && getRoundById(deps.db, click.teamId, ballot.roundId);
  if (!ballot || !round) return undefined;
  return { workspace: ensureWorkspace(deps.db, click.teamId, deps.now()), round, ballot };
}

/** Only the clicker sees it, inside the vote's thread where they clicked. */
async function tellInThread(client: WebClient, click: Click, round: VoteRound | undefined, text: string) {
  if (!click.channelId) return;
  await client.chat.postEphemeral({
    channel: click.channelId,
    user: click.userId,
    text,
    ...(round?.parentTs ? { thread_ts: round.parentTs } : {}),
  });
}

/** Redraws the agent's reply from the records, so the tally shown is the tally stored. */
export async function redrawBallot(client: WebClient, deps: AppDeps, found: ClickedBallot): Promise<void> {
  const { round, ballot, workspace } = found;
  if (!ballot.threadTs) return;
  const message = ballotMessage(ballotState(deps.db, round, ballot), renderingFor(workspace, deps.now()));
  await client.chat.update({
    channel: round.channelId,
    ts: ballot.threadTs,
    text: message.text,
    blocks: message.blocks,
  });
}

async function onVote({ ack, body, client }: ActionArgs, deps: AppDeps, choice: VoteChoice): Promise<void> {
  await ack();
  const click = readClick(body);
  const ballotId = clickedId(click);
  const result =
    ballotId === null
      ? ({ kind: 'missing' } as const)
      : castVote(deps.db, deps.now(), { teamId: click.teamId, ballotId, voterId: click.userId, choice });
  if (result.kind === 'missing') {
    await tellInThread(
      client,
      click,
      undefined,
      'This ballot is no longer on record, so the vote was not counted.',
    );
    return;
  }
  const { round, ballot } = result;
  if (result.kind === 'refused') {
    await tellInThread(client, click, round, `${result.message} Nothing was counted.`);
    return;
  }
  // A double click or a retry changed nothing, so there is nothing to redraw or confirm.
  if (result.kind === 'unchanged') return;
  const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
  await redrawBallot(client, deps, { workspace, round, ballot });
  const deadline = formatDateTime(round.deadline, zoneOf(workspace));
  const verb = result.kind === 'changed' ? 'Your vote is now' : 'You voted';
  await tellInThread(
    client,
    click,
    round,
    `${verb} *${CHOICE_LABELS[choice]}* on *${escapeMrkdwn(ballot.card.name)}*. You can change it until ${deadline}.`,
  );
}

async function onOverrideOpen({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const click = readClick(body);
  const found = findBallot(deps, click);
  if (!found) {
    await tellInThread(client, click, undefined, 'This ballot is no longer on record.');
    return;
  }
  const { round, ballot, workspace } = found;
  const eligibility = canOverride({
    userId: click.userId,
    portfolioOwnerId: workspace.portfolioOwnerId,
    now: deps.now(),
    closedAt: round.closedAt,
    overrideUntil: round.overrideUntil,
    alreadyOverridden: overrideOf(deps.db, ballot.id) !== undefined,
  });
  if (!eligibility.ok) {
    const who =
      eligibility.reason === 'not_portfolio_owner' && workspace.portfolioOwnerId
        ? ` Ask ${mention(workspace.portfolioOwnerId)} if it should change.`
        : '';
    await tellInThread(client, click, round, `${eligibility.message}${who}`);
    return;
  }
  const view = overrideModal(ballotState(deps.db, round, ballot), renderingFor(workspace, deps.now()));
  await client.views.open({ trigger_id: click.triggerId, view });
}

async function onSettingsOpen({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const click = readClick(body);
  const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
  if (!(await runsWorkspace(client, deps, click.teamId, click.userId))) {
    await refuseClick(client, click, voteSettingsRefusalText(workspace.portfolioOwnerId));
    return;
  }
  await showView(client, click, voteSettingsModal(getVoteSettings(deps.db, click.teamId), zoneOf(workspace)));
}

export function registerVoteActions(app: App, deps: AppDeps): void {
  for (const choice of VOTE_CHOICES) {
    app.action<BlockAction>(VOTE_ACTION_IDS[choice], (args) => onVote(args, deps, choice));
  }
  app.action<BlockAction>(OVERRIDE_OPEN_ACTION_ID, (args) => onOverrideOpen(args, deps));
  app.action<BlockAction>(VOTE_SETTINGS_ACTION_ID, (args) => onSettingsOpen(args, deps));
}
