import type { InputBlock, ModalView, PlainTextOption } from '@slack/types';
import { LIMITS, plain, section } from './kit.js';

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

/** A modal that only says something: a refusal on the Home tab or in a modal, or a done message. */
export function noticeModal(title: string, text: string, callbackId = 'notice'): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks: [section(text, 'notice_text')],
  };
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
