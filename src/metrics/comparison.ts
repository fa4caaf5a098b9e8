// comparison.csv rows: per arm and metric, the mean over replications with its 95 % interval, and for every arm but
// the baseline (the first), the paired difference to the baseline across replications with its interval. Means get
// a seeded bootstrap percentile interval, which stays within the values' range (never below 0 for a count or a
// non-negative metric); paired differences, signed by nature, get a Student t interval. When some replications saw
// a group outage and others did not, the same rows follow for each of the two strata. Stratified replications
// (stratify.groupOutages) weight each stratum by its probability in the "all" rows (stratified-estimate.ts) and add
// plain rows per stratum.

import { bootstrapMeanInterval } from './bootstrap-interval.js';
import { estimate } from './confidence-interval.js';
import type { StratumDesign } from './stratified-estimate.js';
import { stratifiedDiff, stratifiedMean } from './stratified-interval.js';

export const COMPARISON_COLUMNS = ['arm', 'metric', 'mean', 'ci95_low', 'ci95_high', 'n', 'diff_mean', 'diff_ci95_low',
  'diff_ci95_high', 'ci_method', 'diff_ci_method', 'stratum'] as const;

export const MEAN_CI_METHOD = 'bootstrap-percentile';
export const DIFF_CI_METHOD = 't';
export { STRATIFIED_DIFF_CI_METHOD, STRATIFIED_MEAN_CI_METHOD } from './stratified-interval.js';

/** The summary metric that decides the group-outage strata (exogenous: the same in every arm of a replication). */
export const STRATUM_METRIC = 'group_outages';
export const STRATA = { all: 'all', outage: 'group_outage', noOutage: 'no_group_outage' } as const;

export interface SummaryRow {
  arm: string;
  replication: number;
  values: Record<string, number>;
  /** The replication's stratum, when the scenario stratifies. */
  stratum?: number;
}

export interface Interval {
  mean: number;
  low: number;
  high: number;
  n: number;
}

/** A mean over replications with its bootstrap percentile interval; `key` seeds the resampling. */
export function meanInterval(values: readonly number[], seed: number, key: string): Interval {
  const finite = values.filter((v) => Number.isFinite(v));
  const e = estimate(finite);
  const b = bootstrapMeanInterval(finite, seed, key);
  return { mean: e.mean, low: b.low, high: b.high, n: e.n };
}

/** The paired differences' mean and Student t interval. */
export function diffInterval(values: readonly number[]): Interval {
  const e = estimate(values);
  return { mean: e.mean, low: e.low, high: e.high, n: e.n };
}

export function comparisonRows(arms: readonly string[], metrics: readonly string[], rows: readonly SummaryRow[],
  seed = 1, design?: StratumDesign): (string | number)[][] {
  if (design) return stratifiedRows(arms, metrics, rows, seed, design);
  const byArm = new Map<string, Map<number, Record<string, number>>>();
  for (const row of rows) {
    if (!byArm.has(row.arm)) byArm.set(row.arm, new Map());
    byArm.get(row.arm)!.set(row.replication, row.values);
  }
  const baseline = byArm.get(arms[0]) ?? new Map<number, Record<string, number>>();
  const all = [...baseline.keys()].sort((a, b) => a - b);
  const out = stratumRows(arms, metrics, byArm, baseline, seed, STRATA.all, () => true);
  const saw = (r: number) => (baseline.get(r)?.[STRATUM_METRIC] ?? 0) > 0;
  if (metrics.includes(STRATUM_METRIC) && all.some(saw) && !all.every(saw)) {
    out.push(...stratumRows(arms, metrics, byArm, baseline, seed, STRATA.outage, saw));
    out.push(...stratumRows(arms, metrics, byArm, baseline, seed, STRATA.noOutage, (r) => !saw(r)));
  }
  return out;
}

function stratumRows(arms: readonly string[], metrics: readonly string[],
  byArm: Map<string, Map<number, Record<string, number>>>, baseline: Map<number, Record<string, number>>, seed: number,
  stratum: string, keep: (replication: number) => boolean): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (const arm of arms) {
    const runs = byArm.get(arm) ?? new Map<number, Record<string, number>>();
    const replications = [...runs.keys()].filter(keep).sort((a, b) => a - b);
    for (const metric of metrics) {
      const e = meanInterval(replications.map((r) => runs.get(r)![metric]), seed, `${stratum}/${arm}/${metric}`);
      let diff: (string | number)[] = ['', '', ''];
      let diffMethod = '';
      if (arm !== arms[0]) {
        // A metric not defined on one side (empty, e.g. phantom capacity of a KVM arm) has no paired difference.
        const d = diffInterval(replications.filter((r) => baseline.has(r))
          .map((r) => runs.get(r)![metric] - baseline.get(r)![metric]));
        if (d.n > 0) {
          diff = [d.mean, d.low, d.high];
          diffMethod = DIFF_CI_METHOD;
        }
      }
      out.push([arm, metric, e.mean, e.low, e.high, e.n, ...diff, e.n > 0 ? MEAN_CI_METHOD : '', diffMethod, stratum]);
    }
  }
  return out;
}

/** Stratified replications: the "all" rows weight the strata by their probabilities; plain rows follow per stratum. */
function stratifiedRows(arms: readonly string[], metrics: readonly string[], rows: readonly SummaryRow[], seed: number,
  design: StratumDesign): (string | number)[][] {
  const byArm = new Map<string, Map<number, SummaryRow>>();
  for (const row of rows) {
    if (!byArm.has(row.arm)) byArm.set(row.arm, new Map());
    byArm.get(row.arm)!.set(row.replication, row);
  }
  const baseline = byArm.get(arms[0]) ?? new Map<number, SummaryRow>();
  const out: (string | number)[][] = [];
  for (const arm of arms) {
    const runs = [...(byArm.get(arm) ?? new Map<number, SummaryRow>()).values()].sort((a, b) => a.replication - b.replication);
    const strata = runs.map((r) => r.stratum ?? 0);
    const replications = runs.map((r) => r.replication);
    for (const metric of metrics) {
      const e = stratifiedMean(runs.map((r) => r.values[metric]), strata, replications, design, seed,
        `${STRATA.all}/${arm}/${metric}`);
      let diff: (string | number)[] = ['', '', ''];
      let diffMethod = '';
      if (arm !== arms[0]) {
        const paired = runs.filter((r) => baseline.has(r.replication));
        const d = stratifiedDiff(paired.map((r) => r.values[metric] - baseline.get(r.replication)!.values[metric]),
          paired.map((r) => r.stratum ?? 0), paired.map((r) => r.replication), design);
        if (d.n > 0) {
          diff = [d.mean, d.low, d.high];
          diffMethod = d.method;
        }
      }
      out.push([arm, metric, e.mean, e.low, e.high, e.n, ...diff, e.n > 0 ? e.method : '', diffMethod, STRATA.all]);
    }
  }
  const plain = new Map([...byArm].map(([arm, runs]) => [arm, new Map([...runs].map(([r, row]) => [r, row.values]))]));
  const plainBaseline = plain.get(arms[0]) ?? new Map<number, Record<string, number>>();
  design.labels.forEach((label, k) => {
    const inStratum = (r: number) => (baseline.get(r)?.stratum ?? 0) === k;
    if ([...baseline.keys()].some(inStratum)) {
      out.push(...stratumRows(arms, metrics, plain, plainBaseline, seed, label, inStratum));
    }
  });
  return out;
}
