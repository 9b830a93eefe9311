import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { CATEGORY_LABELS, STATUS_LABELS } from '../../domain/agents.js';
import { monthLabel, parseTimeOfDay } from '../../domain/calendar.js';
import { VOTE_VISIBILITIES, type VoteSettings, type VoteVisibility } from '../../domain/kill-or-scale.js';
import type { Trend } from '../../domain/reuse.js';
import { stageLabel } from '../../domain/stages.js';
import {
  CHOICE_LABELS,
  OUTCOME_LABELS,
  type Outcome,
  VOTE_CHOICES,
  type VoteChoice,
} from '../../domain/vote.js';
import type { Ballot, BallotState, StoredOutcome, StoredOverride, VoteRound } from '../../store/votes.js';
import { choiceInput, INPUT_ACTION_ID, noticeModal, recordMetadata, textInput } from '../../views/forms.js';
import {
  actions,
  type ButtonSpec,
  context,
  header,
  LIMITS,
  option,
  plain,
  section,
} from '../../views/kit.js';
import {
  channelLink,
  escapeMrkdwn,
  formatDate,
  formatDateTime,
  formatMoney,
  mention,
  truncate,
} from '../../views/mrkdwn.js';

export const VOTE_ACTION_IDS: Readonly<Record<VoteChoice, string>> = {
  kill: 'kos_vote_kill',
  keep: 'kos_vote_keep',
  scale: 'kos_vote_scale',
};
export const OVERRIDE_OPEN_ACTION_ID = 'kos_override_open';
export const OVERRIDE_CALLBACK_ID = 'kos_override';

export const BALLOT_BLOCKS = {
  agent: 'ballot_agent',
  flags: 'ballot_flags',
  numbers: 'ballot_numbers',
  facts: 'ballot_facts',
  tally: 'ballot_tally',
  actions: 'ballot_actions',
  outcome: 'ballot_outcome',
  override: 'ballot_override',
  overrideActions: 'ballot_override_actions',
} as const;

export const PARENT_BLOCKS = {
  title: 'round_title',
  facts: 'round_facts',
  rules: 'round_rules',
  summary: 'round_summary',
} as const;

export const OVERRIDE_BLOCKS = {
  current: 'override_current',
  outcome: 'override_outcome',
  reason: 'override_reason',
} as const;

export const VOTES_LIST_BLOCKS = { open: 'votes_open', empty: 'votes_empty' } as const;
export const votesRoundBlockId = (quarter: string): string => `votes_round_${quarter}`;

export const HOME_VOTE_BLOCKS = {
  status: 'home_vote_status',
  todo: 'home_vote_todo',
  settings: 'home_vote_settings',
  manage: 'home_vote_manage',
} as const;

export const VOTE_SETTINGS_ACTION_ID = 'kos_settings_open';
export const VOTE_SETTINGS_CALLBACK_ID = 'kos_settings';
export const VOTE_SETTINGS_BLOCKS = {
  time: 'kos_settings_time',
  days: 'kos_settings_days',
  quorum: 'kos_settings_quorum',
  visibility: 'kos_settings_visibility',
} as const;

export interface Rendering {
  readonly currency: string;
  readonly zone: string;
  readonly now: Date;
}

export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

const TREND_TEXT: Readonly<Record<Trend, string>> = {
  rising: 'rising',
  falling: 'falling',
  flat: 'flat',
  unknown: 'not enough months to tell',
};

const roundTitle = (round: Pick<VoteRound, 'quarter'>): string =>
  `Kill-or-scale vote · ${monthLabel(round.quarter)}`;
const mentions = (userIds: readonly string[]): string => userIds.map(mention).join(', ');
const agentName = (ballot: Ballot): string => `*${escapeMrkdwn(ballot.card.name)}*`;

/** What the vote decided for a ballot, the portfolio owner's override taking its place. */
export function effectiveOutcome(state: Pick<BallotState, 'outcome' | 'override'>): Outcome | null {
  return state.override?.outcome ?? state.outcome?.outcome ?? null;
}

function voteIsOpen(round: VoteRound, now: Date): boolean {
  return round.state === 'open' && now.getTime() < round.deadline.getTime();
}

