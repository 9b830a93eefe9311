import type { ParseResult } from './money.js';

const CURRENCY_CODE = /^[A-Za-z]{3}$/;

/** An ISO 4217 code the runtime can format, upper-cased: "usd" and " EUR " are fine, "Dollars" is not. */
export function parseCurrencyCode(input: string): ParseResult<string> {
  const code = input.trim().toUpperCase();
  if (!CURRENCY_CODE.test(code) || !Intl.supportedValuesOf('currency').includes(code)) {
    return { ok: false, message: 'Type a three-letter currency code, like USD, EUR or CAD.' };
  }
  return { ok: true, value: code };
}

/** Slack user group ids start with S; people paste them with stray spaces or as lower case. */
const USER_GROUP_ID = /^S[A-Z0-9]{2,}$/;

export function parseUserGroupId(input: string): ParseResult<string | null> {
  const id = input.trim().toUpperCase();
  if (id === '') return { ok: true, value: null };
  if (!USER_GROUP_ID.test(id)) {
    return {
      ok: false,
      message:
        "Paste the user group's ID, which starts with S (in the group's profile: More, then Copy group ID).",
    };
  }
  return { ok: true, value: id };
}
