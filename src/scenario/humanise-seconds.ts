// Seconds as people write them: 1800 -> "30 min", 90 -> "1.5 min", 172800 -> "2 d".

const UNITS: readonly [string, number][] = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1], ['ms', 0.001]];

export function humaniseSeconds(seconds: number): string {
  if (seconds === 0) return '0 s';
  for (const [unit, size] of UNITS) {
    const value = seconds / size;
    // The largest unit that shows the value in at most two decimals.
    if (Math.abs(value) >= 1 && Math.abs(Math.round(value * 100) - value * 100) < 1e-6) return `${Number(value.toFixed(2))} ${unit}`;
  }
  return `${Number(seconds.toPrecision(3))} s`;
}
