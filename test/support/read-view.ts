/**
 * Read views and messages the way a person does: by visible text, labels, options and button
 * texts. `surface` is a view, a message ({ blocks }) or a plain array of blocks.
 */
import type { ViewStateSelectedOption, ViewStateValue } from '@slack/bolt';
import { isRecord, type JsonObject, recordsIn, stringOr } from './json.js';

/** view.state.values as Slack sends it: values[blockId][actionId]. */
export type StateValues = Record<string, Record<string, ViewStateValue>>;

export interface FoundAction {
  blockId: string;
  actionId: string;
  type: string;
  element: JsonObject;
}

export interface ButtonInfo {
  text: string;
  actionId: string;
  blockId: string;
  value: string | undefined;
  style?: string;
  url?: string;
}

export interface OptionInfo {
  text: string;
  value: string;
}

export interface InputInfo {
  label: string;
  blockId: string;
  actionId: string;
  type: string;
  options?: OptionInfo[];
  optional: boolean;
}

/** A string for text inputs, pickers and single selects; a list for multi selects and checkboxes; a boolean for a lone checkbox. */
export type Answer = string | string[] | boolean;

/** Parts a person cannot see until they act (confirm dialogs) or that repeat the options (initial choices). */
const UNSEEN_KEYS = new Set(['confirm', 'initial_option', 'initial_options']);

export function textOf(surface: unknown): string {
  const parts: string[] = [];
  if (isRecord(surface)) {
    collectText(surface.title, parts);
    if (surface.blocks === undefined && typeof surface.text === 'string') parts.push(surface.text);
  }
  collectText(blocksOf(surface), parts);
  if (isRecord(surface)) {
    collectText(surface.submit, parts);
    collectText(surface.close, parts);
  }
  return parts.join('\n');
}

export function findBlock(surface: unknown, blockId: string): JsonObject | undefined {
  return blocksOf(surface).find((block) => block.block_id === blockId);
}

/** What one block of a surface says, as a person reads it, found by its block id; '' when it is not there. */
export function blockText(surface: unknown, blockId: string): string {
  const block = findBlock(surface, blockId);
  return block ? textOf([block]) : '';
}

export function findAction(surface: unknown, actionId: string, blockId?: string): FoundAction | undefined {
  return actionsOf(surface).find(
    (action) => action.actionId === actionId && (blockId === undefined || action.blockId === blockId),
  );
}

export function buttonsOf(surface: unknown): ButtonInfo[] {
  return actionsOf(surface)
    .filter((action) => action.type === 'button')
    .map(({ element, actionId, blockId }) => {
      const button: ButtonInfo = {
        text: plainText(element.text),
        actionId,
        blockId,
        value: typeof element.value === 'string' ? element.value : undefined,
      };
      if (typeof element.style === 'string') button.style = element.style;
      if (typeof element.url === 'string') button.url = element.url;
      return button;
    });
}

/** The button whose text is `text` (or, failing that, the only one starting with it). */
export function findButton(surface: unknown, text: string): ButtonInfo {
  const buttons = buttonsOf(surface);
  const button = pickByText(buttons, text, (candidate) => candidate.text);
  if (!button) {
    throw new Error(
      `No button "${text}". Buttons: ${buttons.map((b) => `"${b.text}"`).join(', ') || 'none'}.`,
    );
  }
  return button;
}

export function inputsOf(surface: unknown): InputInfo[] {
  return inputEntries(surface).map(({ info }) => info);
}

/**
 * The state values Slack would send when a person fills the form. Each key names one input by its
 * label, or by a part of it that no other label shares (case-insensitive). Unanswered inputs keep
 * their initial value or stay empty, as in Slack.
 */
export function fillView(surface: unknown, answers: Record<string, Answer>): StateValues {
  const inputs = inputEntries(surface);
  const values: StateValues = {};
  const put = (info: InputInfo, state: ViewStateValue) => {
    values[info.blockId] = { ...values[info.blockId], [info.actionId]: state };
  };
  for (const { info, element } of inputs) put(info, initialState(element));
  for (const [key, answer] of Object.entries(answers)) {
    const { info, element } = inputLabelled(inputs, key);
    put(info, answeredState(info, element, answer));
  }
  return values;
}

