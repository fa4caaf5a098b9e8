// The separate regression (control-variate) estimator: its formula, unbiasedness and coverage on a linear model with
// a known answer, the Monte Carlo term, dropped covariates, and the values' range.

import { describe, expect, it } from 'vitest';
import { createStream, uniform, type Rng } from '../../src/engine/random-streams.js';
import { standardNormal } from '../../src/engine/distributions.js';
import { controlVariateT, type ControlVariateDesign } from '../../src/metrics/control-variate-estimate.js';
import { stratifiedT, type StratumDesign } from '../../src/metrics/stratified-estimate.js';
import { tCritical95 } from '../../src/metrics/student-t.js';

const ONE: StratumDesign = { labels: ['all'], probabilities: [1], draws: 0 };

function noCovariance(size: number): number[][] {
  return Array.from({ length: size }, () => new Array<number>(size).fill(0));
}

describe('controlVariateT', () => {
  it('is ȳ + b·(μ − x̄) ± t(n − 2)·s·√(1/n + (μ − x̄)²/Sxx) with one covariate', () => {
    const x = [1, 2, 4, 3, 7, 5], y = [2.1, 3.9, 8.4, 5.7, 14.2, 9.6];
    const mu = 3.5;
    const cv: ControlVariateDesign = { names: ['x'], means: [[mu]], meanCovariance: noCovariance(1) };
    const e = controlVariateT(y, y.map(() => 0), x.map((v) => [v]), ONE, cv);
    const n = x.length, xBar = x.reduce((s, v) => s + v) / n, yBar = y.reduce((s, v) => s + v) / n;
    const sxx = x.reduce((s, v) => s + (v - xBar) ** 2, 0);
    const b = x.reduce((s, v, i) => s + (v - xBar) * (y[i] - yBar), 0) / sxx;
    const rss = y.reduce((s, v, i) => s + (v - yBar - b * (x[i] - xBar)) ** 2, 0);
    const variance = (rss / (n - 2)) * (1 / n + (mu - xBar) ** 2 / sxx);
    expect(e.mean).toBeCloseTo(yBar + b * (mu - xBar), 12);
    expect(e.variance).toBeCloseTo(variance, 12);
    expect(e.df).toBeCloseTo(n - 2, 9);
    expect(e.high - e.mean).toBeCloseTo(tCritical95(n - 2) * Math.sqrt(variance), 10);
    expect(e.covariatesUsed).toEqual([1]);
  });

  it('drops a constant or collinear covariate and keeps two residual degrees of freedom', () => {
    const x = [1, 2, 4, 3, 7, 5], y = [2, 4, 8, 5, 14, 9];
    const cv: ControlVariateDesign = { names: ['x', 'c', '2x'], means: [[3, 1, 6]], meanCovariance: noCovariance(3) };
    const e = controlVariateT(y, y.map(() => 0), x.map((v) => [v, 1, 2 * v]), ONE, cv);
    expect(e.covariatesUsed).toEqual([1]);
    // Three values leave no room for a coefficient (n − 1 − 1 < 2): the plain mean.
    const small = controlVariateT([1, 2, 4], [0, 0, 0], [[1], [2], [3]], ONE,
      { names: ['x'], means: [[0]], meanCovariance: noCovariance(1) });
    expect(small.covariatesUsed).toEqual([0]);
    expect(small.mean).toBeCloseTo(7 / 3, 12);
  });

  it('adds b\'·Cov(μ̂)·b for estimated expectations', () => {
    const x = [1, 2, 4, 3, 7, 5, 6, 2], y = [2.1, 3.9, 8.4, 5.7, 14.2, 9.6, 11.8, 4.4];
    const exact = controlVariateT(y, y.map(() => 0), x.map((v) => [v]), ONE,
      { names: ['x'], means: [[3.5]], meanCovariance: [[0]] });
    const estimated = controlVariateT(y, y.map(() => 0), x.map((v) => [v]), ONE,
      { names: ['x'], means: [[3.5]], meanCovariance: [[0.01]] });
    const n = x.length, xBar = x.reduce((s, v) => s + v) / n, yBar = y.reduce((s, v) => s + v) / n;
    const b = x.reduce((s, v, i) => s + (v - xBar) * (y[i] - yBar), 0) / x.reduce((s, v) => s + (v - xBar) ** 2, 0);
    expect(estimated.meanErrorVariance).toBeCloseTo(b * b * 0.01, 12);
    expect(estimated.variance - exact.variance).toBeCloseTo(b * b * 0.01, 12);
    expect(estimated.mean).toBe(exact.mean);
  });

  it('keeps the estimate and its bounds within the values\' range (a non-negative metric stays non-negative)', () => {
    // An expectation far below the sample pulls the regression line below 0: the estimate stops at the range.
    const y = [0, 1, 2, 3, 5], x = [0, 1, 2, 3, 5];
    const e = controlVariateT(y, y.map(() => 0), x.map((v) => [v]), ONE,
      { names: ['x'], means: [[-5]], meanCovariance: noCovariance(1) });
    expect(e.low).toBeGreaterThanOrEqual(0);
    expect(e.mean).toBeGreaterThanOrEqual(0);
    expect(e.high).toBeLessThanOrEqual(5);
  });
});

