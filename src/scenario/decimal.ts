// Numbers in input files are plain decimals (12, 0.5, 1e3): Number() would also take "0x10", "0b1", "Infinity"
// and " 7 ", which no trace writer means.

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** 10^k for k = 0..15, each exact (built by multiplication: every power up to 10^22 is a double). */
const POWERS_OF_TEN = new Float64Array(16);
for (let k = 0, p = 1; k < 16; k++, p *= 10) POWERS_OF_TEN[k] = p;

/** The value of a plain decimal, or NaN for anything else (hex, binary, octal, Infinity, empty). */
export function parseDecimal(text: string): number {
  const fast = shortDecimal(text);
  if (fast >= 0) return fast;
  // A text that starts with a digit not followed by x, b or o and ends in a digit or a point has no surrounding space
  // and is neither Infinity nor a 0x/0b/0o literal: Number() takes it exactly when the pattern does (trace columns
  // are read millions of times; the pattern test costs as much as the conversion).
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  const second = text.charCodeAt(1) | 32;
  if (first >= 48 && first <= 57 && ((last >= 48 && last <= 57) || last === 46)
    && second !== 120 && second !== 98 && second !== 111) return Number(text);
  return DECIMAL.test(text) ? Number(text) : NaN;
}

/**
 * Digits with at most one point after the first digit (12, 0.5, 7.) and at most 15 digits in all: the value as
 * Number() gives it, else −1. The digits as an integer M < 10^15 and 10^k are exact doubles, so M / 10^k is the
 * correctly rounded value of the decimal, which is what ECMAScript's StringToNumber returns for up to 20 significant
 * digits (the fast path of Clinger, "How to read floating point numbers accurately", PLDI 1990).
 */
function shortDecimal(text: string): number {
  const n = text.length;
  if (n === 0 || n > 16) return -1;
  let m = 0, point = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) m = m * 10 + (c - 48);
    else if (c === 46 && point < 0 && i > 0) point = i;
    else return -1;
  }
  if (point < 0) return n <= 15 ? m : -1;
  return n <= 16 ? m / POWERS_OF_TEN[n - point - 1] : -1;
}
