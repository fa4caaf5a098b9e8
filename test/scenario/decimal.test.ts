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

  it('agrees on the texts the shortcut is meant for and those it must leave to the pattern', () => {
    for (const text of ['0', '12', '1.', '1.5', '1.e3', '10e-3', '007', '0x1f', '0X1', '0b1', '0o7', '1 ', '1 2',
      '1_0', '1e', '1,5', '9Infinity', '']) {
      expect(Object.is(parseDecimal(text), byPattern(text))).toBe(true);
    }
  });
});
