/**
 * Text typed to ping, link or reformat, and the check that none of it reaches Slack as typed: every string
 * field of every call the app makes (and every answer it acks with) is looked at, not only the blocks.
 */

/** An agent name meant to ping everyone and the agent-owner's phone, in bold, with an entity Slack would decode. */
export const HOSTILE_NAME = '<!channel> *b* AT&lt;T <@UEVIL>';
/** A second name, so lists and "A and B" sentences are covered too. */
export const HOSTILE_NAME_2 = '<!here> <#CEVIL> _i_';
/** Notes, reasons, workflows and processes: everything a person can type at length. */
export const HOSTILE_TEXT =
  '<!channel> <!here> <@UEVIL> <#CEVIL> <https://x.example|y> *b* _i_ ~s~ `c` AT&lt;T <!everyone>';

/** What must never reach Slack in any field: each would ping, link, or show as something else than typed. */
const PINGS_AND_LINKS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@UEVIL>',
  '<#CEVIL>',
  '<https://x.example',
  // Typed as "&lt;", shown by Slack as "<" unless the "&" is escaped.
  'AT&lt;T',
];
/** Formatting only mrkdwn reads: in plain_text, "*b*" shows as typed, which is right. */
const FORMATTING = ['*b*', '_i_', '~s~', '`c`'];

/**
 * Fields that are never shown as text: ids, button and option values the app reads back, and a text
 * input's initial value, which must be the name exactly as typed so that saving the form keeps it.
 */
const NOT_SHOWN = new Set([
  'private_metadata',
  'value',
  'initial_value',
  'action_id',
  'block_id',
  'callback_id',
]);

export interface Offence {
  readonly path: string;
  readonly forbidden: string;
  readonly text: string;
}

/** Every place in `value` where hostile text is shown unescaped, with its path. */
export function unescapedUserText(value: unknown, path = '', out: Offence[] = []): Offence[] {
  if (typeof value === 'string') {
    for (const forbidden of [...PINGS_AND_LINKS, ...FORMATTING]) {
      if (value.includes(forbidden)) out.push({ path, forbidden, text: value });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      unescapedUserText(item, `${path}[${i}]`, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (record.type === 'plain_text' && typeof record.text === 'string') {
      for (const forbidden of PINGS_AND_LINKS) {
        if (record.text.includes(forbidden)) out.push({ path: `${path}.text`, forbidden, text: record.text });
      }
    }
    for (const [key, child] of Object.entries(record)) {
      if (NOT_SHOWN.has(key)) continue;
      if (key === 'text' && record.type === 'plain_text') continue;
      unescapedUserText(child, path === '' ? key : `${path}.${key}`, out);
    }
  }
  return out;
}
