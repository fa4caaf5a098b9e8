// Maximum-likelihood fits of positive samples (durations, seconds) to the scenario's distribution families, with
// their log-likelihood, AIC and Kolmogorov–Smirnov distance.

import type { DistributionSpec } from '../engine/distributions.js';

export type Family = 'weibull' | 'lognormal' | 'exponential';

export interface Fit {
  family: Family;
  spec: DistributionSpec;
  logLikelihood: number;
  /** Akaike information criterion, 2 × parameters − 2 × log-likelihood: lower is better. */
  aic: number;
  /** Kolmogorov–Smirnov statistic: largest distance between the sample's and the fit's CDF. */
  ks: number;
}

export function fitAll(sample: readonly number[]): Fit[] {
  return [fitWeibull(sample), fitLognormal(sample), fitExponential(sample)];
}

function checkSample(sample: readonly number[]): Float64Array {
  if (sample.length < 2) throw new RangeError(`a fit needs at least 2 values, got ${sample.length}`);
  if (sample.some((x) => !(x > 0) || !Number.isFinite(x))) throw new RangeError('a fit needs finite values > 0');
  return Float64Array.from(sample).sort();
}

/** Closed form: mean = sample mean. */
export function fitExponential(sample: readonly number[]): Fit {
  const x = checkSample(sample);
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const logLikelihood = -n * Math.log(mean) - n;
  return finish('exponential', { exponential: { mean } }, logLikelihood, 1, x, (v) => 1 - Math.exp(-v / mean));
}

/** Closed form: μ and σ are the mean and the (1/n) standard deviation of ln x; median = e^μ. */
export function fitLognormal(sample: readonly number[]): Fit {
  const x = checkSample(sample);
  const n = x.length;
  let mu = 0;
  for (const v of x) mu += Math.log(v);
  mu /= n;
  let ss = 0;
  let sumLog = 0;
  for (const v of x) {
    ss += (Math.log(v) - mu) ** 2;
    sumLog += Math.log(v);
  }
  const sigma = Math.sqrt(ss / n);
  const logLikelihood = -sumLog - n * Math.log(sigma) - (n / 2) * Math.log(2 * Math.PI) - n / 2;
  return finish('lognormal', { lognormal: { median: Math.exp(mu), sigma } }, logLikelihood, 2, x,
    (v) => normalCdf((Math.log(v) - mu) / sigma));
}

/**
 * Shape k solves 1/k + mean(ln x) − Σ x^k ln x / Σ x^k = 0 (the likelihood equation with the scale eliminated), whose
 * left side falls as k grows; found by bisection on ln k, with the sums taken relative to their largest term so
 * that x^k cannot overflow. Then scale = (Σ x^k / n)^(1/k).
 */
export function fitWeibull(sample: readonly number[]): Fit {
  const x = checkSample(sample);
  const n = x.length;
  const logs = Array.from(x, Math.log);
  const meanLog = logs.reduce((s, v) => s + v, 0) / n;
  const maxLog = logs[n - 1];
  if (maxLog - logs[0] < 1e-12) throw new RangeError('a Weibull fit needs values that are not all equal');
  const weightedLogMean = (k: number) => {
    let sw = 0;
    let swl = 0;
    for (const l of logs) {
      const w = Math.exp(k * (l - maxLog));
      sw += w;
      swl += w * l;
    }
    return swl / sw;
  };
  const equation = (k: number) => 1 / k + meanLog - weightedLogMean(k);
  let lo = Math.log(1e-3);
  let hi = Math.log(1e3);
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (equation(Math.exp(mid)) > 0) lo = mid;
    else hi = mid;
  }
  const shape = Math.exp((lo + hi) / 2);
  let sum = 0;
  for (const l of logs) sum += Math.exp(shape * (l - maxLog));
  const logScale = maxLog + Math.log(sum / n) / shape;
  const scale = Math.exp(logScale);
  let logLikelihood = 0;
  for (const l of logs) logLikelihood += Math.log(shape) - logScale + (shape - 1) * (l - logScale) - Math.exp(shape * (l - logScale));
  return finish('weibull', { weibull: { shape, scale } }, logLikelihood, 2, x, (v) => 1 - Math.exp(-((v / scale) ** shape)));
}

function finish(family: Family, spec: DistributionSpec, logLikelihood: number, parameters: number, sorted: Float64Array,
  cdf: (v: number) => number): Fit {
  return { family, spec, logLikelihood, aic: 2 * parameters - 2 * logLikelihood, ks: ksStatistic(sorted, cdf) };
}

/** D = max over the sorted sample of |F_n − F| on both sides of each step. */
export function ksStatistic(sorted: ArrayLike<number>, cdf: (v: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Φ(z) from erfc by the Chebyshev fit of Press et al., Numerical Recipes §6.2 (fractional error < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
