import type { App, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { VOTE_CHOICES, type VoteChoice } from '../../domain/vote.js';
import type { Ballot, OutcomeOverride, VoteRound } from '../../domain/vote-round.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { logEvent } from '../../logging.js';
import { getAgent } from '../../store/agents.js';
import type { Announcement } from '../../store/outbox.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { ballotState, overrideOutcome, roundStates, saveVoteSettings } from '../../usecases/votes.js';
import { INPUT_ACTION_ID, optionAnswer, textAnswer } from '../../views/kit.js';
import { ballotMessage, overrideReply, roundParentMessage } from '../../views/votes/ballot.js';
import {
  OVERRIDE_BLOCKS,
  OVERRIDE_CALLBACK_ID,
  readVoteSettings,
  VOTE_SETTINGS_BLOCKS,
  VOTE_SETTINGS_CALLBACK_ID,
  voteSettingsRefusalText,
  voteSettingsSavedModal,
} from '../../views/votes/form.js';
import { overrideOwnerMessage } from '../../views/votes/messages.js';
import { renderingFor } from '../actions/votes.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { runsWorkspace } from '../roles.js';
import { guarded, notice, readSubmission, type ViewArgs } from './submission.js';

const isChoice = (value: string | null): value is VoteChoice =>
  VOTE_CHOICES.some((choice) => choice === value);

/** Everyone who reads the thread sees the override: the reply, a note in the thread, the parent, the owner. */
function overrideAnnouncements(
  deps: AppDeps,
  p: { workspace: Workspace; round: VoteRound; ballot: Ballot; override: OutcomeOverride },
): Announcement[] {
  const { workspace, round, ballot } = p;
  const r = renderingFor(workspace, deps.now());
  const state = ballotState(deps.db, round, ballot);
  const reply = ballotMessage(state, r);
  const parent = roundParentMessage(round, roundStates(deps.db, round), r);
  const ownerId = getAgent(deps.db, workspace.teamId, ballot.agentId)?.ownerId ?? ballot.ownerId;
  return [
    ...(ballot.threadTs
      ? [
          {
            method: 'chat.update',
            args: { channel: round.channelId, ts: ballot.threadTs, ...reply },
          } as const,
        ]
      : []),
    {
      method: 'chat.postMessage',
      args: { channel: round.channelId, thread_ts: round.parentTs, ...overrideReply(state, p.override, r) },
    },
    { method: 'chat.update', args: { channel: round.channelId, ts: round.parentTs, ...parent } },
    ...(ownerId !== p.override.overriddenBy
      ? [
          {
            method: 'chat.postMessage',
            args: { channel: ownerId, ...overrideOwnerMessage(state, p.override, r) },
          } as const,
        ]
      : []),
  ];
}

async function onOverrideSubmitted({ ack, body }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const outcome = optionAnswer(s.values, OVERRIDE_BLOCKS.outcome);
  const reason = textAnswer(s.values, OVERRIDE_BLOCKS.reason);
  const errors: Record<string, string> = {};
  if (!isChoice(outcome)) errors[OVERRIDE_BLOCKS.outcome] = 'Pick the outcome that should stand.';
  if (reason === '')
    errors[OVERRIDE_BLOCKS.reason] = 'Say why, in a sentence or two. Leadership will read it.';
  if (!isChoice(outcome) || reason === '') {
    await ack({ response_action: 'errors', errors });
    return;
  }
  const now = deps.now();
  const workspace = ensureWorkspace(deps.db, s.teamId, now);
  const ballotId = s.recordId;
  const result =
    ballotId === null
      ? ({ kind: 'missing' } as const)
      : deps.announcements.record(
          s.teamId,
          now,
          () =>
            overrideOutcome(deps.db, now, {
              teamId: s.teamId,
              ballotId,
              outcome,
              reason,
              actorId: s.userId,
              portfolioOwnerId: workspace.portfolioOwnerId,
              sourceViewId: s.viewId,
            }),
          (done) =>
            done.kind === 'overridden' && done.created
              ? overrideAnnouncements(deps, { workspace, ...done })
              : [],
        );
  if (result.kind === 'missing') {
    await ack(notice('Not overturned', 'This ballot is no longer on record, so nothing was changed.'));
    return;
  }
  if (result.kind === 'refused') {
    await ack(notice('Not overturned', `${result.message} Nothing was changed.`));
    return;
  }
  if (result.created) {
    logEvent(
      deps.logger,
      'info',
      'vote.overridden',
      {
        teamId: s.teamId,
        ballotId: result.ballot.id,
        quarter: result.round.quarter,
        outcome,
        previous: result.override.previousOutcome,
        actorId: s.userId,
      },
      `Outcome of ballot ${result.ballot.id} (${result.round.quarter}) overturned to ${outcome} by ${s.userId}`,
    );
  }
  await ack(
    notice(
      'Outcome overturned',
      'Done. The thread, the vote summary and the audit log show the new outcome and your reason.',
    ),
  );
}

/** The time picker's answer, which the shared form reader does not carry. */
const pickedTime = z.object({
  view: z.object({
    state: z.object({
      values: z.record(
        z.string(),
        z.record(z.string(), z.looseObject({ selected_time: z.string().nullish() })),
      ),
    }),
  }),
});

async function onSettingsSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const workspace = ensureWorkspace(deps.db, s.teamId, deps.now());
  if (!(await runsWorkspace(client, deps, s.teamId, s.userId))) {
    await ack(notice('Vote settings', voteSettingsRefusalText(workspace.portfolioOwnerId)));
    return;
  }
  const times = pickedTime.parse(body).view.state.values;
  const read = readVoteSettings({
    time: times[VOTE_SETTINGS_BLOCKS.time]?.[INPUT_ACTION_ID]?.selected_time ?? null,
    days: optionAnswer(s.values, VOTE_SETTINGS_BLOCKS.days),
    quorum: optionAnswer(s.values, VOTE_SETTINGS_BLOCKS.quorum),
    visibility: optionAnswer(s.values, VOTE_SETTINGS_BLOCKS.visibility),
  });
  if (!read.ok) {
    await ack({ response_action: 'errors', errors: read.errors });
    return;
  }
  saveVoteSettings(deps.db, deps.now(), { teamId: s.teamId, actorId: s.userId, settings: read.settings });
  await ack({
    response_action: 'update',
    view: voteSettingsSavedModal(read.settings, zoneOf(workspace)),
  });
  await publishHome(client, deps, s.teamId, s.userId);
}

export function registerVoteViews(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(OVERRIDE_CALLBACK_ID, guarded(deps, onOverrideSubmitted));
  app.view<ViewSubmitAction>(VOTE_SETTINGS_CALLBACK_ID, guarded(deps, onSettingsSubmitted));
}
