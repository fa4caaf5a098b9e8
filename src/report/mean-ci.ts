// Mean and Student-t 95 % confidence interval across replications, for the figures the report aggregates itself
// (per-flavor rejection, timeseries bands); comparison.csv already carries the simulator's own CIs.

/** Two-sided 95 % Student t quantiles t(0.975, df) for df = 1..30. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
/** Beyond the table: (df, quantile), interpolated linearly in 1/df; 1/df = 0 is the normal quantile. */
const T975_TAIL: readonly [number, number][] = [[30, 2.042], [40, 2.021], [60, 2.0], [120, 1.98]];

export function t975(df: number): number {
  if (!(df >= 1)) return Number.NaN;
  if (df <= 30) return T975[Math.floor(df) - 1];
  for (let i = 1; i < T975_TAIL.length; i++) {
    const [d0, q0] = T975_TAIL[i - 1];
    const [d1, q1] = T975_TAIL[i];
    if (df <= d1) return q0 + ((1 / df - 1 / d0) / (1 / d1 - 1 / d0)) * (q1 - q0);
  }
  const [d0, q0] = T975_TAIL[T975_TAIL.length - 1];
  return 1.96 + ((1 / df) / (1 / d0)) * (q0 - 1.96);
}

export interface MeanCi {
  mean: number;
  low: number;
  high: number;
  n: number;
}

/** Mean with a 95 % CI; with one value the interval collapses onto the mean. Null for no values. */
export function meanCi(values: readonly number[]): MeanCi | null {
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n === 1) return { mean, low: mean, high: mean, n };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const half = t975(n - 1) * Math.sqrt(squares / (n - 1) / n);
  return { mean, low: mean - half, high: mean + half, n };
}