function canStillOverride(round: VoteRound, override: StoredOverride | undefined, now: Date): boolean {
  return (
    round.state === 'closed' &&
    override === undefined &&
    round.overrideUntil !== null &&
    now.getTime() <= round.overrideUntil.getTime()
  );
}

// ---- The parent message ----

/** What the parent shows of a round; posted before the round is stored, so without its id. */
export type ParentRound = Pick<
  VoteRound,
  | 'quarter'
  | 'reviewedQuarter'
  | 'stage'
  | 'totalCents'
  | 'deadline'
  | 'leaderIds'
  | 'quorumFraction'
  | 'state'
  | 'closedAt'
  | 'overrideUntil'
>;

export function roundParentMessage(
  round: ParentRound,
  states: readonly BallotState[],
  r: Rendering,
): SlackMessage {
  const stage =
    round.stage === null ? 'not placed yet (`/maturity` places the operation)' : stageLabel(round.stage);
  const closing =
    round.state === 'closed' && round.closedAt
      ? `*Closed:* ${formatDateTime(round.closedAt, r.zone)}`
      : `*Closes:* ${formatDateTime(round.deadline, r.zone)}`;
  const facts = [
    `*Stage:* ${stage}`,
    `*${monthLabel(round.reviewedQuarter)} contribution:* ${formatMoney(round.totalCents, r.currency)} across all agents`,
    closing,
    `*Who votes:* ${mentions(round.leaderIds)}. Nobody votes on an agent they own.`,
  ];
  const blocks: KnownBlock[] = [
    header(roundTitle(round), PARENT_BLOCKS.title),
    section(
      `Which agents grow, which are retired? Each agent in pilot, production or scaling has its own reply in this thread, with its numbers for ${monthLabel(round.reviewedQuarter)} and three buttons: Kill, Keep, Scale.`,
    ),
    section(facts.join('\n'), PARENT_BLOCKS.facts),
  ];
  if (round.state === 'closed') {
    blocks.push(section(outcomeSummary(states), PARENT_BLOCKS.summary));
    if (round.overrideUntil) {
      blocks.push(
        context(
          [
            `The portfolio owner can overturn an outcome, with a written reason, until ${formatDateTime(round.overrideUntil, r.zone)}.`,
          ],
          PARENT_BLOCKS.rules,
        ),
      );
    }
  } else {
    blocks.push(
      context(
        [
          `An agent is decided when ${quorumLabel(round.quorumFraction)} of the leaders who may vote on it have voted (quorum). The most votes win; a tie keeps the agent. You can change your vote until the close.`,
        ],
        PARENT_BLOCKS.rules,
      ),
    );
  }
  // The parent is posted before its replies, so the fallback names no count it cannot know yet.
  const status =
    round.state === 'closed'
      ? 'closed. The outcome for each agent is in the thread.'
      : `open until ${formatDateTime(round.deadline, r.zone)}. Each agent has its own reply in the thread.`;
  return { text: `${roundTitle(round)}: ${status}`, blocks };
}

const SUMMARY_ORDER: readonly Outcome[] = ['kill', 'scale', 'keep', 'no_decision'];

function outcomeSummary(states: readonly BallotState[]): string {
  const lines = SUMMARY_ORDER.flatMap((outcome) => {
    const names = states
      .filter((s) => effectiveOutcome(s) === outcome)
      .map((s) => `${agentName(s.ballot)}${s.override ? ' (overturned)' : ''}`);
    if (names.length === 0) return [];
    const carried = outcome === 'no_decision' ? ': carried to next quarter, flagged' : '';
    return [`• ${OUTCOME_LABELS[outcome]}: ${names.join(', ')}${carried}`];
  });
  return `*Outcomes*\n${lines.length > 0 ? lines.join('\n') : 'No agent was on the ballot.'}`;
}

// ---- One reply per agent ----

function numbersText(state: BallotState, r: Rendering): string {
  const { card } = state.ballot;
  const quarter = monthLabel(state.round.reviewedQuarter);
  if (card.numbers.length === 0) return `*${quarter}:* no months yet; it was registered after the quarter.`;
  const months = card.numbers.map(
    (n) => `${monthLabel(n.month)}: ${n.cents === null ? 'not reported' : formatMoney(n.cents, r.currency)}`,
  );
  return `*${quarter}:* ${months.join(' · ')}\n*Target:* ${formatMoney(card.targetCents, r.currency)} a month · *Trend:* ${TREND_TEXT[card.trend]}`;
}

