import { describe, expect, it } from 'vitest';
import {
  buttonsOf,
  fillView,
  findAction,
  findBlock,
  findButton,
  inputsOf,
  textOf,
} from '../support/read-view.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (text: string, value: string) => ({ text: plain(text), value });

const view = {
  id: 'V1',
  type: 'modal',
  title: plain('Gate review'),
  submit: plain('Submit vote'),
  close: plain('Cancel'),
  blocks: [
    { type: 'header', block_id: 'head', text: plain('Agent A-17: invoice matcher') },
    {
      type: 'section',
      block_id: 'summary',
      text: { type: 'mrkdwn', text: '*Level 2* since March' },
      fields: [{ type: 'mrkdwn', text: '*Owner*\nMaria' }],
      accessory: {
        type: 'button',
        action_id: 'open_agent',
        text: plain('Open agent'),
        value: 'A-17',
        confirm: {
          title: plain('Hidden'),
          text: plain('Confirm text'),
          confirm: plain('Yes'),
          deny: plain('No'),
        },
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Last review 2025-01-02' }] },
    {
      type: 'input',
      block_id: 'vote',
      label: plain('Your vote'),
      element: {
        type: 'radio_buttons',
        action_id: 'vote_choice',
        options: [option('Promote', 'promote'), option('Hold', 'hold'), option('Demote', 'demote')],
      },
    },
    {
      type: 'input',
      block_id: 'reason',
      label: plain('Reason for the vote'),
      element: { type: 'plain_text_input', action_id: 'reason_text', multiline: true },
    },
    {
      type: 'input',
      block_id: 'line',
      label: plain('Production line'),
      element: {
        type: 'static_select',
        action_id: 'line_pick',
        option_groups: [
          {
            label: plain('North plant'),
            options: [option('Line 1 (stamping)', 'l1'), option('Line 2', 'l2')],
          },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'ack',
      optional: true,
      label: plain('Risk acknowledged'),
      element: {
        type: 'checkboxes',
        action_id: 'ack_box',
        options: [option('I have read the risk note', 'yes')],
      },
    },
    {
      type: 'input',
      block_id: 'reviewers',
      label: plain('Reviewers'),
      element: { type: 'multi_users_select', action_id: 'reviewer_ids' },
    },
    {
      type: 'input',
      block_id: 'owner',
      label: plain('Owner'),
      element: { type: 'users_select', action_id: 'owner_id', initial_user: 'U100' },
    },
    {
      type: 'input',
      block_id: 'due',
      label: plain('Due date'),
      element: { type: 'datepicker', action_id: 'due_date' },
    },
    {
      type: 'actions',
      block_id: 'more',
      elements: [
        { type: 'button', action_id: 'approve', text: plain('Approve'), style: 'primary', value: 'yes' },
        {
          type: 'button',
          action_id: 'docs',
          text: plain('Read the guide'),
          url: 'https://example.com/guide',
        },
      ],
    },
  ],
};

describe('reading a view', () => {
  it('collects the visible text, not what hides behind a confirm dialog', () => {
    const text = textOf(view);
    for (const visible of [
      'Gate review',
      'Agent A-17: invoice matcher',
      '*Level 2* since March',
      'Maria',
      'Open agent',
      'Last review 2025-01-02',
      'Your vote',
      'Demote',
      'North plant',
      'Line 2',
      'Approve',
      'Submit vote',
    ]) {
      expect(text).toContain(visible);
    }
    expect(text).not.toContain('Confirm text');
  });

  it('reads a message by its blocks, or its text when it has none', () => {
    expect(textOf({ text: 'fallback', blocks: [{ type: 'section', text: plain('shown') }] })).toBe('shown');
    expect(textOf({ text: 'only text' })).toBe('only text');
    expect(textOf(view.blocks.slice(0, 1))).toBe('Agent A-17: invoice matcher');
  });

  it('finds blocks, actions and buttons', () => {
    expect(findBlock(view, 'summary')?.type).toBe('section');
    expect(findBlock(view, 'nope')).toBeUndefined();
    expect(findAction(view, 'line_pick')).toMatchObject({ blockId: 'line', type: 'static_select' });
    expect(buttonsOf(view)).toEqual([
      { text: 'Open agent', actionId: 'open_agent', blockId: 'summary', value: 'A-17' },
      { text: 'Approve', actionId: 'approve', blockId: 'more', value: 'yes', style: 'primary' },
      {
        text: 'Read the guide',
        actionId: 'docs',
        blockId: 'more',
        value: undefined,
        url: 'https://example.com/guide',
      },
    ]);
    expect(findButton(view, 'approve').actionId).toBe('approve');
    expect(findButton(view, 'Read').actionId).toBe('docs');
    expect(() => findButton(view, 'Reject')).toThrow(
      'No button "Reject". Buttons: "Open agent", "Approve", "Read the guide".',
    );
  });

  it('lists the inputs with their labels and options', () => {
    const inputs = inputsOf(view);
    expect(inputs.map((input) => input.label)).toEqual([
      'Your vote',
      'Reason for the vote',
      'Production line',
      'Risk acknowledged',
      'Reviewers',
      'Owner',
      'Due date',
    ]);
    expect(inputs[0]).toEqual({
      label: 'Your vote',
      blockId: 'vote',
      actionId: 'vote_choice',
      type: 'radio_buttons',
      optional: false,
      options: [
        { text: 'Promote', value: 'promote' },
        { text: 'Hold', value: 'hold' },
        { text: 'Demote', value: 'demote' },
      ],
    });
    expect(inputs[3]?.optional).toBe(true);
  });
});

describe('fillView', () => {
  it('answers by label and leaves the rest empty or at their initial value', () => {
    const values = fillView(view, {
      'your vote': 'Hold',
      reason: 'Error rate above 2%',
      'production line': 'Line 1',
      'risk acknowledged': true,
      reviewers: ['U200', 'U300'],
    });
    expect(values).toEqual({
      vote: {
        vote_choice: {
          type: 'radio_buttons',
          selected_option: { text: { type: 'plain_text', text: 'Hold', emoji: true }, value: 'hold' },
        },
      },
      reason: { reason_text: { type: 'plain_text_input', value: 'Error rate above 2%' } },
      line: {
        line_pick: {
          type: 'static_select',
          selected_option: {
            text: { type: 'plain_text', text: 'Line 1 (stamping)', emoji: true },
            value: 'l1',
          },
        },
      },
      ack: {
        ack_box: {
          type: 'checkboxes',
          selected_options: [
            { text: { type: 'plain_text', text: 'I have read the risk note', emoji: true }, value: 'yes' },
          ],
        },
      },
      reviewers: { reviewer_ids: { type: 'multi_users_select', selected_users: ['U200', 'U300'] } },
      owner: { owner_id: { type: 'users_select', selected_user: 'U100' } },
      due: { due_date: { type: 'datepicker', selected_date: null } },
    });
  });

  it('takes an exact label over labels that merely contain the key', () => {
    const values = fillView(view, { 'Your vote': 'Promote', owner: 'U900' });
    expect(values.vote?.vote_choice?.selected_option?.value).toBe('promote');
    expect(values.reason?.reason_text?.value).toBeNull();
    expect(values.owner?.owner_id?.selected_user).toBe('U900');
  });

  it('names the label and the choices when an answer does not fit', () => {
    expect(() => fillView(view, { vote: 'Hold' })).toThrow(
      'fillView: more than one input is labelled like "vote". Labels: "Your vote", "Reason for the vote".',
    );
    expect(() => fillView(view, { 'shift lead': 'U1' })).toThrow(
      'fillView: no input labelled like "shift lead". Labels: "Your vote", "Reason for the vote"',
    );
    expect(() => fillView(view, { 'your vote': 'Retire' })).toThrow(
      'fillView: cannot answer "Your vote" (radio_buttons) with "Retire": no such option. Options: "Promote", "Hold", "Demote".',
    );
    expect(() => fillView(view, { reason: true })).toThrow('cannot answer "Reason for the vote"');
    expect(() => fillView(view, { 'production line': 'Line' })).toThrow('no such option');
  });
});
