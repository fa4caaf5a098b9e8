// comparison.csv rows: per arm and metric, the mean with its 95 % CI over replications, and for every arm but the
// baseline (the first), the paired difference to the baseline across replications with its CI.

import { estimate } from './confidence-interval.js';

export const COMPARISON_COLUMNS = ['arm', 'metric', 'mean', 'ci95_low', 'ci95_high', 'n', 'diff_mean', 'diff_ci95_low', 'diff_ci95_high'] as const;

export interface SummaryRow {
  arm: string;
  replication: number;
  values: Record<string, number>;
}

export function comparisonRows(arms: readonly string[], metrics: readonly string[], rows: readonly SummaryRow[]): (string | number)[][] {
  const byArm = new Map<string, Map<number, Record<string, number>>>();
  for (const row of rows) {
    if (!byArm.has(row.arm)) byArm.set(row.arm, new Map());
    byArm.get(row.arm)!.set(row.replication, row.values);
  }
  const baseline = byArm.get(arms[0]) ?? new Map();
  const out: (string | number)[][] = [];
  for (const arm of arms) {
    const runs = byArm.get(arm) ?? new Map<number, Record<string, number>>();
    const replications = [...runs.keys()].sort((a, b) => a - b);
    for (const metric of metrics) {
      const e = estimate(replications.map((r) => runs.get(r)![metric]));
      let diff: (string | number)[] = ['', '', ''];
      if (arm !== arms[0]) {
        const paired = replications.filter((r) => baseline.has(r)).map((r) => runs.get(r)![metric] - baseline.get(r)![metric]);
        const d = estimate(paired);
        diff = [d.mean, d.low, d.high];
      }
      out.push([arm, metric, e.mean, e.low, e.high, e.n, ...diff]);
    }
  }
  return out;
}
