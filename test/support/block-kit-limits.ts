/**
 * Slack's documented Block Kit limits, checked on every surface the app sends.
 * Slack answers `invalid_blocks` for most of these; catching them in tests keeps a
 * long list or a long name from breaking a screen in production.
 */
import { isRecord, type JsonObject, recordsIn } from './json.js';

const MESSAGE_METHODS = new Set([
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'chat.scheduleMessage',
  'response_url',
]);
const VIEW_METHODS = new Set(['views.open', 'views.push', 'views.update', 'views.publish']);

const KNOWN_BLOCK_TYPES = new Set([
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);

/** Returns one readable sentence per broken limit, each starting with the path of the offending field. */
export function checkBlockKit(method: string, args: JsonObject): string[] {
  const findings = new Findings();
  if (VIEW_METHODS.has(method)) {
    checkView(args.view, findings);
  } else if (MESSAGE_METHODS.has(method)) {
    checkMessage(args, findings);
  } else if (args.blocks !== undefined) {
    checkBlockList(args.blocks, 'blocks', 50, findings);
  }
  return findings.list;
}

class Findings {
  readonly list: string[] = [];

  add(path: string, problem: string): void {
    this.list.push(`${path} ${problem}`);
  }

  maxLength(path: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) {
      this.add(path, `has ${value.length} characters; Slack allows ${max}.`);
    }
  }

  itemCount(path: string, value: unknown, max: number, min = 0): void {
    if (!Array.isArray(value)) return;
    if (value.length > max) this.add(path, `has ${value.length} items; Slack allows ${max}.`);
    if (value.length < min) this.add(path, `has ${value.length} items; Slack needs at least ${min}.`);
  }
}

interface TextRule {
  max?: number;
  plainOnly?: boolean;
  required?: boolean;
}

function checkText(value: unknown, path: string, rule: TextRule, findings: Findings): void {
  if (value === undefined) {
    if (rule.required) findings.add(path, 'is missing.');
    return;
  }
  if (!isRecord(value)) {
    findings.add(path, 'must be a text object ({ type, text }).');
    return;
  }
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
    findings.add(`${path}.type`, `is ${JSON.stringify(value.type)}; it must be plain_text or mrkdwn.`);
  } else if (rule.plainOnly && value.type !== 'plain_text') {
    findings.add(`${path}.type`, 'must be plain_text here.');
  }
  if (value.type === 'plain_text' && 'verbatim' in value) {
    findings.add(path, 'is plain_text but sets verbatim, which only mrkdwn has.');
  }
  if (value.type === 'mrkdwn' && 'emoji' in value) {
    findings.add(path, 'is mrkdwn but sets emoji, which only plain_text has.');
  }
  if (typeof value.text !== 'string' || value.text.trim() === '') {
    findings.add(`${path}.text`, 'is empty; Slack rejects empty text.');
  } else if (rule.max !== undefined) {
    findings.maxLength(`${path}.text`, value.text, rule.max);
  }
}

function checkMessage(args: JsonObject, findings: Findings): void {
  findings.maxLength('text', args.text, 40_000);
  if (args.blocks === undefined) return;
  if (typeof args.text !== 'string' || args.text.trim() === '') {
    findings.add('text', 'is missing; a message with blocks needs a text fallback for notifications.');
  }
  checkBlockList(args.blocks, 'blocks', 50, findings);
}

