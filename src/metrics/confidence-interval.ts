// Mean and 95 % confidence interval over replications (Student t), as written to comparison.csv.

import { deviation, mean } from 'd3-array';
import { tCritical95 } from './student-t.js';

export interface Estimate {
  mean: number;
  low: number;
  high: number;
  n: number;
}

/** Mean ± t_{0.975,n−1}·s/√n; with one value the interval is that value (no spread can be estimated). */
export function estimate(values: readonly number[]): Estimate {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { mean: NaN, low: NaN, high: NaN, n: 0 };
  const m = mean(finite) as number;
  if (n === 1) return { mean: m, low: m, high: m, n };
  const half = (tCritical95(n - 1) * (deviation(finite) as number)) / Math.sqrt(n);
  return { mean: m, low: m - half, high: m + half, n };
}
