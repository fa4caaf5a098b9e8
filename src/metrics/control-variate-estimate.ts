// The separate regression (control-variate) estimator for stratified replications: within stratum k, the mean of y is
// corrected by the regression of y on covariates x whose expectation μ_k in that stratum is known,
// ŷ_k = ȳ_k + b_k·(μ_k − x̄_k), and the strata are combined with their probabilities, Σ p_k·ŷ_k (Cochran, "Sampling
// Techniques", 3rd ed., 1977, §7.9–7.10, the separate regression estimate; Law, "Simulation Modeling and Analysis",
// 5th ed., 2015, §11.4, control variates with an estimated coefficient). Covariates drawn from the same exogenous
// streams as the run (the failure schedule every arm sees) move y without being moved by it, so the correction removes
// the share of y's variance they explain. Variance of ŷ_k is that of the fitted regression line at μ_k,
// s²·(1/n + d'·S⁻¹·d) with d = μ_k − x̄_k and s² = RSS/(n − 1 − q) (Lavenberg & Welch, "A perspective on the use of
// control variables to increase the efficiency of Monte Carlo simulations", Management Science 27(3), 1981, eq. 7),
// exact for a linear relation with normal residuals; its t interval loses one degree of freedom per coefficient.

import { tCritical95 } from './student-t.js';
import type { ControlVariateDesign, StratifiedEstimate, StratumDesign } from './stratified-estimate.js';

export type { ControlVariateDesign } from './stratified-estimate.js';

export interface ControlVariateEstimate extends StratifiedEstimate {
  /** Covariates used per stratum (a constant or collinear covariate, or too few replications, drops it). */
  covariatesUsed: number[];
  /** The Monte Carlo part of `variance` (b'·Cov(μ̂)·b). */
  meanErrorVariance: number;
  /** Degrees of freedom of the t interval (Welch–Satterthwaite over Σ n_k − 1 − q_k). */
  df: number;
}

/** A covariate is collinear when what is left of it after the ones kept has less than this share of its spread. */
const COLLINEAR_SHARE = 1e-9;
/** Each stratum keeps at least this many degrees of freedom for its residual variance, else drops covariates. */
const MIN_RESIDUAL_DF = 2;

interface StratumFit {
  estimate: number;
  variance: number;
  df: number;
  /** Coefficient of each covariate (0 when not used). */
  coefficients: number[];
  used: number;
}