function checkView(view: unknown, findings: Findings): void {
  if (!isRecord(view)) {
    findings.add('view', 'is missing.');
    return;
  }
  if (view.type !== 'modal' && view.type !== 'home') {
    findings.add('view.type', `is ${JSON.stringify(view.type)}; it must be modal or home.`);
  }
  checkBlockList(view.blocks, 'view.blocks', 100, findings);
  if (view.type === 'modal') {
    checkText(view.title, 'view.title', { max: 24, plainOnly: true, required: true }, findings);
    checkText(view.submit, 'view.submit', { max: 24, plainOnly: true }, findings);
    checkText(view.close, 'view.close', { max: 24, plainOnly: true }, findings);
    const hasInput = recordsIn(view.blocks).some((block) => block.type === 'input');
    if (hasInput && view.submit === undefined) {
      findings.add('view.submit', 'is missing; a modal with input blocks needs a submit button.');
    }
  }
  findings.maxLength('view.private_metadata', view.private_metadata, 3000);
  findings.maxLength('view.callback_id', view.callback_id, 255);
  findings.maxLength('view.external_id', view.external_id, 255);
}

function checkBlockList(blocks: unknown, path: string, maxBlocks: number, findings: Findings): void {
  if (!Array.isArray(blocks)) {
    findings.add(path, 'must be an array of blocks.');
    return;
  }
  findings.itemCount(path, blocks, maxBlocks);
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(block)) {
      findings.add(at, 'is not a block object.');
      return;
    }
    if (typeof block.block_id === 'string') {
      findings.maxLength(`${at}.block_id`, block.block_id, 255);
      if (blockIds.has(block.block_id)) {
        findings.add(`${at}.block_id`, `"${block.block_id}" is used twice; block ids must be unique.`);
      }
      blockIds.add(block.block_id);
    }
    checkBlock(block, at, findings);
  });
}

function checkBlock(block: JsonObject, at: string, findings: Findings): void {
  // Slack only asks action ids to be unique inside their block, so each block gets a fresh set.
  const actionIds = new Set<string>();
  const element = (value: unknown, path: string) => checkElement(value, path, actionIds, findings);
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        findings.add(at, 'is a section with neither text nor fields.');
      }
      checkText(block.text, `${at}.text`, { max: 3000 }, findings);
      findings.itemCount(`${at}.fields`, block.fields, 10);
      for (const [index, field] of arrayOf(block.fields).entries()) {
        checkText(field, `${at}.fields[${index}]`, { max: 2000 }, findings);
      }
      if (block.accessory !== undefined) element(block.accessory, `${at}.accessory`);
      return;
    case 'header':
      checkText(block.text, `${at}.text`, { max: 150, plainOnly: true, required: true }, findings);
      return;
    case 'divider':
      for (const key of Object.keys(block)) {
        if (key !== 'type' && key !== 'block_id')
          findings.add(`${at}.${key}`, 'is set on a divider; a divider has no content.');
      }
      return;
    case 'context':
      findings.itemCount(`${at}.elements`, block.elements, 10);
      for (const [index, item] of arrayOf(block.elements).entries()) {
        const path = `${at}.elements[${index}]`;
        if (isRecord(item) && item.type === 'image') checkImage(item, path, findings);
        else checkText(item, path, {}, findings);
      }
      return;
    case 'actions':
      findings.itemCount(`${at}.elements`, block.elements, 25);
      for (const [index, item] of arrayOf(block.elements).entries())
        element(item, `${at}.elements[${index}]`);
      return;
    case 'input':
      checkText(block.label, `${at}.label`, { max: 2000, plainOnly: true, required: true }, findings);
      checkText(block.hint, `${at}.hint`, { max: 2000, plainOnly: true }, findings);
      if (block.element === undefined) findings.add(`${at}.element`, 'is missing.');
      else element(block.element, `${at}.element`);
      return;
    case 'image':
      checkImage(block, at, findings);
      checkText(block.title, `${at}.title`, { max: 2000, plainOnly: true }, findings);
      return;
    default:
      if (!KNOWN_BLOCK_TYPES.has(String(block.type))) {
        findings.add(`${at}.type`, `is ${JSON.stringify(block.type)}, not a Block Kit block type.`);
      }
  }
}

