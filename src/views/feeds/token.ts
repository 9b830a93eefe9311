// The live-feed modal on an agent's details: connect, rotate or revoke its token, and the token shown once.

import type { ActionsBlock, Button, KnownBlock, ModalView } from '@slack/types';
import { type FeedEvidence, OBSERVATIONS_PATH } from '../../domain/feeds.js';
import { context, LIMITS, modal, plain, recordMetadata, section } from '../kit.js';
import { escapeMrkdwn, formatDateTime, mention } from '../mrkdwn.js';
import { feedEvidenceLine } from './format.js';

export const FEED_OPEN_ACTION_ID = 'feed_open';
/** Connects a feed, or rotates its token when one is live. Value: the agent id. */
export const FEED_ISSUE_ACTION_ID = 'feed_issue';
export const FEED_REVOKE_ACTION_ID = 'feed_revoke';

export const FEED_CALLBACK_ID = 'feed';
export const FEED_STATUS_BLOCK_ID = 'feed_status';
export const FEED_ACTIONS_BLOCK_ID = 'feed_actions';
export const FEED_TOKEN_BLOCK_ID = 'feed_token';
export const FEED_EXAMPLE_BLOCK_ID = 'feed_example';

export interface FeedModalInput {
  readonly agent: { readonly id: number; readonly name: string };
  /** The live token, or null when the feed is not connected. */
  readonly live: { readonly prefix: string; readonly createdAt: Date; readonly createdBy: string } | null;
  readonly evidence: FeedEvidence | null;
  readonly now: Date;
  readonly timeZone: string;
  /** A line saying what was just done, e.g. that a token was revoked. */
  readonly notice?: string;
}

function confirmButton(
  text: string,
  actionId: string,
  value: string,
  confirm: { title: string; text: string; yes: string },
  style?: 'primary' | 'danger',
): Button {
  return {
    type: 'button',
    text: plain(text, LIMITS.buttonText),
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
    confirm: {
      title: plain(confirm.title, 100),
      text: plain(confirm.text, 300),
      confirm: plain(confirm.yes, 30),
      deny: plain('Cancel', 30),
    },
  };
}

function feedButtons(input: FeedModalInput): ActionsBlock {
  const value = String(input.agent.id);
  const name = input.agent.name;
  const elements: Button[] = input.live
    ? [
        confirmButton('Rotate the token', FEED_ISSUE_ACTION_ID, value, {
          title: 'Rotate the token?',
          text: `The current token of ${name} stops working now and a new one is shown once. Put the new one in the agent's settings straight away.`,
          yes: 'Rotate',
        }),
        confirmButton(
          'Revoke the token',
          FEED_REVOKE_ACTION_ID,
          value,
          {
            title: 'Revoke the token?',
            text: `${name} can no longer send observations until someone connects its feed again. What it sent is kept.`,
            yes: 'Revoke',
          },
          'danger',
        ),
      ]
    : [
        {
          type: 'button',
          text: plain('Connect a live feed', LIMITS.buttonText),
          action_id: FEED_ISSUE_ACTION_ID,
          value,
          style: 'primary',
        },
      ];
  return { type: 'actions', block_id: FEED_ACTIONS_BLOCK_ID, elements };
}

export function feedModal(input: FeedModalInput): ModalView {
  const name = `*${escapeMrkdwn(input.agent.name)}*`;
  const status = input.live
    ? `${name} sends its own numbers. Token \`${input.live.prefix}…\`, made by ${mention(input.live.createdBy)} on ${formatDateTime(input.live.createdAt, input.timeZone)}.`
    : `${name} has no live feed. Connect one and the agent sends its own numbers: cases handled, cases handed to a person, and, if it knows them, dollars. The app watches them and tells the owner when they drift.`;
  const blocks: KnownBlock[] = [
    ...(input.notice ? [section(input.notice, 'feed_notice')] : []),
    section(status, FEED_STATUS_BLOCK_ID),
  ];
  if (input.evidence) blocks.push(context([feedEvidenceLine(input.evidence, input.now)], 'feed_evidence'));
  blocks.push(feedButtons(input));
  return modal({
    callbackId: FEED_CALLBACK_ID,
    title: 'Live feed',
    privateMetadata: recordMetadata(input.agent.id),
    blocks,
  });
}

/** The request an agent's developer copies: one observation, with the token in place. */
export function exampleRequest(publicUrl: string, token: string): string {
  const body = JSON.stringify({
    id: 'batch-2026-11-24T09:00',
    at: '2026-11-24T09:00:00-06:00',
    cases_handled: 42,
    cases_handed_to_person: 3,
    dollar_value: 310.5,
    measures: { mean_confidence: 0.91 },
  });
  return [
    `curl -X POST ${publicUrl}${OBSERVATIONS_PATH} \\`,
    `  -H "Authorization: Bearer ${token}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
  ].join('\n');
}

/**
 * The token, shown this once. It is app-made (letters, digits, - and _), so it goes into the code block as is:
 * escaping would change the characters a person copies.
 */
export function tokenIssuedModal(p: {
  agent: { id: number; name: string };
  token: string;
  rotated: boolean;
  publicUrl: string;
}): ModalView {
  const name = `*${escapeMrkdwn(p.agent.name)}*`;
  return modal({
    callbackId: `${FEED_CALLBACK_ID}_token`,
    title: p.rotated ? 'New feed token' : 'Feed connected',
    close: 'Done',
    privateMetadata: recordMetadata(p.agent.id),
    blocks: [
      section(
        `${p.rotated ? `The old token of ${name} no longer works. ` : ''}Copy the token of ${name} now: it is shown only this once, and the app keeps only a fingerprint of it.`,
        'feed_token_intro',
      ),
      section(`\`\`\`${p.token}\`\`\``, FEED_TOKEN_BLOCK_ID),
      section(
        `*Try it:* one observation, sent the way the agent will send them.\n\`\`\`${exampleRequest(p.publicUrl, p.token)}\`\`\``,
        FEED_EXAMPLE_BLOCK_ID,
      ),
      context([
        'Keep it where the agent keeps its other secrets. Send up to 500 observations in one request as {"observations": [...]}. If the token leaks, rotate it from the agent\'s details.',
      ]),
    ],
  });
}