/** The input whose label is `key`, or else the only one whose label contains it (ignoring case). */
function inputLabelled(inputs: Array<{ info: InputInfo; element: JsonObject }>, key: string) {
  const wanted = key.trim().toLowerCase();
  const exact = inputs.find(({ info }) => info.label.trim().toLowerCase() === wanted);
  if (exact) return exact;
  const matching = inputs.filter(({ info }) => info.label.toLowerCase().includes(wanted));
  const [only, ...others] = matching;
  if (only && others.length === 0) return only;
  const labels = (only ? matching : inputs).map(({ info }) => `"${info.label}"`).join(', ') || 'none';
  const problem = only ? `more than one input is labelled like "${key}"` : `no input labelled like "${key}"`;
  throw new Error(`fillView: ${problem}. Labels: ${labels}.`);
}

/** The text of a text object, or '' when there is none. */
export function plainText(value: unknown): string {
  return isRecord(value) && typeof value.text === 'string' ? value.text : '';
}

/** Options of a select, radio or checkbox element, option groups flattened. */
export function optionsOf(element: JsonObject): JsonObject[] {
  const groups = recordsIn(element.option_groups).flatMap((group) => recordsIn(group.options));
  return [...recordsIn(element.options), ...groups];
}

/** Exact text first (ignoring case and surrounding space), else the single item starting with it. */
export function pickByText<T>(items: T[], wanted: string, textOfItem: (item: T) => string): T | undefined {
  const normal = (text: string) => text.trim().toLowerCase();
  const target = normal(wanted);
  const exact = items.find((item) => normal(textOfItem(item)) === target);
  if (exact !== undefined) return exact;
  const prefixed = items.filter((item) => normal(textOfItem(item)).startsWith(target));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

export function selectedOption(option: JsonObject): ViewStateSelectedOption {
  return {
    text: { type: 'plain_text', text: plainText(option.text), emoji: true },
    value: stringOr(option.value, ''),
  };
}

function blocksOf(surface: unknown): JsonObject[] {
  return Array.isArray(surface) ? recordsIn(surface) : isRecord(surface) ? recordsIn(surface.blocks) : [];
}

function collectText(value: unknown, parts: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectText(item, parts);
    return;
  }
  if (!isRecord(value)) return;
  const isTextObject = ['plain_text', 'mrkdwn', 'text', 'markdown'].includes(String(value.type));
  if (isTextObject && typeof value.text === 'string') {
    parts.push(value.text);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (!UNSEEN_KEYS.has(key)) collectText(child, parts);
  }
}

function actionsOf(surface: unknown): FoundAction[] {
  return blocksOf(surface).flatMap((block) => {
    const elements = [
      block.accessory,
      block.element,
      ...(Array.isArray(block.elements) ? block.elements : []),
    ];
    return elements.filter(isRecord).flatMap((element) =>
      typeof element.action_id === 'string'
        ? [
            {
              blockId: stringOr(block.block_id, ''),
              actionId: element.action_id,
              type: stringOr(element.type, ''),
              element,
            },
          ]
        : [],
    );
  });
}

function inputEntries(surface: unknown): Array<{ info: InputInfo; element: JsonObject }> {
  return blocksOf(surface).flatMap((block) => {
    const element = block.element;
    if (block.type !== 'input' || !isRecord(element)) return [];
    const info: InputInfo = {
      label: plainText(block.label),
      blockId: stringOr(block.block_id, ''),
      actionId: stringOr(element.action_id, ''),
      type: stringOr(element.type, ''),
      optional: block.optional === true,
    };
    const options = optionsOf(element);
    if (options.length > 0) {
      info.options = options.map((option) => ({
        text: plainText(option.text),
        value: stringOr(option.value, ''),
      }));
    }
    return [{ info, element }];
  });
}

type SingleKey =
  | 'value'
  | 'selected_date'
  | 'selected_time'
  | 'selected_user'
  | 'selected_conversation'
  | 'selected_channel';
