import { describe, expect, it } from 'vitest';
import { parseDollars, parsePercent } from '../../src/domain/money.js';

describe('parseDollars', () => {
  it.each([
    ['12500', 1_250_000],
    ['$12,500', 1_250_000],
    ['12.5k', 1_250_000],
    ['12.5 K', 1_250_000],
    ['1.2M', 120_000_000],
    ['3m', 300_000_000],
    ['-3,000', -300_000],
    ['-$3,000', -300_000],
    ['- $3,000', -300_000],
    ['+250', 25_000],
    ['$ 12,500.50', 1_250_050],
    ['12 500', 1_250_000],
    ['1 234 567.8', 123_456_780],
    ['12\u00a0500', 1_250_000],
    ['1,234,567', 123_456_700],
    ['  99.99  ', 9_999],
    ['.5', 50],
    ['0', 0],
    ['-0', 0],
    ['1.23456k', 123_456],
    ['1.2345678M', 123_456_780],
    ['0.0000001M', 10],
    ['0.00000001M', 1],
    ['1000000000000', 100_000_000_000_000],
  ])('reads %j as %i cents', (input, cents) => {
    expect(parseDollars(input)).toEqual({ ok: true, value: cents });
  });

  it('never returns negative zero', () => {
    const result = parseDollars('-0.00');
    expect(result.ok && Object.is(result.value, 0)).toBe(true);
  });

  it.each([
    '',
    '   ',
    'abc',
    '1.2.3',
    '$',
    '-',
    'k',
    '1e5',
    '12.',
    '$12 dollars',
    '1,2345',
    '12,500 000',
    '--5',
    '5-',
    '12kk',
    '1.5B',
  ])('refuses %j with the example message', (input) => {
    expect(parseDollars(input)).toEqual({
      ok: false,
      message: expect.stringMatching(/^Type a dollar amount, like 12500, \$12,500 or 12\.5k\.$|^Put commas/),
    });
  });

  it('explains comma grouping when commas are misplaced', () => {
    expect(parseDollars('12,50')).toEqual({
      ok: false,
      message: 'Put commas every three digits, like 12,500, or leave them out.',
    });
    expect(parseDollars('abc')).toEqual({
      ok: false,
      message: 'Type a dollar amount, like 12500, $12,500 or 12.5k.',
    });
  });

  it.each(['12.505', '12.500', '1.234567k', '0.000000001M'])(
    'refuses %j: more than two decimals of cents',
    (input) => {
      expect(parseDollars(input)).toEqual({
        ok: false,
        message: 'Use at most two decimals for cents, like 12500.50.',
      });
    },
  );

  it.each(['1000000000000.01', '1001000000k', '2000000M', '-5,000,000,000,000'])(
    'refuses %j: more than a trillion dollars',
    (input) => {
      expect(parseDollars(input)).toEqual({
        ok: false,
        message: 'That is more than a trillion dollars. Check the number.',
      });
    },
  );
});

describe('parsePercent', () => {
  it.each([
    ['85', 85],
    ['85%', 85],
    ['85.5 %', 85.5],
    ['0', 0],
    ['100', 100],
    ['100.0%', 100],
    [' 7.25% ', 7.25],
    ['.5', 0.5],
  ])('reads %j as %d', (input, value) => {
    expect(parsePercent(input)).toEqual({ ok: true, value });
  });

  it.each(['', 'abc', '%', '85%%', '8 5', '1e2', '85,5', '1.2.3'])('refuses %j', (input) => {
    expect(parsePercent(input)).toEqual({ ok: false, message: 'Type a percentage, like 85 or 85.5%.' });
  });

  it.each(['100.01', '101%', '-1', '-0.5 %', '1'.padEnd(400, '0')])('refuses %j as out of range', (input) => {
    expect(parsePercent(input)).toEqual({ ok: false, message: 'A percentage has to be between 0 and 100.' });
  });

  it('reads minus zero as plain zero', () => {
    const result = parsePercent('-0');
    expect(result.ok && Object.is(result.value, 0)).toBe(true);
  });
});
