// Adaptive replications (`--target-ci metric=halfwidth`): after each round of a point, either stop (every arm's 95 %
// CI half-width of every target metric is small enough, or the cap is reached) or say how many replications to have.

import { estimate, type Estimate } from '../metrics/confidence-interval.js';
import type { CiTarget } from './sweep-plan.js';

/**
 * `values[arm]` holds each arm's metric values for replications 0..n−1. Returns n when done, else the next total:
 * the CI half-width shrinks like 1/√n, so n·(h/target)² replications are expected to suffice; a round at least adds
 * one and at most doubles n (a noisy early s should not overshoot), and never passes `max`.
 * A metric with no finite values (e.g. recovery times without failures) has nothing to estimate and counts as met.
 * `estimateOf` gives the mean and interval of one arm's values (stratified replications weight their strata).
 */
export function nextReplications(targets: readonly CiTarget[], valuesByMetric: ReadonlyMap<string, number[][]>,
  n: number, max: number, estimateOf: (values: number[]) => Estimate = estimate): number {
  let wanted = n;
  for (const target of targets) {
    for (const values of valuesByMetric.get(target.metric) ?? []) {
      const e = estimateOf(values);
      if (e.n === 0) continue;
      const goal = target.relative ? target.halfWidth * Math.abs(e.mean) : target.halfWidth;
      const half = e.n > 1 ? (e.high - e.low) / 2 : Infinity;
      if (half <= goal) continue;
      const expected = Number.isFinite(half) && goal > 0 ? Math.ceil(n * (half / goal) ** 2) : 2 * n;
      wanted = Math.max(wanted, Math.min(2 * n, Math.max(n + 1, expected)));
    }
  }
  return Math.min(max, wanted);
}
