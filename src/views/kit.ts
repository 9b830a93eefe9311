import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';
import { escapePlain, truncate } from './mrkdwn.js';

/** Small constructors so builders read as layouts; every limit Slack enforces is applied here once. */
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