function tallyText(state: BallotState): string {
  const { round, ballot, votes, tally } = state;
  const closed = round.state === 'closed';
  const counts = VOTE_CHOICES.map((choice) => `${CHOICE_LABELS[choice]} ${tally.counts[choice]}`).join(' · ');
  const showChoices = closed || round.visibility === 'full';
  const who = votes.map((v) =>
    showChoices ? `${mention(v.voterId)} ${CHOICE_LABELS[v.choice]}` : mention(v.voterId),
  );
  const voted = `${tally.voters} of ${tally.eligible} leaders voted${who.length > 0 ? `: ${who.join(', ')}` : ''}.`;
  const recusal = round.leaderIds.includes(ballot.ownerId)
    ? ` ${mention(ballot.ownerId)} owns it and does not vote on it.`
    : '';
  return `*${closed ? 'Final count' : 'Votes so far'}:* ${counts}\n${voted} Quorum: ${tally.quorumNeeded}.${recusal}`;
}

function isTie(counts: Readonly<Record<VoteChoice, number>>): boolean {
  const top = Math.max(...VOTE_CHOICES.map((choice) => counts[choice]));
  return top > 0 && VOTE_CHOICES.filter((choice) => counts[choice] === top).length > 1;
}

function outcomeText(outcome: StoredOutcome, round: VoteRound): string {
  const label = `*Outcome: ${OUTCOME_LABELS[outcome.outcome]}.*`;
  if (outcome.note) return `${label} ${outcome.note}`;
  switch (outcome.outcome) {
    case 'kill':
      return `${label} Retired: no more monthly reports, and its history stays in the registry.`;
    case 'scale':
      return `${label} Marked as scaling for ${monthLabel(round.quarter)}.`;
    case 'keep':
      return `${label} ${isTie(outcome.counts) ? 'A tie keeps the agent, so nothing' : 'Nothing'} changes.`;
    case 'no_decision':
      return `${label} Carried to next quarter, flagged.`;
  }
}

function overrideText(o: StoredOverride, r: Rendering): string {
  const note = o.note ? ` ${o.note}` : '';
  return `*Overturned by ${mention(o.overriddenBy)} on ${formatDate(o.overriddenAt, r.zone)}:* now ${CHOICE_LABELS[o.outcome]} (the vote said ${OUTCOME_LABELS[o.previousOutcome]}).${note}\n*Why:* ${escapeMrkdwn(o.reason)}`;
}

export function ballotMessage(state: BallotState, r: Rendering): SlackMessage {
  const { round, ballot, outcome, override } = state;
  const { card } = ballot;
  const blocks: KnownBlock[] = [
    section(
      `${agentName(ballot)} · ${CATEGORY_LABELS[card.category]} · ${STATUS_LABELS[card.status]}\n*Owner:* ${mention(ballot.ownerId)} · *Metric:* ${escapeMrkdwn(card.metric)}`,
      BALLOT_BLOCKS.agent,
    ),
  ];
  if (card.flags.length > 0) {
    const lines = card.flags.map((f) => `:warning: ${f.message}`);
    blocks.push(section(`*Flagged by the value reviews*\n${lines.join('\n')}`, BALLOT_BLOCKS.flags));
  }
  blocks.push(section(numbersText(state, r), BALLOT_BLOCKS.numbers));
  const drift = card.drift.length > 0 ? `Drift: ${card.drift.join('; ')}` : 'No drift flags this quarter';
  blocks.push(context([drift, `Gate: ${card.gate}`], BALLOT_BLOCKS.facts));
  blocks.push(section(tallyText(state), BALLOT_BLOCKS.tally));

  if (voteIsOpen(round, r.now)) {
    const value = String(ballot.id);
    const buttons: ButtonSpec[] = [
      { text: CHOICE_LABELS.kill, actionId: VOTE_ACTION_IDS.kill, value, style: 'danger' },
      { text: CHOICE_LABELS.keep, actionId: VOTE_ACTION_IDS.keep, value },
      { text: CHOICE_LABELS.scale, actionId: VOTE_ACTION_IDS.scale, value, style: 'primary' },
    ];
    blocks.push(actions(BALLOT_BLOCKS.actions, buttons));
  } else if (outcome) {
    blocks.push(section(outcomeText(outcome, round), BALLOT_BLOCKS.outcome));
  } else {
    blocks.push(section('Voting has closed. The outcome follows in a moment.', BALLOT_BLOCKS.outcome));
  }
  if (override) blocks.push(section(overrideText(override, r), BALLOT_BLOCKS.override));
  if (outcome && canStillOverride(round, override, r.now)) {
    blocks.push(
      actions(BALLOT_BLOCKS.overrideActions, [
        { text: 'Overturn (portfolio owner)', actionId: OVERRIDE_OPEN_ACTION_ID, value: String(ballot.id) },
      ]),
    );
  }
  const decided = effectiveOutcome(state);
  const text = decided
    ? `${escapeMrkdwn(card.name)}: ${OUTCOME_LABELS[decided]}.`
    : `${escapeMrkdwn(card.name)}: vote Kill, Keep or Scale by ${formatDateTime(round.deadline, r.zone)}.`;
  return { text, blocks };
}