type ManyKey = 'selected_users' | 'selected_conversations' | 'selected_channels';
type StateField =
  | { kind: 'single'; key: SingleKey; initial: string }
  | { kind: 'many'; key: ManyKey; initial: string }
  | { kind: 'option' }
  | { kind: 'options' };

const single = (key: SingleKey, initial: string): StateField => ({ kind: 'single', key, initial });
const many = (key: ManyKey, initial: string): StateField => ({ kind: 'many', key, initial });

/** Where each input element keeps its answer in view.state.values, and where its initial value sits. */
const STATE_FIELDS: Record<string, StateField> = {
  plain_text_input: single('value', 'initial_value'),
  number_input: single('value', 'initial_value'),
  email_text_input: single('value', 'initial_value'),
  url_text_input: single('value', 'initial_value'),
  datepicker: single('selected_date', 'initial_date'),
  timepicker: single('selected_time', 'initial_time'),
  users_select: single('selected_user', 'initial_user'),
  conversations_select: single('selected_conversation', 'initial_conversation'),
  channels_select: single('selected_channel', 'initial_channel'),
  multi_users_select: many('selected_users', 'initial_users'),
  multi_conversations_select: many('selected_conversations', 'initial_conversations'),
  multi_channels_select: many('selected_channels', 'initial_channels'),
  static_select: { kind: 'option' },
  radio_buttons: { kind: 'option' },
  multi_static_select: { kind: 'options' },
  checkboxes: { kind: 'options' },
};

function initialState(element: JsonObject): ViewStateValue {
  const type = stringOr(element.type, '');
  const state: ViewStateValue = { type };
  const field = STATE_FIELDS[type];
  if (field?.kind === 'single') {
    const initial = element[field.initial];
    state[field.key] = typeof initial === 'string' ? initial : null;
  } else if (field?.kind === 'many') {
    const initial = element[field.initial];
    state[field.key] = Array.isArray(initial) ? initial.filter((id) => typeof id === 'string') : [];
  } else if (field?.kind === 'option') {
    state.selected_option = isRecord(element.initial_option) ? selectedOption(element.initial_option) : null;
  } else if (field?.kind === 'options') {
    state.selected_options = recordsIn(element.initial_options).map(selectedOption);
  }
  return state;
}

function answeredState(info: InputInfo, element: JsonObject, answer: Answer): ViewStateValue {
  const state: ViewStateValue = { type: info.type };
  const field = STATE_FIELDS[info.type];
  const refuse = (why: string) =>
    new Error(
      `fillView: cannot answer "${info.label}" (${info.type}) with ${JSON.stringify(answer)}: ${why}`,
    );
  if (!field) throw refuse('this input type is not supported yet.');
  if (field.kind === 'single') {
    if (typeof answer !== 'string') throw refuse('it takes one string.');
    state[field.key] = answer;
  } else if (field.kind === 'many') {
    if (typeof answer === 'boolean') throw refuse('it takes ids.');
    state[field.key] = typeof answer === 'string' ? [answer] : answer;
  } else if (field.kind === 'option') {
    if (typeof answer !== 'string') throw refuse('it takes the text of one option.');
    state.selected_option = selectedOption(pickOption(info, element, answer, refuse));
  } else {
    state.selected_options = optionsAnswered(info, element, answer, refuse).map(selectedOption);
  }
  return state;
}

function optionsAnswered(
  info: InputInfo,
  element: JsonObject,
  answer: Answer,
  refuse: (why: string) => Error,
): JsonObject[] {
  if (typeof answer !== 'boolean') {
    return (typeof answer === 'string' ? [answer] : answer).map((text) =>
      pickOption(info, element, text, refuse),
    );
  }
  const [only, ...others] = optionsOf(element);
  if (!only || others.length > 0) throw refuse('yes/no answers need exactly one checkbox.');
  return answer ? [only] : [];
}

function pickOption(
  info: InputInfo,
  element: JsonObject,
  text: string,
  refuse: (why: string) => Error,
): JsonObject {
  const option = pickByText(optionsOf(element), text, (candidate) => plainText(candidate.text));
  if (!option) {
    const offered = (info.options ?? []).map((o) => `"${o.text}"`).join(', ') || 'none';
    throw refuse(`no such option. Options: ${offered}.`);
  }
  return option;
}