/** Two strata of a linear model with skewed covariates: y = a_k + 3·x + e, E[x | k] known. */
function draw(rng: Rng, k: number, normalErrors: boolean): { x: number; y: number } {
  const x = -(k === 0 ? 1 : 4) * Math.log(1 - uniform(rng));
  const e = normalErrors ? 2 * standardNormal(rng) : 2 * (-Math.log(1 - uniform(rng)) - 1);
  return { x, y: (k === 0 ? 2 : 10) + 3 * x + e };
}

describe('unbiasedness and coverage on a linear model with a known mean', () => {
  const design: StratumDesign = { labels: ['a', 'b'], probabilities: [0.7, 0.3], draws: 0 };
  const cv: ControlVariateDesign = { names: ['x'], means: [[1], [4]], meanCovariance: noCovariance(2) };
  // E[y] = 0.7·(2 + 3·1) + 0.3·(10 + 3·4).
  const truth = 0.7 * 5 + 0.3 * 22;
  const trials = 2000, perStratum = 12;

  function run(normalErrors: boolean, seed: number) {
    const estimates: number[] = [];
    let covered = 0, narrower = 0;
    for (let t = 0; t < trials; t++) {
      const rng = createStream(seed, t, 'cv-test');
      const rows = [0, 1].flatMap((k) => Array.from({ length: perStratum }, () => ({ k, ...draw(rng, k, normalErrors) })));
      const e = controlVariateT(rows.map((r) => r.y), rows.map((r) => r.k), rows.map((r) => [r.x]), design, cv);
      const plain = stratifiedT(rows.map((r) => r.y), rows.map((r) => r.k), design);
      estimates.push(e.mean);
      if (e.low <= truth && truth <= e.high) covered++;
      if (e.high - e.low < plain.high - plain.low) narrower++;
    }
    return { estimates, covered, narrower };
  }

  it('the mean of the estimates is within four standard errors of the truth (skewed x and residuals)', () => {
    const { estimates } = run(false, 3);
    const m = estimates.reduce((s, v) => s + v, 0) / trials;
    const sd = Math.sqrt(estimates.reduce((s, v) => s + (v - m) ** 2, 0) / (trials - 1));
    expect(Math.abs(m - truth)).toBeLessThanOrEqual((4 * sd) / Math.sqrt(trials));
  });

  it('95 % intervals cover the truth in 95 % of trials, within a binomial tolerance (normal residuals)', () => {
    const { covered, narrower } = run(true, 4);
    // Four binomial standard deviations of a 0.95 share over `trials`: a 1-in-15,000 false alarm.
    const tolerance = 4 * Math.sqrt((0.95 * 0.05) / trials);
    expect(Math.abs(covered / trials - 0.95)).toBeLessThanOrEqual(tolerance);
    // x explains most of y's spread (3²·Var x against Var e = 4): the interval is narrower in nearly every trial.
    expect(narrower / trials).toBeGreaterThan(0.9);
  });
});
