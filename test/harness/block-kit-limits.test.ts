import { describe, expect, it } from 'vitest';
import { checkBlockKit } from '../support/block-kit-limits.js';
import type { JsonObject } from '../support/json.js';

const plain = (text: string): JsonObject => ({ type: 'plain_text', text });
const mrkdwn = (text: string): JsonObject => ({ type: 'mrkdwn', text });
const long = (length: number) => 'x'.repeat(length);
const option = (text: string, value = text): JsonObject => ({ text: plain(text), value });
const options = (count: number) => Array.from({ length: count }, (_, i) => option(`Option ${i}`));
const button = (actionId: string, overrides: JsonObject = {}): JsonObject => ({
  type: 'button',
  action_id: actionId,
  text: plain('Open'),
  ...overrides,
});
const section = (text: string): JsonObject => ({ type: 'section', text: mrkdwn(text) });

const message = (blocks: unknown[], extra: JsonObject = {}): JsonObject => ({
  channel: 'C1',
  text: 'fallback',
  blocks,
  ...extra,
});
const modal = (blocks: unknown[], extra: JsonObject = {}): JsonObject => ({
  view: { type: 'modal', title: plain('Register agent'), submit: plain('Save'), blocks, ...extra },
});
const inputWith = (element: JsonObject, extra: JsonObject = {}): JsonObject => ({
  type: 'input',
  block_id: 'field',
  label: plain('Level'),
  element,
  ...extra,
});

