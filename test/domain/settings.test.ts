import { describe, expect, it } from 'vitest';
import { parseCurrencyCode, parseUserGroupId } from '../../src/domain/settings.js';

describe('parseCurrencyCode', () => {
  it('accepts ISO 4217 codes in any case, with stray spaces', () => {
    expect(parseCurrencyCode('USD')).toEqual({ ok: true, value: 'USD' });
    expect(parseCurrencyCode(' eur ')).toEqual({ ok: true, value: 'EUR' });
  });

  it('refuses words, symbols and made-up codes with a sentence that says what to type', () => {
    for (const input of ['Dollars', '$', 'US', 'XYZ', '']) {
      const result = parseCurrencyCode(input);
      expect(result.ok, input).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/three-letter currency code/);
    }
  });
});

describe('parseUserGroupId', () => {
  it('treats an empty field as no group', () => {
    expect(parseUserGroupId('  ')).toEqual({ ok: true, value: null });
  });

  it('accepts a group id, upper-cased', () => {
    expect(parseUserGroupId(' s0123abcd ')).toEqual({ ok: true, value: 'S0123ABCD' });
  });

  it('refuses a handle or a channel id', () => {
    expect(parseUserGroupId('@plant-leads').ok).toBe(false);
    expect(parseUserGroupId('C0123ABCD').ok).toBe(false);
  });
});
