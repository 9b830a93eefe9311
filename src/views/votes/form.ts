import type { InputBlock, ModalView } from '@slack/types';
import { parseTimeOfDay } from '../../domain/calendar.js';
import { VOTE_VISIBILITIES, type VoteSettings, type VoteVisibility } from '../../domain/kill-or-scale.js';
import { CHOICE_LABELS, OUTCOME_LABELS, VOTE_CHOICES } from '../../domain/vote.js';
import {
  type BallotState,
  effectiveOutcome,
  MAX_DEADLINE_DAYS,
  QUORUM_CHOICES,
} from '../../domain/vote-round.js';
import {
  choiceInput,
  context,
  INPUT_ACTION_ID,
  modal,
  noticeModal,
  option,
  plain,
  recordMetadata,
  section,
  textInput,
} from '../kit.js';
import { formatDateTime, mention } from '../mrkdwn.js';
import { agentName, type Rendering, voteSettingsText } from './text.js';

// The vote's modals: the portfolio owner's override and the vote settings, with how their answers are read.

export const OVERRIDE_CALLBACK_ID = 'kos_override';

export const OVERRIDE_BLOCKS = {
  current: 'override_current',
  outcome: 'override_outcome',
  reason: 'override_reason',
} as const;

export const VOTE_SETTINGS_CALLBACK_ID = 'kos_settings';
export const VOTE_SETTINGS_BLOCKS = {
  time: 'kos_settings_time',
  days: 'kos_settings_days',
  quorum: 'kos_settings_quorum',
  visibility: 'kos_settings_visibility',
} as const;

// ---- The override modal ----

export function overrideModal(state: BallotState, r: Rendering): ModalView {
  const current = effectiveOutcome(state) ?? 'no_decision';
  const choices = VOTE_CHOICES.filter((choice) => choice !== current);
  const until = state.round.overrideUntil
    ? formatDateTime(state.round.overrideUntil, r.zone)
    : 'the end of the window';
  return modal({
    callbackId: OVERRIDE_CALLBACK_ID,
    privateMetadata: recordMetadata(state.ballot.id),
    title: 'Overturn outcome',
    submit: 'Overturn',
    blocks: [
      section(
        `${agentName(state.ballot)}: the vote said *${OUTCOME_LABELS[current]}*. You can overturn it once, until ${until}. The override and your reason are shown in the thread and kept in the audit log.`,
        OVERRIDE_BLOCKS.current,
      ),
      choiceInput({
        blockId: OVERRIDE_BLOCKS.outcome,
        label: 'What should the outcome be?',
        options: choices.map((choice) => option(CHOICE_LABELS[choice], choice)),
        style: 'radio',
      }),
      textInput({
        blockId: OVERRIDE_BLOCKS.reason,
        label: 'Why are you overturning the vote?',
        hint: 'Leadership reads this in the thread. Say what the vote did not know.',
        multiline: true,
        maxLength: 2000,
      }),
    ],
  });
}

const VISIBILITY_LABELS: Readonly<Record<VoteVisibility, string>> = {
  tally: 'How many voted each way, and who has voted',
  full: 'Also what each leader voted',
};

// ---- Vote settings ----

export function voteSettingsModal(s: VoteSettings, zone: string): ModalView {
  const time: InputBlock = {
    type: 'input',
    block_id: VOTE_SETTINGS_BLOCKS.time,
    label: plain('Time the vote opens', 2000),
    hint: plain(`In the workspace time zone (${zone}), on the first business day of each quarter.`, 2000),
    element: { type: 'timepicker', action_id: INPUT_ACTION_ID, initial_time: s.time },
  };
  const days = Array.from({ length: MAX_DEADLINE_DAYS }, (_, i) => i + 1);
  return modal({
    callbackId: VOTE_SETTINGS_CALLBACK_ID,
    title: 'Vote settings',
    submit: 'Save',
    blocks: [
      time,
      choiceInput({
        blockId: VOTE_SETTINGS_BLOCKS.days,
        label: 'Business days leaders have to vote',
        options: days.map((n) => option(String(n), String(n))),
        initial: String(s.deadlineBusinessDays),
        style: 'select',
      }),
      choiceInput({
        blockId: VOTE_SETTINGS_BLOCKS.quorum,
        label: 'An agent is decided when this share of its leaders have voted',
        hint: 'Without it the outcome is "no decision" and the agent comes back next quarter, flagged.',
        options: QUORUM_CHOICES.map((q) => option(q.label, String(q.fraction))),
        initial: String(s.quorumFraction),
        style: 'radio',
      }),
      choiceInput({
        blockId: VOTE_SETTINGS_BLOCKS.visibility,
        label: 'What everyone sees before the close',
        hint: 'After the close, everyone sees what each leader voted.',
        options: VOTE_VISIBILITIES.map((v) => option(VISIBILITY_LABELS[v], v)),
        initial: s.visibility,
        style: 'radio',
      }),
      context(['A vote already open keeps the settings it opened with.']),
    ],
  });
}

export interface VoteSettingsAnswers {
  readonly time: string | null;
  readonly days: string | null;
  readonly quorum: string | null;
  readonly visibility: string | null;
}

export type VoteSettingsRead =
  | { readonly ok: true; readonly settings: VoteSettings }
  | { readonly ok: false; readonly errors: Record<string, string> };

export function readVoteSettings(a: VoteSettingsAnswers): VoteSettingsRead {
  const errors: Record<string, string> = {};
  const timeOfDay = a.time === null ? null : parseTimeOfDay(a.time);
  if (!timeOfDay) errors[VOTE_SETTINGS_BLOCKS.time] = 'Pick the time the vote opens.';
  const days = Number(a.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DEADLINE_DAYS) {
    errors[VOTE_SETTINGS_BLOCKS.days] = `Pick from 1 to ${MAX_DEADLINE_DAYS} business days.`;
  }
  const quorum = QUORUM_CHOICES.find((q) => String(q.fraction) === a.quorum);
  if (!quorum) errors[VOTE_SETTINGS_BLOCKS.quorum] = 'Pick how many leaders must vote.';
  const visibility = VOTE_VISIBILITIES.find((v) => v === a.visibility);
  if (!visibility) errors[VOTE_SETTINGS_BLOCKS.visibility] = 'Pick what everyone sees before the close.';
  if (!timeOfDay || !quorum || !visibility || Object.keys(errors).length > 0) return { ok: false, errors };
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    ok: true,
    settings: {
      time: `${pad(timeOfDay.hour)}:${pad(timeOfDay.minute)}`,
      deadlineBusinessDays: days,
      quorumFraction: quorum.fraction,
      visibility,
    },
  };
}

export function voteSettingsSavedModal(s: VoteSettings, zone: string): ModalView {
  return noticeModal('Vote settings', `Saved. ${voteSettingsText(s, zone)}`);
}

export function voteSettingsRefusalText(portfolioOwnerId: string | null): string {
  const who = portfolioOwnerId ? `, or the portfolio owner, ${mention(portfolioOwnerId)},` : '';
  return `Only a workspace admin${who} can change the vote settings.`;
}
