import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  KnownBlock,
  ModalView,
  MrkdwnElement,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';
import { escapePlain, truncate } from './mrkdwn.js';

// The one kit every builder uses: small constructors so builders read as layouts (every limit Slack enforces is
// applied here once), the modal shell, inputs and the reading of their answers.

export const LIMITS = {
  headerText: 150,
  sectionText: 3000,
  buttonText: 75,
  optionText: 75,
  modalTitle: 24,
  messageBlocks: 50,
  viewBlocks: 100,
  privateMetadata: 3000,
} as const;

/** Every plain_text the app sends is escaped here, so a name typed by a person shows as typed. */
export const plain = (text: string, max: number = LIMITS.sectionText): PlainTextElement => ({
  type: 'plain_text',
  text: truncate(escapePlain(text), max),
  emoji: true,
});

export const md = (text: string): MrkdwnElement => ({
  type: 'mrkdwn',
  text: truncate(text, LIMITS.sectionText),
});

export const header = (text: string, blockId?: string): HeaderBlock => ({
  type: 'header',
  text: plain(text, LIMITS.headerText),
  ...(blockId ? { block_id: blockId } : {}),
});

export const section = (text: string, blockId?: string): SectionBlock => ({
  type: 'section',
  text: md(text),
  ...(blockId ? { block_id: blockId } : {}),
});

export const context = (texts: readonly string[], blockId?: string): ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, 10).map(md),
  ...(blockId ? { block_id: blockId } : {}),
});

export const divider = (): DividerBlock => ({ type: 'divider' });

export interface ButtonSpec {
  readonly text: string;
  readonly actionId: string;
  readonly value?: string;
  readonly style?: 'primary' | 'danger';
  readonly url?: string;
}

export const button = (b: ButtonSpec): Button => ({
  type: 'button',
  text: plain(b.text, LIMITS.buttonText),
  action_id: b.actionId,
  ...(b.value !== undefined ? { value: b.value } : {}),
  ...(b.style ? { style: b.style } : {}),
  ...(b.url ? { url: b.url } : {}),
});

export const actions = (blockId: string, buttons: readonly ButtonSpec[]): ActionsBlock => ({
  type: 'actions',
  block_id: blockId,
  elements: buttons.map(button),
});

export const option = (text: string, value: string, description?: string): PlainTextOption => ({
  text: plain(text, LIMITS.optionText),
  value,
  ...(description ? { description: plain(description, LIMITS.optionText) } : {}),
});

/** A surface holds at most `max` blocks: keep the head and say how many were left out. */
export function capBlocks(
  blocks: readonly KnownBlock[],
  max: number,
  more: (hidden: number) => KnownBlock,
): KnownBlock[] {
  if (blocks.length <= max) return [...blocks];
  const kept = blocks.slice(0, max - 1);
  return [...kept, more(blocks.length - kept.length)];
}

/** A line with its own button: Slack wants buttons with the same action id in separate blocks. */
export function buttonSection(text: string, blockId: string, spec: ButtonSpec): SectionBlock {
  return { type: 'section', block_id: blockId, text: md(text), accessory: button(spec) };
}

// ---- Modals ----

export interface ModalSpec {
  readonly callbackId: string;
  readonly title: string;
  readonly blocks: readonly KnownBlock[];
  /** The submit button's text; a modal without one only shows something. */
  readonly submit?: string;
  /** The close button's text: "Cancel" beside a submit button, "Close" without one, unless said otherwise. */
  readonly close?: string;
  /** What the modal is about (recordMetadata): it comes back with every submission and click. */
  readonly privateMetadata?: string;
}

/**
 * The shell of every modal: its title, submit and close texts escaped and within Slack's 24 characters, its
 * blocks within the 100 a view holds, and private_metadata that fits.
 */
export function modal(spec: ModalSpec): ModalView {
  const metadata = spec.privateMetadata ?? '';
  if (metadata.length > LIMITS.privateMetadata)
    throw new Error(`Modal ${spec.callbackId}: private_metadata is ${metadata.length} characters`);
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    title: plain(spec.title, LIMITS.modalTitle),
    ...(spec.submit ? { submit: plain(spec.submit, LIMITS.modalTitle) } : {}),
    close: plain(spec.close ?? (spec.submit ? 'Cancel' : 'Close'), LIMITS.modalTitle),
    ...(metadata ? { private_metadata: metadata } : {}),
    // Builders cap their lists with capBlocks; this only keeps a view Slack would refuse from being sent.
    blocks: spec.blocks.slice(0, LIMITS.viewBlocks),
  };
}

/** A modal that only says something: a refusal on the Home tab or in a modal, or a done message. */
export function noticeModal(title: string, text: string, callbackId = 'notice'): ModalView {
  return modal({ callbackId, title, blocks: [section(text, 'notice_text')] });
}

// ---- Inputs and their answers ----

/**
 * Modal inputs and the reading of their answers. Each input block holds one element whose action id
 * is INPUT_ACTION_ID, so a block id alone names a field.
 */
