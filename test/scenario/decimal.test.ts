// parseDecimal's shortcut (Number() alone for texts that start with a digit) must agree with the plain-decimal
// pattern on every text.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../src/scenario/decimal.js';

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const byPattern = (text: string) => (DECIMAL.test(text) ? Number(text) : NaN);
const CHARS = ['0', '1', '7', '9', '.', 'e', 'E', '+', '-', 'x', 'X', 'b', 'B', 'o', 'O', 'f', ' ', '\t', '\n', '_',
  'I', 'n', 'Infinity', '\u00a0', ','];

describe('parseDecimal', () => {
  it('agrees with the plain-decimal pattern on any text of digits, signs, points, exponents, radix letters, spaces', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }), (parts) => {
      const text = parts.join('');
      expect(Object.is(parseDecimal(text), byPattern(text))).toBe(true);
    }), { numRuns: 20_000 });
  });

  it('gives Number()\'s value for every decimal of up to 16 digits with or without a point (the exact division path and its limits)', () => {
    const digits = fc.array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), { minLength: 1, maxLength: 17 });
    fc.assert(fc.property(digits, fc.nat({ max: 18 }), (ds, at) => {
      const whole = ds.join('');
      const text = at >= whole.length ? (at === whole.length ? `${whole}.` : whole) : `${whole.slice(0, at + 1)}.${whole.slice(at + 1)}`;
      expect(Object.is(parseDecimal(text), Number(text))).toBe(true);
    }), { numRuns: 50_000 });
    for (const text of ['999999999999999', '9999999999999999', '99999999999999.9', '0.000000000000001', '124672.515',
      '0.1', '0.3', '9007199254740993', '1.7976931348623157']) {
      expect(Object.is(parseDecimal(text), Number(text))).toBe(true);
    }
  });

  it('agrees on the texts the shortcut is meant for and those it must leave to the pattern', () => {
    for (const text of ['0', '12', '1.', '1.5', '1.e3', '10e-3', '007', '0x1f', '0X1', '0b1', '0o7', '1 ', '1 2',
      '1_0', '1e', '1,5', '9Infinity', '']) {
      expect(Object.is(parseDecimal(text), byPattern(text))).toBe(true);
    }
  });
});
