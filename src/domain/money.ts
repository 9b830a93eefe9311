export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const DOLLARS_HELP = 'Type a dollar amount, like 12500, $12,500 or 12.5k.';

/**
 * An optional sign, an optional $, digits grouped by commas or spaces in threes (or not grouped),
 * an optional decimal part and an optional k or M. A space may separate the sign, the $, the number
 * and the suffix. Exponents ("1e5") are not money, so they are refused.
 */
const DOLLARS_PATTERN =
  /^(?<sign>[-+])?\s*\$?\s*(?<int>\d{1,3}(?:(?<sep>[, ])\d{3})(?:\k<sep>\d{3})*|\d+)?(?:\.(?<frac>\d+))?\s*(?<suffix>[kKmM])?$/;

const SUFFIX_POWERS: Readonly<Record<string, number>> = { k: 3, m: 6 };

/** Beyond a trillion dollars the number is a typo, not a plant's figure. */
const MAX_CENTS = 10n ** 14n;

/** Parses what a person typed into integer cents, or says plainly what to type instead. */
export function parseDollars(input: string): ParseResult<number> {
  // Non-breaking and thin spaces arrive from pasted spreadsheets; treat them as spaces.
  const text = input.replace(/[\u00a0\u202f]/g, ' ').trim();
  const match = DOLLARS_PATTERN.exec(text);
  const groups = match?.groups;
  if (groups === undefined || (groups.int === undefined && groups.frac === undefined)) {
    const message = /\d,\d/.test(text)
      ? 'Put commas every three digits, like 12,500, or leave them out.'
      : DOLLARS_HELP;
    return { ok: false, message };
  }
  const integerDigits = (groups.int ?? '').replace(/[, ]/g, '');
  const fractionDigits = groups.frac ?? '';
  const power = SUFFIX_POWERS[(groups.suffix ?? '').toLowerCase()] ?? 0;
  // Cents are two places; a k or M suffix buys three or six more for the typed decimals.
  const sparePlaces = 2 + power - fractionDigits.length;
  if (sparePlaces < 0) {
    return { ok: false, message: 'Use at most two decimals for cents, like 12500.50.' };
  }
  const magnitude = BigInt(`${integerDigits}${fractionDigits}` || '0') * 10n ** BigInt(sparePlaces);
  if (magnitude > MAX_CENTS) {
    return { ok: false, message: 'That is more than a trillion dollars. Check the number.' };
  }
  const cents = Number(magnitude);
  return { ok: true, value: groups.sign === '-' && cents !== 0 ? -cents : cents };
}

const PERCENT_PATTERN = /^(?<number>[-+]?(?:\d+(?:\.\d+)?|\.\d+))\s*%?$/;

/** Parses "85", "85%" or "85.5 %" into a number from 0 to 100. */
export function parsePercent(input: string): ParseResult<number> {
  const match = PERCENT_PATTERN.exec(input.replace(/[\u00a0\u202f]/g, ' ').trim());
  const number = match?.groups?.number;
  if (number === undefined) {
    return { ok: false, message: 'Type a percentage, like 85 or 85.5%.' };
  }
  // Number() of "-0" is -0; a percentage has no sign of zero.
  const value = Number(number) + 0;
  if (value < 0 || value > 100) return { ok: false, message: 'A percentage has to be between 0 and 100.' };
  return { ok: true, value };
}
