// A seeded bootstrap percentile interval for a mean over replications (Efron & Tibshirani, "An Introduction to the
// Bootstrap", 1993, §13.3): it lies within the range of the values, so a count or a non-negative metric never gets a
// negative lower bound, and a skewed metric gets a skewed interval.

import { createStream, uniform } from '../engine/random-streams.js';

export const BOOTSTRAP_RESAMPLES = 4000;

/** 95 % percentile interval of the mean of `values` (finite), from resamples drawn by a stream seeded by `key`. */
export function bootstrapMeanInterval(values: readonly number[], seed: number, key: string,
  resamples = BOOTSTRAP_RESAMPLES): { low: number; high: number } {
  const n = values.length;
  if (n === 0) return { low: NaN, high: NaN };
  let min = values[0], max = values[0];
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 1 || min === max) return { low: min, high: max };
  const rng = createStream(seed, 0, `bootstrap/${key}`);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(uniform(rng) * n)];
    means[b] = sum / n;
  }
  means.sort();
  return { low: percentile(means, 0.025), high: percentile(means, 0.975) };
}

/** Linear interpolation between order statistics (type 7, as d3-array's quantileSorted). */
export function percentile(sorted: Float64Array, p: number): number {
  const i = (sorted.length - 1) * p, lo = Math.floor(i), hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}
