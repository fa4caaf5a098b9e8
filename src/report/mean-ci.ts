// Mean and Student-t 95 % confidence interval across replications, for the figures the report aggregates itself
// (per-flavor rejection, timeseries bands); comparison.csv already carries the simulator's own CIs. Same
// arithmetic as comparison.csv (metrics/confidence-interval.ts).

import { estimate, type Estimate } from '../metrics/confidence-interval.js';

export type MeanCi = Estimate;

/** Mean with a 95 % CI; with one value the interval collapses onto the mean. Null for no values. */
export function meanCi(values: readonly number[]): MeanCi | null {
  const e = estimate(values);
  return e.n === 0 ? null : e;
}