export const INPUT_ACTION_ID = 'value';

/** One element's answer in view.state.values, the fields this app's inputs use. */
export interface InputState {
  readonly value?: string | null;
  readonly selected_user?: string | null;
  readonly selected_users?: readonly string[] | null;
  readonly selected_conversation?: string | null;
  readonly selected_time?: string | null;
  readonly selected_date?: string | null;
  readonly selected_option?: { readonly value: string } | null;
}

export type FormValues = Readonly<Record<string, Readonly<Record<string, InputState>>>>;

const stateOf = (values: FormValues, blockId: string): InputState | undefined =>
  values[blockId]?.[INPUT_ACTION_ID];

/** Typed text, trimmed; '' when left empty. */
export const textAnswer = (values: FormValues, blockId: string): string =>
  stateOf(values, blockId)?.value?.trim() ?? '';
export const optionAnswer = (values: FormValues, blockId: string): string | null =>
  stateOf(values, blockId)?.selected_option?.value ?? null;
export const userAnswer = (values: FormValues, blockId: string): string | null =>
  stateOf(values, blockId)?.selected_user ?? null;
export const usersAnswer = (values: FormValues, blockId: string): string[] => [
  ...(stateOf(values, blockId)?.selected_users ?? []),
];
export const conversationAnswer = (values: FormValues, blockId: string): string | null =>
  stateOf(values, blockId)?.selected_conversation ?? null;
export const timeAnswer = (values: FormValues, blockId: string): string | null =>
  stateOf(values, blockId)?.selected_time ?? null;
export const dateAnswer = (values: FormValues, blockId: string): string | null =>
  stateOf(values, blockId)?.selected_date ?? null;

interface InputSpec {
  readonly blockId: string;
  readonly label: string;
  readonly hint?: string;
  readonly optional?: boolean;
}

function input(spec: InputSpec, element: InputBlock['element']): InputBlock {
  return {
    type: 'input',
    block_id: spec.blockId,
    label: plain(spec.label, 2000),
    ...(spec.hint ? { hint: plain(spec.hint, 2000) } : {}),
    optional: spec.optional ?? false,
    element,
  };
}

export function textInput(
  spec: InputSpec & {
    initial?: string | null;
    placeholder?: string;
    multiline?: boolean;
    maxLength?: number;
  },
): InputBlock {
  return input(spec, {
    type: 'plain_text_input',
    action_id: INPUT_ACTION_ID,
    multiline: spec.multiline ?? false,
    ...(spec.maxLength ? { max_length: spec.maxLength } : {}),
    ...(spec.initial ? { initial_value: spec.initial } : {}),
    ...(spec.placeholder ? { placeholder: plain(spec.placeholder, 150) } : {}),
  });
}

export function choiceInput(
  spec: InputSpec & {
    options: readonly PlainTextOption[];
    initial?: string | null;
    style: 'radio' | 'select';
  },
): InputBlock {
  const initial = spec.options.find((o) => o.value === spec.initial);
  const common = {
    action_id: INPUT_ACTION_ID,
    options: [...spec.options],
    ...(initial ? { initial_option: initial } : {}),
  };
  return input(
    spec,
    spec.style === 'radio'
      ? { type: 'radio_buttons', ...common }
      : { type: 'static_select', placeholder: plain('Pick one', 150), ...common },
  );
}

export function userInput(spec: InputSpec & { initial?: string | null }): InputBlock {
  return input(spec, {
    type: 'users_select',
    action_id: INPUT_ACTION_ID,
    placeholder: plain('Pick a person', 150),
    ...(spec.initial ? { initial_user: spec.initial } : {}),
  });
}

export function usersInput(spec: InputSpec & { initial?: readonly string[] }): InputBlock {
  return input(spec, {
    type: 'multi_users_select',
    action_id: INPUT_ACTION_ID,
    placeholder: plain('Pick people', 150),
    ...(spec.initial && spec.initial.length > 0 ? { initial_users: [...spec.initial] } : {}),
  });
}

export function channelInput(spec: InputSpec & { initial?: string | null }): InputBlock {
  return input(spec, {
    type: 'conversations_select',
    action_id: INPUT_ACTION_ID,
    placeholder: plain('Pick a channel', 150),
    filter: {
      include: ['public', 'private'],
      exclude_bot_users: true,
      exclude_external_shared_channels: true,
    },
    ...(spec.initial ? { initial_conversation: spec.initial } : {}),
  });
}

/** private_metadata carries which record a modal is about; it comes back with every submission and click. */
export function recordMetadata(id: number): string {
  return JSON.stringify({ id });
}

export function readRecordMetadata(metadata: string): number | null {
  try {
    const parsed: unknown = JSON.parse(metadata);
    if (typeof parsed === 'object' && parsed !== null && 'id' in parsed && Number.isSafeInteger(parsed.id)) {
      return Number(parsed.id);
    }
  } catch {
    // Not ours (or tampered with): treated like a missing record.
  }
  return null;
}