/** The outcome as a reply of its own in the agent's thread, so the thread reads as a record. */
export function outcomeReply(state: BallotState): SlackMessage {
  const { outcome, tally, ballot, round } = state;
  const decided = outcome ? outcomeText(outcome, round) : 'No outcome recorded.';
  const count = `${tally.voters} of ${tally.eligible} leaders voted: ${VOTE_CHOICES.map((c) => `${CHOICE_LABELS[c]} ${tally.counts[c]}`).join(', ')}.`;
  return {
    text: `${escapeMrkdwn(ballot.card.name)}: ${outcome ? OUTCOME_LABELS[outcome.outcome] : 'no outcome'}.`,
    blocks: [
      section(`The vote on ${agentName(ballot)} has closed. ${decided}\n${count}`, BALLOT_BLOCKS.outcome),
    ],
  };
}

export function overrideReply(state: BallotState, override: StoredOverride, r: Rendering): SlackMessage {
  return {
    text: `${escapeMrkdwn(state.ballot.card.name)}: outcome overturned, now ${CHOICE_LABELS[override.outcome]}.`,
    blocks: [section(overrideText(override, r), BALLOT_BLOCKS.override)],
  };
}

// ---- Direct messages ----

export function reminderMessage(round: VoteRound, awaiting: readonly Ballot[], r: Rendering): SlackMessage {
  const names = awaiting.map(agentName).join(', ');
  return {
    text: `Reminder: the kill-or-scale vote closes ${formatDateTime(round.deadline, r.zone)}.`,
    blocks: [
      section(
        `The kill-or-scale vote closes ${formatDateTime(round.deadline, r.zone)}, and you have not voted on ${names} yet. Each agent has its own reply under the vote in ${channelLink(round.channelId)}.`,
      ),
    ],
  };
}

export function retiredOwnerMessage(state: BallotState, r: Rendering): SlackMessage {
  const { round, ballot, tally } = state;
  const until = round.overrideUntil
    ? ` The portfolio owner can overturn it until ${formatDate(round.overrideUntil, r.zone)}.`
    : '';
  return {
    text: `${escapeMrkdwn(ballot.card.name)} was retired by the ${monthLabel(round.quarter)} kill-or-scale vote.`,
    blocks: [
      section(
        `Leadership voted to retire ${agentName(ballot)} in the ${monthLabel(round.quarter)} kill-or-scale vote (${tally.counts.kill} of ${tally.voters} votes for Kill). It won't be asked for monthly numbers any more, and its history stays in the registry.${until}`,
      ),
    ],
  };
}

export function overrideOwnerMessage(
  state: BallotState,
  override: StoredOverride,
  r: Rendering,
): SlackMessage {
  return {
    text: `The kill-or-scale outcome for ${escapeMrkdwn(state.ballot.card.name)} was overturned: now ${CHOICE_LABELS[override.outcome]}.`,
    blocks: [
      section(
        `The outcome for ${agentName(state.ballot)}, which you own, was overturned.\n${overrideText(override, r)}`,
      ),
    ],
  };
}