function checkImage(image: JsonObject, at: string, findings: Findings): void {
  if (image.image_url === undefined && image.slack_file === undefined) {
    findings.add(at, 'is an image without image_url or slack_file.');
  }
  findings.maxLength(`${at}.image_url`, image.image_url, 3000);
  if (typeof image.alt_text !== 'string' || image.alt_text.trim() === '') {
    findings.add(`${at}.alt_text`, 'is missing; images need alt text.');
  }
  findings.maxLength(`${at}.alt_text`, image.alt_text, 2000);
}

const OPTION_LIMITS: Record<string, { min: number; max: number; plainOnly: boolean }> = {
  static_select: { min: 0, max: 100, plainOnly: true },
  multi_static_select: { min: 0, max: 100, plainOnly: true },
  overflow: { min: 2, max: 5, plainOnly: true },
  radio_buttons: { min: 0, max: 10, plainOnly: false },
  checkboxes: { min: 0, max: 10, plainOnly: false },
};

function checkElement(value: unknown, at: string, actionIds: Set<string>, findings: Findings): void {
  if (!isRecord(value)) {
    findings.add(at, 'is not an element object.');
    return;
  }
  if (typeof value.action_id === 'string') {
    findings.maxLength(`${at}.action_id`, value.action_id, 255);
    if (actionIds.has(value.action_id)) {
      findings.add(
        `${at}.action_id`,
        `"${value.action_id}" is used twice in one block; action ids must differ.`,
      );
    }
    actionIds.add(value.action_id);
  }
  checkText(value.placeholder, `${at}.placeholder`, { max: 150, plainOnly: true }, findings);
  if (value.confirm !== undefined) checkConfirm(value.confirm, `${at}.confirm`, findings);

  if (value.type === 'button') {
    checkText(value.text, `${at}.text`, { max: 75, plainOnly: true, required: true }, findings);
    findings.maxLength(`${at}.value`, value.value, 2000);
    findings.maxLength(`${at}.url`, value.url, 3000);
  } else if (value.type === 'image') {
    checkImage(value, at, findings);
  }

  const limits = OPTION_LIMITS[String(value.type)];
  if (limits === undefined) return;
  if (value.option_groups !== undefined) {
    findings.itemCount(`${at}.option_groups`, value.option_groups, 100);
    for (const [index, group] of recordsIn(value.option_groups).entries()) {
      const path = `${at}.option_groups[${index}]`;
      checkText(group.label, `${path}.label`, { max: 75, plainOnly: true, required: true }, findings);
      checkOptions(group.options, `${path}.options`, limits, findings);
    }
  } else {
    checkOptions(value.options, `${at}.options`, limits, findings);
  }
}

function checkOptions(
  options: unknown,
  at: string,
  limits: { min: number; max: number; plainOnly: boolean },
  findings: Findings,
): void {
  if (!Array.isArray(options)) {
    findings.add(at, 'is missing.');
    return;
  }
  findings.itemCount(at, options, limits.max, limits.min);
  for (const [index, option] of recordsIn(options).entries()) {
    const path = `${at}[${index}]`;
    checkText(
      option.text,
      `${path}.text`,
      { max: 75, plainOnly: limits.plainOnly, required: true },
      findings,
    );
    if (typeof option.value !== 'string') findings.add(`${path}.value`, 'is missing.');
    findings.maxLength(`${path}.value`, option.value, 150);
    checkText(option.description, `${path}.description`, { max: 75, plainOnly: limits.plainOnly }, findings);
    findings.maxLength(`${path}.url`, option.url, 3000);
  }
}

function checkConfirm(value: unknown, at: string, findings: Findings): void {
  if (!isRecord(value)) {
    findings.add(at, 'is not a confirmation dialog object.');
    return;
  }
  checkText(value.title, `${at}.title`, { max: 100, plainOnly: true, required: true }, findings);
  checkText(value.text, `${at}.text`, { max: 300, required: true }, findings);
  checkText(value.confirm, `${at}.confirm`, { max: 30, plainOnly: true, required: true }, findings);
  checkText(value.deny, `${at}.deny`, { max: 30, plainOnly: true, required: true }, findings);
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
