// The terminal table printed after `capsim run`. The headline is the paired difference of each arm to the baseline
// (the first arm) under common random numbers, mean ± 95 % t half-width; below it each arm's mean with its 95 %
// bootstrap percentile interval and the replications behind it. The same numbers as comparison.csv (stratum "all"):
// with stratified replications, the stratified estimates and n per stratum.

import { diffInterval, meanInterval, type Interval } from '../metrics/comparison.js';
import type { RunResult } from '../experiment/run-result.js';
import type { StratumDesign } from '../metrics/stratified-estimate.js';
import { stratifiedDiff, stratifiedMean } from '../metrics/stratified-interval.js';

export const TABLE_METRICS = ['rejection_rate', 'mean_frag_index', 'vm_downtime_h', 'vms_lost', 'vms_data_lost', 'availability'] as const;

export function comparisonTable(results: readonly RunResult[], metrics: readonly string[] = TABLE_METRICS, seed = 1,
  design?: StratumDesign): string {
  if (design) return stratifiedTable(results, metrics, seed, design);
  const arms = [...new Set(results.map((r) => r.arm))];
  const byArm = new Map(arms.map((arm) => [arm, new Map(results.filter((r) => r.arm === arm)
    .map((r) => [r.replication, r.summary]))]));
  const baseline = byArm.get(arms[0])!;
  const sections: string[] = [];
  if (arms.length > 1) {
    const rows = arms.slice(1).map((arm) => {
      const runs = byArm.get(arm)!;
      const paired = [...runs.keys()].filter((r) => baseline.has(r)).sort((a, b) => a - b);
      return [arm, ...metrics.map((m) => formatDiff(diffInterval(paired.map((r) => runs.get(r)![m] - baseline.get(r)![m]))))];
    });
    sections.push(`paired differences to ${arms[0]} (arm − baseline), mean ± 95 % CI (t)\n` +
      table(['arm', ...metrics], rows));
  }
  const rows = arms.map((arm) => {
    const runs = byArm.get(arm)!;
    const replications = [...runs.keys()].sort((a, b) => a - b);
    return [arm, String(replications.length), ...metrics.map((m) =>
      formatMean(meanInterval(replications.map((r) => runs.get(r)![m]), seed, `all/${arm}/${m}`)))];
  });
  sections.push(`means per arm [95 % CI, bootstrap percentile]\n${table(['arm', 'n', ...metrics], rows)}`);
  return sections.join('\n\n');
}

function stratifiedTable(results: readonly RunResult[], metrics: readonly string[], seed: number,
  design: StratumDesign): string {
  const arms = [...new Set(results.map((r) => r.arm))];
  const byArm = new Map(arms.map((arm) => [arm, results.filter((r) => r.arm === arm)
    .sort((a, b) => a.replication - b.replication)]));
  const baseline = new Map(byArm.get(arms[0])!.map((r) => [r.replication, r.summary]));
  const weights = design.labels.map((label, k) => `${label} ${design.probabilities[k].toPrecision(3)}`).join(', ');
  const sections: string[] = [];
  if (arms.length > 1) {
    const rows = arms.slice(1).map((arm) => {
      const paired = byArm.get(arm)!.filter((r) => baseline.has(r.replication));
      const strata = paired.map((r) => r.stratum ?? 0);
      return [arm, ...metrics.map((m) => formatDiff(stratifiedDiff(paired.map((r) => r.summary[m] -
        baseline.get(r.replication)![m]), strata, paired.map((r) => r.replication), design)))];
    });
    const estimator = design.controlVariates ? 'stratified regression on the failure covariates' : 'stratified mean';
    sections.push(`paired differences to ${arms[0]} (arm − baseline), ${estimator} ± 95 % CI (t, Welch–Satterthwaite df)\n` +
      table(['arm', ...metrics], rows));
  }
  const rows = arms.map((arm) => {
    const runs = byArm.get(arm)!;
    const strata = runs.map((r) => r.stratum ?? 0);
    const perStratum = design.labels.map((_, k) => strata.filter((s) => s === k).length);
    return [arm, `${runs.length} (${perStratum.join('+')})`, ...metrics.map((m) =>
      formatMean(stratifiedMean(runs.map((r) => r.summary[m]), strata, runs.map((r) => r.replication), design, seed,
        `all/${arm}/${m}`)))];
  });
  const meanMethod = design.controlVariates ? 'stratified regression, t' : 'stratified bootstrap percentile';
  sections.push(`means per arm [95 % CI, ${meanMethod}]\n${table(['arm', 'n (per stratum)', ...metrics], rows)}`);
  sections.push(`strata by group outages in the horizon, weighted by probability: ${weights}`);
  return sections.join('\n\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Decimals that show an interval's half-width to two significant digits (the mean to three when there is none). */
export function decimalsFor(mean: number, half: number): number {
  const scale = half > 0 ? half : Math.abs(mean);
  if (!(scale > 0) || !Number.isFinite(scale)) return 0;
  return Math.min(12, Math.max(0, (half > 0 ? 1 : 2) - Math.floor(Math.log10(scale))));
}

/** A half-width below float noise of the mean (differences of equal sums) shows as no spread. */
function spread(mean: number, half: number): number {
  return half > 1e-9 * Math.abs(mean) ? half : 0;
}

export function formatDiff(d: Interval): string {
  if (d.n === 0 || !Number.isFinite(d.mean)) return 'n/a';
  const half = d.n > 1 ? spread(d.mean, d.high - d.mean) : 0;
  const places = decimalsFor(d.mean, half);
  const sign = d.mean > 0 ? '+' : d.mean < 0 ? '−' : '';
  const body = `${sign}${Math.abs(d.mean).toFixed(places)}`;
  return half > 0 ? `${body} ± ${half.toFixed(places)}` : body;
}

export function formatMean(e: Interval): string {
  if (e.n === 0 || !Number.isFinite(e.mean)) return 'n/a';
  const half = spread(e.mean, Math.max(e.high - e.mean, e.mean - e.low));
  const places = decimalsFor(e.mean, half);
  if (half === 0) return e.mean.toFixed(places);
  return `${e.mean.toFixed(places)} [${e.low.toFixed(places)}, ${e.high.toFixed(places)}]`;
}