export function cannotPostMessage(channelId: string): SlackMessage {
  const text = `The quarterly kill-or-scale vote is due, but I can't post in ${channelLink(channelId)}. Invite me there (type \`/invite @maturity\` in the channel) or pick another leadership channel in \`/maturity settings\`, and the vote opens within a minute.`;
  return { text, blocks: [section(text)] };
}

export function notReadyMessage(missing: readonly ('channel' | 'leaders')[]): SlackMessage {
  const what = missing
    .map((m) => (m === 'channel' ? 'a leadership channel' : 'the leadership group'))
    .join(' and ');
  return {
    text: `The quarterly kill-or-scale vote is due, but ${what} is not set.`,
    blocks: [
      section(
        `The quarterly kill-or-scale vote is due, but ${what} is not set. Set it in \`/maturity settings\` and the vote opens within a minute.`,
      ),
    ],
  };
}

export function nothingToVoteMessage(quarter: string): SlackMessage {
  const text = `No agent is in pilot, production or scaling, so there is nothing to decide in the ${monthLabel(quarter)} kill-or-scale vote.`;
  return { text, blocks: [section(text, PARENT_BLOCKS.summary)] };
}

// ---- The override modal ----

export function overrideModal(state: BallotState, r: Rendering): ModalView {
  const current = effectiveOutcome(state) ?? 'no_decision';
  const choices = VOTE_CHOICES.filter((choice) => choice !== current);
  const until = state.round.overrideUntil
    ? formatDateTime(state.round.overrideUntil, r.zone)
    : 'the end of the window';
  return {
    type: 'modal',
    callback_id: OVERRIDE_CALLBACK_ID,
    private_metadata: recordMetadata(state.ballot.id),
    title: plain('Overturn outcome', LIMITS.modalTitle),
    submit: plain('Overturn', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
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
  };
}

// ---- /maturity votes ----

/** The full reason is in the thread; the history keeps each line short enough to list a quarter in one section. */
const HISTORY_REASON_MAX = 200;

function roundHistoryText(round: VoteRound, states: readonly BallotState[], zone: string): string {
  const closed = round.closedAt ? `closed ${formatDate(round.closedAt, zone)}` : 'closed';
  const lines = states.map((s) => {
    const decided = s.outcome ? OUTCOME_LABELS[s.outcome.outcome] : 'no outcome';
    const count = s.outcome ? ` (${s.outcome.voters} of ${s.outcome.eligible} voted)` : '';
    const overturned = s.override
      ? `, overturned to ${CHOICE_LABELS[s.override.outcome]} by ${mention(s.override.overriddenBy)}: ${escapeMrkdwn(truncate(s.override.reason, HISTORY_REASON_MAX))}`
      : '';
    return `• ${agentName(s.ballot)}: ${decided}${count}${overturned}`;
  });
  const body = lines.length > 0 ? lines.join('\n') : 'No agent was on the ballot.';
  return `*${monthLabel(round.quarter)} vote* on ${monthLabel(round.reviewedQuarter)} numbers, ${closed}\n${body}`;
}

export function votesHistoryBlocks(p: {
  open: VoteRound | undefined;
  closed: readonly { round: VoteRound; states: readonly BallotState[] }[];
  zone: string;
}): KnownBlock[] {
  const blocks: KnownBlock[] = [header('Kill-or-scale outcomes')];
  if (p.open) {
    blocks.push(
      section(
        `*Open now:* the ${monthLabel(p.open.quarter)} vote in ${channelLink(p.open.channelId)}, until ${formatDateTime(p.open.deadline, p.zone)}.`,
        VOTES_LIST_BLOCKS.open,
      ),
    );
  }
  if (p.closed.length === 0) {
    blocks.push(
      section(
        'No kill-or-scale vote has closed yet. The vote opens on the first business day of each quarter in the leadership channel.',
        VOTES_LIST_BLOCKS.empty,
      ),
    );
  }
  for (const { round, states } of p.closed) {
    blocks.push(section(roundHistoryText(round, states, p.zone), votesRoundBlockId(round.quarter)));
  }
  return blocks;
}

// ---- Vote settings ----

const QUORUM_CHOICES: readonly { readonly fraction: number; readonly label: string }[] = [
  { fraction: 1 / 4, label: 'More than a quarter' },
  { fraction: 1 / 3, label: 'More than a third' },
  { fraction: 1 / 2, label: 'More than half' },
  { fraction: 2 / 3, label: 'More than two thirds' },
  { fraction: 3 / 4, label: 'More than three quarters' },
];
const MAX_DEADLINE_DAYS = 10;

const VISIBILITY_LABELS: Readonly<Record<VoteVisibility, string>> = {
  tally: 'How many voted each way, and who has voted',
  full: 'Also what each leader voted',
};

function quorumLabel(fraction: number): string {
  const known = QUORUM_CHOICES.find((q) => Math.abs(q.fraction - fraction) < 1e-9);
  return (known?.label ?? `More than ${Math.round(fraction * 100)}%`).toLowerCase();
}

/** One sentence a portfolio owner can check the settings against. */
export function voteSettingsText(s: VoteSettings, zone: string): string {
  const days = `${s.deadlineBusinessDays} business ${s.deadlineBusinessDays === 1 ? 'day' : 'days'}`;
  const shown =
    s.visibility === 'full' ? 'what each leader voted' : 'how many voted each way and who has voted';
  return `The vote opens on the first business day of each quarter at ${s.time} (${zone}) and closes ${days} later. An agent is decided when ${quorumLabel(s.quorumFraction)} of its leaders have voted. Until the close, everyone sees ${shown}.`;
}

export function voteSettingsModal(s: VoteSettings, zone: string): ModalView {
  const time: InputBlock = {
    type: 'input',
    block_id: VOTE_SETTINGS_BLOCKS.time,
    label: plain('Time the vote opens', 2000),
    hint: plain(`In the workspace time zone (${zone}), on the first business day of each quarter.`, 2000),
    element: { type: 'timepicker', action_id: INPUT_ACTION_ID, initial_time: s.time },
  };
  const days = Array.from({ length: MAX_DEADLINE_DAYS }, (_, i) => i + 1);
  return {
    type: 'modal',
    callback_id: VOTE_SETTINGS_CALLBACK_ID,
    title: plain('Vote settings', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
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
  };
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

// ---- Home tab ----

export function voteHomeSection(p: {
  open: VoteRound | undefined;
  awaiting: readonly Ballot[];
  viewerId: string;
  zone: string;
  /** For admins and the portfolio owner: the settings, with a button to change them. */
  manage: VoteSettings | null;
}): KnownBlock[] {
  const { open } = p;
  if (!open && !p.manage) return [];
  const blocks: KnownBlock[] = [header('Kill-or-scale vote')];
  if (open) {
    const where = `in ${channelLink(open.channelId)}, open until ${formatDateTime(open.deadline, p.zone)}`;
    blocks.push(section(`The ${monthLabel(open.quarter)} vote is ${where}.`, HOME_VOTE_BLOCKS.status));
    if (!open.leaderIds.includes(p.viewerId)) {
      blocks.push(context(['Only the leadership group votes.'], HOME_VOTE_BLOCKS.todo));
    } else if (p.awaiting.length === 0) {
      blocks.push(
        section(
          'You have voted on every agent you can. You can change a vote until the close.',
          HOME_VOTE_BLOCKS.todo,
        ),
      );
    } else {
      blocks.push(
        section(
          `*You still have to vote on:* ${p.awaiting.map(agentName).join(', ')}`,
          HOME_VOTE_BLOCKS.todo,
        ),
      );
    }
  } else {
    blocks.push(section('No vote is open. `/maturity votes` shows past outcomes.', HOME_VOTE_BLOCKS.status));
  }
  if (p.manage) {
    blocks.push(
      context([voteSettingsText(p.manage, p.zone)], HOME_VOTE_BLOCKS.settings),
      actions(HOME_VOTE_BLOCKS.manage, [{ text: 'Vote settings', actionId: VOTE_SETTINGS_ACTION_ID }]),
    );
  }
  return blocks;
}
