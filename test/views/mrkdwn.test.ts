import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, formatMoney, truncate } from '../../src/views/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('turns mentions and formatting typed by a person into plain text', () => {
    const escaped = escapeMrkdwn('<!channel> <@U123> *bold* _it_ ~s~ `c` & co');
    for (const raw of ['<!channel>', '<@U123>', '*bold*', '_it_', '~s~', '`c`'])
      expect(escaped).not.toContain(raw);
    expect(escaped).toContain('&lt;!channel&gt;');
    expect(escaped).toContain('&amp; co');
  });
});

describe('truncate', () => {
  it('leaves short text alone and marks a cut with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(truncate('abcdefghij', 5)).toHaveLength(5);
  });

  it('never cuts inside a mention, a link or an escaped character', () => {
    expect(truncate('owner <@U0123456789> said', 12)).toBe('owner …');
    expect(truncate('a &lt;b', 5)).toBe('a …');
    expect(truncate('see <https://example.com|here> now', 20)).toBe('see …');
  });

  it('never splits an emoji in half', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });
});

describe('formatMoney', () => {
  it('shows whole amounts without cents and losses with a minus', () => {
    expect(formatMoney(1_250_000, 'USD')).toBe('$12,500');
    expect(formatMoney(-300_050, 'USD')).toBe('-$3,000.50');
  });

  it('keeps each currency and each shape apart when the formatters are reused', () => {
    const amounts = [1_250_000, 1_250_050, 1_250_000];
    const inEuros = amounts.map((cents) => formatMoney(cents, 'EUR'));
    const inDollars = amounts.map((cents) => formatMoney(cents, 'USD'));
    expect(inEuros).toEqual(['€12,500', '€12,500.50', '€12,500']);
    expect(inDollars).toEqual(['$12,500', '$12,500.50', '$12,500']);
  });
});
