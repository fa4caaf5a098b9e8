// Numbers in input files are plain decimals (12, 0.5, 1e3): Number() would also take "0x10", "0b1", "Infinity"
// and " 7 ", which no trace writer means.

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The value of a plain decimal, or NaN for anything else (hex, binary, octal, Infinity, empty). */
export function parseDecimal(text: string): number {
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
