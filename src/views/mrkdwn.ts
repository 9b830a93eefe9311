/**
 * The one place that turns user text, money and dates into Slack mrkdwn.
 *
 * Slack has no escape for its formatting characters, so they are swapped for look-alikes:
 * a name typed as `*bold*` shows as typed instead of turning bold. `&`, `<` and `>` become entities,
 * which is what keeps `<!channel>` or `<@U123>` typed by a person from pinging anyone.
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const LOOKALIKES: Readonly<Record<string, string>> = {
  ...ENTITIES,
  '*': '\u2217',
  _: '\u02cd',
  '~': '\u223c',
  '`': '\u02cb',
};

export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>*_~`]/g, (ch) => LOOKALIKES[ch] ?? ch);
}

/**
 * For plain_text fields (headers, labels, option and button texts, modal titles). Slack reads no
 * formatting there, so `*bold*` already shows as typed, but it still decodes `&amp;`, `&lt;` and `&gt;`:
 * a name typed as `AT&lt;T` would show as `AT<T` unless the `&` is escaped.
 */
export function escapePlain(text: string): string {
  return text.replace(/[&<>]/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * Fits text into one of Slack's length limits. The cut never lands inside a mention or link (`<...>`),
 * an escaped character (`&lt;`) or a surrogate pair, which would break what is left or show garbage.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = text.slice(0, max - 1);
  const openToken = kept.lastIndexOf('<');
  if (openToken > kept.lastIndexOf('>')) kept = kept.slice(0, openToken);
  const entity = /&[#a-z0-9]*$/i.exec(kept);
  if (entity) kept = kept.slice(0, entity.index);
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/** A user mention from an id Slack gave us (never from typed text). */
export const mention = (userId: string): string => `<@${userId}>`;
export const channelLink = (channelId: string): string => `<#${channelId}>`;

/**
 * Building an Intl formatter costs ~30 us and the Home tab formats hundreds of amounts and dates, so each
 * formatter is built once per shape (currency or zone) and kept for the life of the process.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function reused<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => F): F {
  const known = formatters.get(key) as F | undefined;
  if (known) return known;
  const built = build();
  formatters.set(key, built);
  return built;
}

export function formatMoney(cents: number, currency: string): string {
  const whole = Number.isInteger(cents / 100);
  return reused(
    `money:${currency}:${whole}`,
    () =>
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        minimumFractionDigits: whole ? 0 : 2,
        maximumFractionDigits: 2,
      }),
  ).format(cents / 100);
}

export function formatDate(at: Date, timeZone: string): string {
  return reused(
    `date:${timeZone}`,
    () => new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'short', day: 'numeric' }),
  ).format(at);
}

/** 'Tue, Nov 10', with the year when asked: a day as a schedule names it. */
export function formatWeekday(at: Date, timeZone: string, withYear = false): string {
  return reused(
    `weekday:${timeZone}:${withYear}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        ...(withYear ? { year: 'numeric' } : {}),
      }),
  ).format(at);
}

/** A number with thousands separators and at most `fractionDigits` decimals (Intl's own default, 3). */
export function formatCount(n: number, fractionDigits = 3): string {
  return reused(
    `count:${fractionDigits}`,
    () => new Intl.NumberFormat('en-US', { maximumFractionDigits: fractionDigits }),
  ).format(n);
}

export function formatDateTime(at: Date, timeZone: string): string {
  return reused(
    `datetime:${timeZone}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
        timeZoneName: 'short',
      }),
  ).format(at);
}

export function formatPercent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}
