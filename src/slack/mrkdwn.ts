/**
 * The one place that turns user text, money and dates into Slack mrkdwn.
 *
 * Slack has no escape for its formatting characters, so they are swapped for look-alikes:
 * a name typed as `*bold*` shows as typed instead of turning bold. `&`, `<` and `>` become entities,
 * which is what keeps `<!channel>` or `<@U123>` typed by a person from pinging anyone.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '*': '\u2217',
  _: '\u02cd',
  '~': '\u223c',
  '`': '\u02cb',
};

export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>*_~`]/g, (ch) => LOOKALIKES[ch] ?? ch);
}

/** For plain_text objects: Slack shows them as typed, but they have length limits. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A user mention from an id Slack gave us (never from typed text). */
export const mention = (userId: string): string => `<@${userId}>`;
export const channelLink = (channelId: string): string => `<#${channelId}>`;

export function formatMoney(cents: number, currency: string): string {
  const whole = Number.isInteger(cents / 100);
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(cents / 100);
}

export function formatDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  }).format(at);
}

export function formatDateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(at);
}

export function formatPercent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}