describe('checkBlockKit', () => {
  it('accepts a full, valid modal and message', () => {
    const view = modal([
      { type: 'header', text: plain('Agent A-17') },
      {
        type: 'section',
        block_id: 'summary',
        fields: [mrkdwn('*Owner*'), mrkdwn('Maria')],
        accessory: button('open'),
      },
      { type: 'divider' },
      {
        type: 'context',
        elements: [
          mrkdwn('Updated today'),
          { type: 'image', image_url: 'https://x/y.png', alt_text: 'logo' },
        ],
      },
      inputWith({
        type: 'static_select',
        action_id: 'level',
        options: options(5),
        placeholder: plain('Pick one'),
      }),
      {
        type: 'input',
        block_id: 'notes',
        optional: true,
        label: plain('Notes'),
        element: { type: 'plain_text_input', action_id: 'notes' },
      },
      {
        type: 'actions',
        elements: [
          button('approve', { style: 'primary', value: 'A-17' }),
          { type: 'overflow', action_id: 'more', options: options(3) },
        ],
      },
      // Two blocks may reuse an action id: Slack only wants it unique inside its block.
      { type: 'actions', elements: [button('approve')] },
    ]);
    expect(checkBlockKit('views.open', view)).toEqual([]);
    expect(
      checkBlockKit('chat.postMessage', message([section('hello'), { type: 'rich_text', elements: [] }])),
    ).toEqual([]);
    expect(checkBlockKit('chat.postMessage', { channel: 'C1', text: 'plain text only' })).toEqual([]);
    expect(checkBlockKit('users.info', { user: 'U1' })).toEqual([]);
  });

  const cases: Array<[string, string, JsonObject, string]> = [
    // Messages
    [
      'too many message blocks',
      'chat.postMessage',
      message(Array.from({ length: 51 }, () => ({ type: 'divider' }))),
      'blocks has 51 items; Slack allows 50.',
    ],
    [
      'blocks without a text fallback',
      'chat.update',
      message([section('x')], { text: '' }),
      'text is missing; a message with blocks needs a text fallback',
    ],
    [
      'message text too long',
      'chat.postEphemeral',
      { channel: 'C1', text: long(40_001) },
      'text has 40001 characters; Slack allows 40000.',
    ],
    [
      'blocks that are not an array',
      'chat.postMessage',
      message([], { blocks: '[{' }),
      'blocks must be an array of blocks.',
    ],
    // Views
    [
      'too many view blocks',
      'views.publish',
      { view: { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) } },
      'view.blocks has 101 items; Slack allows 100.',
    ],
    [
      'long modal title',
      'views.open',
      modal([], { title: plain(long(25)) }),
      'view.title.text has 25 characters; Slack allows 24.',
    ],
    ['missing modal title', 'views.open', modal([], { title: undefined }), 'view.title is missing.'],
    [
      'long submit',
      'views.push',
      modal([], { submit: plain(long(25)) }),
      'view.submit.text has 25 characters; Slack allows 24.',
    ],
    [
      'long close',
      'views.update',
      modal([], { close: plain(long(25)) }),
      'view.close.text has 25 characters; Slack allows 24.',
    ],
    [
      'inputs without submit',
      'views.open',
      modal([inputWith({ type: 'plain_text_input' })], { submit: undefined }),
      'view.submit is missing; a modal with input blocks needs a submit button.',
    ],
    [
      'long private_metadata',
      'views.open',
      modal([], { private_metadata: long(3001) }),
      'view.private_metadata has 3001 characters; Slack allows 3000.',
    ],
    [
      'long callback_id',
      'views.open',
      modal([], { callback_id: long(256) }),
      'view.callback_id has 256 characters; Slack allows 255.',
    ],
    [
      'long external_id',
      'views.open',
      modal([], { external_id: long(256) }),
      'view.external_id has 256 characters; Slack allows 255.',
    ],
    [
      'unknown view type',
      'views.open',
      modal([], { type: 'dialog' }),
      'view.type is "dialog"; it must be modal or home.',
    ],
    // Ids
    [
      'long block_id',
      'chat.postMessage',
      message([{ type: 'divider', block_id: long(256) }]),
      'blocks[0].block_id has 256 characters; Slack allows 255.',
    ],
    [
      'duplicate block_id',
      'chat.postMessage',
      message([
        { type: 'divider', block_id: 'a' },
        { type: 'divider', block_id: 'a' },
      ]),
      'blocks[1].block_id "a" is used twice; block ids must be unique.',
    ],
    [
      'long action_id',
      'chat.postMessage',
      message([{ type: 'actions', elements: [button(long(256))] }]),
      'blocks[0].elements[0].action_id has 256 characters; Slack allows 255.',
    ],
    [
      'duplicate action_id in a block',
      'chat.postMessage',
      message([{ type: 'actions', elements: [button('go'), button('go')] }]),
      'blocks[0].elements[1].action_id "go" is used twice in one block',
    ],
    // Sections, headers, context, actions
    [
      'long section text',
      'chat.postMessage',
      message([section(long(3001))]),
      'blocks[0].text.text has 3001 characters; Slack allows 3000.',
    ],
    [
      'too many fields',
      'chat.postMessage',
      message([{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }]),
      'blocks[0].fields has 11 items; Slack allows 10.',
    ],
    [
      'long field',
      'chat.postMessage',
      message([{ type: 'section', fields: [mrkdwn(long(2001))] }]),
      'blocks[0].fields[0].text has 2001 characters; Slack allows 2000.',
    ],
    [
      'empty section',
      'chat.postMessage',
      message([{ type: 'section' }]),
      'blocks[0] is a section with neither text nor fields.',
    ],
    [
      'long header',
      'chat.postMessage',
      message([{ type: 'header', text: plain(long(151)) }]),
      'blocks[0].text.text has 151 characters; Slack allows 150.',
    ],
    [
      'mrkdwn header',
      'chat.postMessage',
      message([{ type: 'header', text: mrkdwn('*x*') }]),
      'blocks[0].text.type must be plain_text here.',
    ],
    [
      'too many context elements',
      'chat.postMessage',
      message([{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }]),
      'blocks[0].elements has 11 items; Slack allows 10.',
    ],
    [
      'too many actions',
      'chat.postMessage',
      message([{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) }]),
      'blocks[0].elements has 26 items; Slack allows 25.',
    ],
    [
      'divider with text',
      'chat.postMessage',
      message([{ type: 'divider', text: plain('x') }]),
      'blocks[0].text is set on a divider; a divider has no content.',
    ],
    [
      'unknown block type',
      'chat.postMessage',
      message([{ type: 'sektion' }]),
      'blocks[0].type is "sektion", not a Block Kit block type.',
    ],
    // Inputs
    [
      'long label',
      'views.open',
      modal([inputWith({ type: 'plain_text_input' }, { label: plain(long(2001)) })]),
      'view.blocks[0].label.text has 2001 characters; Slack allows 2000.',
    ],
    [
      'long hint',
      'views.open',
      modal([inputWith({ type: 'plain_text_input' }, { hint: plain(long(2001)) })]),
      'view.blocks[0].hint.text has 2001 characters; Slack allows 2000.',
    ],
    [
      'long placeholder',
      'views.open',
      modal([inputWith({ type: 'plain_text_input', placeholder: plain(long(151)) })]),
      'view.blocks[0].element.placeholder.text has 151 characters; Slack allows 150.',
    ],
    [
      'input without element',
      'views.open',
      modal([{ type: 'input', label: plain('x') }]),
      'view.blocks[0].element is missing.',
    ],
    // Buttons
    [
      'long button text',
      'chat.postMessage',
      message([section('x')].map((b) => ({ ...b, accessory: button('a', { text: plain(long(76)) }) }))),
      'blocks[0].accessory.text.text has 76 characters; Slack allows 75.',
    ],
    [
      'long button value',
      'chat.postMessage',
      message([{ type: 'actions', elements: [button('a', { value: long(2001) })] }]),
      'blocks[0].elements[0].value has 2001 characters; Slack allows 2000.',
    ],
    [
      'long button url',
      'chat.postMessage',
      message([{ type: 'actions', elements: [button('a', { url: long(3001) })] }]),
      'blocks[0].elements[0].url has 3001 characters; Slack allows 3000.',
    ],
    [
      'long confirm title',
      'chat.postMessage',
      message([
        {
          type: 'actions',
          elements: [
            button('a', {
              confirm: {
                title: plain(long(101)),
                text: plain('Sure?'),
                confirm: plain('Yes'),
                deny: plain('No'),
              },
            }),
          ],
        },
      ]),
      'blocks[0].elements[0].confirm.title.text has 101 characters; Slack allows 100.',
    ],
    // Options
    [
      'long option text',
      'views.open',
      modal([inputWith({ type: 'static_select', options: [option(long(76), 'v')] })]),
      'view.blocks[0].element.options[0].text.text has 76 characters; Slack allows 75.',
    ],
    [
      'long option value',
      'views.open',
      modal([inputWith({ type: 'static_select', options: [option('A', long(151))] })]),
      'view.blocks[0].element.options[0].value has 151 characters; Slack allows 150.',
    ],
    [
      'long option description',
      'views.open',
      modal([
        inputWith({ type: 'radio_buttons', options: [{ ...option('A'), description: plain(long(76)) }] }),
      ]),
      'view.blocks[0].element.options[0].description.text has 76 characters; Slack allows 75.',
    ],
    [
      'option without value',
      'views.open',
      modal([inputWith({ type: 'checkboxes', options: [{ text: plain('A') }] })]),
      'view.blocks[0].element.options[0].value is missing.',
    ],
    [
      'too many select options',
      'views.open',
      modal([inputWith({ type: 'multi_static_select', options: options(101) })]),
      'view.blocks[0].element.options has 101 items; Slack allows 100.',
    ],
    [
      'too many radio buttons',
      'views.open',
      modal([inputWith({ type: 'radio_buttons', options: options(11) })]),
      'view.blocks[0].element.options has 11 items; Slack allows 10.',
    ],
    [
      'too many checkboxes',
      'views.open',
      modal([inputWith({ type: 'checkboxes', options: options(11) })]),
      'view.blocks[0].element.options has 11 items; Slack allows 10.',
    ],
    [
      'overflow with one option',
      'chat.postMessage',
      message([{ ...section('x'), accessory: { type: 'overflow', action_id: 'o', options: options(1) } }]),
      'blocks[0].accessory.options has 1 items; Slack needs at least 2.',
    ],
    [
      'overflow with six options',
      'chat.postMessage',
      message([{ ...section('x'), accessory: { type: 'overflow', action_id: 'o', options: options(6) } }]),
      'blocks[0].accessory.options has 6 items; Slack allows 5.',
    ],
    [
      'too many option groups',
      'views.open',
      modal([
        inputWith({
          type: 'static_select',
          option_groups: Array.from({ length: 101 }, () => ({ label: plain('G'), options: options(1) })),
        }),
      ]),
      'view.blocks[0].element.option_groups has 101 items; Slack allows 100.',
    ],
    [
      'mrkdwn option in a select',
      'views.open',
      modal([inputWith({ type: 'static_select', options: [{ text: mrkdwn('*A*'), value: 'a' }] })]),
      'view.blocks[0].element.options[0].text.type must be plain_text here.',
    ],
    // Text objects
    [
      'unknown text type',
      'chat.postMessage',
      message([{ type: 'section', text: { type: 'markdown', text: 'x' } }]),
      'blocks[0].text.type is "markdown"; it must be plain_text or mrkdwn.',
    ],
    [
      'plain_text with verbatim',
      'chat.postMessage',
      message([{ type: 'section', text: { type: 'plain_text', text: 'x', verbatim: true } }]),
      'blocks[0].text is plain_text but sets verbatim, which only mrkdwn has.',
    ],
    [
      'mrkdwn with emoji',
      'chat.postMessage',
      message([{ type: 'section', text: { type: 'mrkdwn', text: 'x', emoji: true } }]),
      'blocks[0].text is mrkdwn but sets emoji, which only plain_text has.',
    ],
    [
      'empty text',
      'chat.postMessage',
      message([section('  ')]),
      'blocks[0].text.text is empty; Slack rejects empty text.',
    ],
    [
      'text that is a string',
      'chat.postMessage',
      message([{ type: 'section', text: 'x' }]),
      'blocks[0].text must be a text object ({ type, text }).',
    ],
    // Images
    [
      'image without alt text',
      'chat.postMessage',
      message([{ type: 'image', image_url: 'https://x/y.png' }]),
      'blocks[0].alt_text is missing; images need alt text.',
    ],
    [
      'image without url',
      'chat.postMessage',
      message([{ type: 'image', alt_text: 'chart' }]),
      'blocks[0] is an image without image_url or slack_file.',
    ],
    [
      'context image without alt text',
      'chat.postMessage',
      message([{ type: 'context', elements: [{ type: 'image', image_url: 'https://x/y.png' }] }]),
      'blocks[0].elements[0].alt_text is missing; images need alt text.',
    ],
  ];

  it.each(cases)('reports %s', (_name, method, args, expected) => {
    const findings = checkBlockKit(method, args);
    expect(findings.some((finding) => finding.startsWith(expected))).toBe(true);
    expect(findings.length, findings.join('\n')).toBe(1);
  });

  it('checks blocks sent along with a file upload', () => {
    expect(
      checkBlockKit('files.completeUploadExternal', { blocks: [{ type: 'header', text: plain(long(151)) }] }),
    ).toEqual(['blocks[0].text.text has 151 characters; Slack allows 150.']);
  });
});
