// Estimates from stratified replications (stratify.groupOutages): stratum k holds n_k replications drawn from the
// scenario conditioned on stratum k, which has probability p_k. The stratified mean Σ p_k·m_k is unbiased for the
// unconditioned mean, with variance Σ p_k²·s_k²/n_k (Cochran, "Sampling Techniques", 3rd ed., 1977, §5.3, Thm 5.2
// and eq. 5.6 without the finite-population factor); its t interval takes the Welch–Satterthwaite degrees of freedom
// (Cochran §5.4, eq. 5.16). Per-arm means get a stratified bootstrap percentile interval instead (resampling within
// each stratum, Efron & Tibshirani 1993, §8.6 on stratified samples): it stays within the values' range.

import { deviation, mean } from 'd3-array';
import { createStream, uniform } from '../engine/random-streams.js';
import { BOOTSTRAP_RESAMPLES, percentile } from './bootstrap-interval.js';
import { tCritical95 } from './student-t.js';

export interface StratumDesign {
  /** comparison.csv's stratum name of each stratum. */
  labels: readonly string[];
  /** P(stratum k) under the scenario. */
  probabilities: readonly number[];
  /** Schedules behind a Monte Carlo estimate of the probabilities (0: exact); their error enters the variance. */
  draws: number;
  /** Control variates (scenario.controlVariates): each replication's covariates and their expectation per stratum. */
  controlVariates?: ControlVariateDesign & { valuesOf(replication: number): number[] };
}

/** Control variates of a stratified design (control-variate-estimate.ts). */
export interface ControlVariateDesign {
  /** Covariate names, in the order of each replication's covariate vector. */
  names: readonly string[];
  /** E[x_j | stratum k]: means[k][j]. */
  means: readonly (readonly number[])[];
  /**
   * Covariance of the Monte Carlo error of the means, flattened index k·q + j (all zeros when every mean is exact):
   * an estimated μ adds b'·Cov(μ̂)·b to the variance, the coefficients taken as fixed (Lavenberg & Welch §4).
   */
  meanCovariance: readonly (readonly number[])[];
}

export interface StratifiedEstimate {
  mean: number;
  low: number;
  high: number;
  /** Values used, over all strata. */
  n: number;
  /** Values used per stratum. */
  perStratum: number[];
  /** Variance of the stratified mean. */
  variance: number;
}

/** Finite values of each stratum (strata[i] is the stratum of values[i]). */
function byStratum(values: readonly number[], strata: readonly number[], count: number): number[][] {
  const groups: number[][] = Array.from({ length: count }, () => []);
  values.forEach((v, i) => {
    if (Number.isFinite(v)) groups[strata[i]].push(v);
  });
  return groups;
}

/** Weights of the strata that hold values (a metric undefined in a whole stratum is averaged over the others). */
function weights(groups: number[][], design: StratumDesign): number[] {
  const raw = design.probabilities.map((p, k) => (groups[k].length > 0 ? p : 0));
  const total = raw.reduce((s, w) => s + w, 0);
  return raw.map((w) => (total > 0 ? w / total : 0));
}

/**
 * Σ w_k·m_k with its 95 % t interval, Welch–Satterthwaite df. A stratum with weight and one value leaves the variance
 * unknown (NaN bounds). Estimated weights add (Σ p_k·m_k² − m²)/draws, the variance of Σ p̂_k·m_k under the
 * multinomial draw of p̂.
 */
export function stratifiedT(values: readonly number[], strata: readonly number[], design: StratumDesign): StratifiedEstimate {
  const groups = byStratum(values, strata, design.probabilities.length);
  const w = weights(groups, design);
  const perStratum = groups.map((g) => g.length);
  const n = perStratum.reduce((s, c) => s + c, 0);
  if (n === 0) return { mean: NaN, low: NaN, high: NaN, n: 0, perStratum, variance: NaN };
  const means = groups.map((g) => (g.length > 0 ? (mean(g) as number) : 0));
  const m = means.reduce((s, mk, k) => s + w[k] * mk, 0);
  let variance = 0, dfDenominator = 0;
  for (let k = 0; k < groups.length; k++) {
    if (w[k] === 0) continue;
    if (groups[k].length < 2) return { mean: m, low: NaN, high: NaN, n, perStratum, variance: NaN };
    const term = (w[k] ** 2 * (deviation(groups[k]) as number) ** 2) / groups[k].length;
    variance += term;
    dfDenominator += term ** 2 / (groups[k].length - 1);
  }
  if (design.draws > 0) {
    variance += Math.max(0, means.reduce((s, mk, k) => s + w[k] * mk * mk, 0) - m * m) / design.draws;
  }
  const half = variance > 0 ? tCritical95(dfDenominator > 0 ? variance ** 2 / dfDenominator : 1e9) * Math.sqrt(variance) : 0;
  return { mean: m, low: m - half, high: m + half, n, perStratum, variance };
}

/** Σ w_k·m_k with a seeded stratified bootstrap percentile interval (`key` seeds the resampling). */
export function stratifiedBootstrap(values: readonly number[], strata: readonly number[], design: StratumDesign,
  seed: number, key: string, resamples = BOOTSTRAP_RESAMPLES): StratifiedEstimate {
  const t = stratifiedT(values, strata, design);
  if (t.n === 0 || !Number.isFinite(t.variance)) return t;
  const groups = byStratum(values, strata, design.probabilities.length);
  const w = weights(groups, design);
  const rng = createStream(seed, 0, `bootstrap/${key}`);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let k = 0; k < groups.length; k++) {
      const g = groups[k], nk = g.length;
      if (w[k] === 0) continue;
      let s = 0;
      for (let i = 0; i < nk; i++) s += g[Math.floor(uniform(rng) * nk)];
      sum += (w[k] * s) / nk;
    }
    means[b] = sum;
  }
  means.sort();
  return { ...t, low: percentile(means, 0.025), high: percentile(means, 0.975) };
}
