// Numbers in input files are plain decimals (12, 0.5, 1e3): Number() would also take "0x10", "0b1", "Infinity"
// and " 7 ", which no trace writer means.

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The value of a plain decimal, or NaN for anything else (hex, binary, octal, Infinity, empty). */
export function parseDecimal(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}