/** Solves S·x = r for the symmetric positive definite S (Cholesky). */
function solve(S: number[][], r: number[]): number[] {
  const q = r.length;
  const L = S.map((row) => row.map(() => 0));
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let s = S[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  const z = new Array<number>(q);
  for (let i = 0; i < q; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
  }
  const x = new Array<number>(q);
  for (let i = q - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < q; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

/** The covariates worth a coefficient in one stratum: in order, each that is not constant nor a linear combination
 *  of those kept (Gram–Schmidt on the centred columns), while n − 1 − q stays ≥ MIN_RESIDUAL_DF. */
function usableColumns(columns: number[][], n: number): number[] {
  const kept: number[] = [], basis: number[][] = [];
  columns.forEach((column, j) => {
    if (n - 1 - (kept.length + 1) < MIN_RESIDUAL_DF) return;
    const m = column.reduce((s, v) => s + v, 0) / n;
    const residual = column.map((v) => v - m);
    const spread = residual.reduce((s, v) => s + v * v, 0);
    if (!(spread > 0)) return;
    for (const e of basis) {
      const dot = residual.reduce((s, v, i) => s + v * e[i], 0);
      for (let i = 0; i < n; i++) residual[i] -= dot * e[i];
    }
    const left = residual.reduce((s, v) => s + v * v, 0);
    if (!(left > COLLINEAR_SHARE * spread)) return;
    const norm = Math.sqrt(left);
    basis.push(residual.map((v) => v / norm));
    kept.push(j);
  });
  return kept;
}

/** ŷ_k, its variance and coefficients in one stratum. */
function fitStratum(y: number[], x: number[][], mu: readonly number[]): StratumFit {
  const n = y.length, q = mu.length;
  const yBar = y.reduce((s, v) => s + v, 0) / n;
  const columns = Array.from({ length: q }, (_, j) => x.map((row) => row[j]));
  const used = usableColumns(columns, n);
  const p = used.length;
  const xBar = used.map((j) => columns[j].reduce((s, v) => s + v, 0) / n);
  const S = used.map(() => new Array<number>(p).fill(0));
  const sxy = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    const dy = y[i] - yBar;
    for (let a = 0; a < p; a++) {
      const da = columns[used[a]][i] - xBar[a];
      sxy[a] += da * dy;
      for (let c = 0; c <= a; c++) S[a][c] += da * (columns[used[c]][i] - xBar[c]);
    }
  }
  for (let a = 0; a < p; a++) for (let c = a + 1; c < p; c++) S[a][c] = S[c][a];
  const b = p > 0 ? solve(S, sxy) : [];
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let e = y[i] - yBar;
    for (let a = 0; a < p; a++) e -= b[a] * (columns[used[a]][i] - xBar[a]);
    rss += e * e;
  }
  const df = n - 1 - p;
  const s2 = rss / df;
  const d = used.map((j, a) => mu[j] - xBar[a]);
  const sInvD = p > 0 ? solve(S, d) : [];
  const leverage = d.reduce((s, v, a) => s + v * sInvD[a], 0);
  const coefficients = new Array<number>(q).fill(0);
  used.forEach((j, a) => { coefficients[j] = b[a]; });
  return { estimate: yBar + d.reduce((s, v, a) => s + b[a] * v, 0), variance: s2 * (1 / n + leverage), df, coefficients,
    used: p };
}

/**
 * Σ p_k·ŷ_k with its 95 % t interval: Welch–Satterthwaite df over the strata's n_k − 1 − q_k, plus the Monte Carlo
 * error of estimated μ and of estimated weights (the latter as stratifiedT). `covariates[i]` belongs to values[i].
 * The estimate and bounds are kept within the values' range, as a mean and its percentile interval are: a
 * non-negative metric never gets a negative estimate or bound, and the true mean lies in that range.
 */
export function controlVariateT(values: readonly number[], strata: readonly number[],
  covariates: readonly (readonly number[])[], design: StratumDesign, cv: ControlVariateDesign): ControlVariateEstimate {
  const K = design.probabilities.length, q = cv.names.length;
  const ys: number[][] = Array.from({ length: K }, () => []);
  const xs: number[][][] = Array.from({ length: K }, () => []);
  let min = Infinity, max = -Infinity;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    ys[strata[i]].push(v);
    xs[strata[i]].push([...covariates[i]]);
    if (v < min) min = v;
    if (v > max) max = v;
  });
  const perStratum = ys.map((g) => g.length);
  const n = perStratum.reduce((s, c) => s + c, 0);
  const empty = { mean: NaN, low: NaN, high: NaN, n, perStratum, variance: NaN, covariatesUsed: perStratum.map(() => 0),
    meanErrorVariance: 0, df: NaN };
  if (n === 0) return empty;
  const raw = design.probabilities.map((p, k) => (ys[k].length > 0 ? p : 0));
  const total = raw.reduce((s, w) => s + w, 0);
  const w = raw.map((v) => v / total);
  const fits: (StratumFit | undefined)[] = ys.map((y, k) => (w[k] > 0 && y.length >= 2 ? fitStratum(y, xs[k], cv.means[k]) : undefined));
  if (fits.some((f, k) => w[k] > 0 && f === undefined)) {
    const m = ys.reduce((s, y, k) => s + (y.length > 0 ? (w[k] * y.reduce((a, v) => a + v, 0)) / y.length : 0), 0);
    return { ...empty, mean: m };
  }
  let mean = 0, variance = 0, dfDenominator = 0;
  fits.forEach((f, k) => {
    if (!f) return;
    mean += w[k] * f.estimate;
    const term = w[k] ** 2 * f.variance;
    variance += term;
    dfDenominator += term ** 2 / f.df;
  });
  const g = fits.flatMap((f, k) => (f ? f.coefficients.map((b) => w[k] * b) : new Array<number>(q).fill(0)));
  let meanErrorVariance = 0;
  for (let a = 0; a < g.length; a++) {
    if (g[a] === 0) continue;
    for (let c = 0; c < g.length; c++) meanErrorVariance += g[a] * (cv.meanCovariance[a]?.[c] ?? 0) * g[c];
  }
  variance += Math.max(0, meanErrorVariance);
  if (design.draws > 0) {
    const second = fits.reduce((s, f, k) => s + (f ? w[k] * f.estimate ** 2 : 0), 0);
    variance += Math.max(0, second - mean * mean) / design.draws;
  }
  // The Monte Carlo terms have (practically) infinite df: they add to the numerator of Welch–Satterthwaite only.
  const df = dfDenominator > 0 ? variance ** 2 / dfDenominator : 1e9;
  const half = variance > 0 ? tCritical95(df) * Math.sqrt(variance) : 0;
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  return { mean: clamp(mean), low: clamp(mean - half), high: clamp(mean + half), n, perStratum, variance,
    covariatesUsed: fits.map((f) => f?.used ?? 0), meanErrorVariance: Math.max(0, meanErrorVariance), df };
}
