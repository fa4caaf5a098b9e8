import { describe, expect, it } from 'vitest';
import { distributionMean, gamma, sampler, type DistributionSpec } from '../../src/engine/distributions.js';
import { createStream } from '../../src/engine/random-streams.js';

// Each sample mean must fall within 4 standard errors of the exact mean (n = 200,000 draws); the standard deviation
// used for the bound is the exact one of each distribution.
const N = 200_000;
const cases: { spec: DistributionSpec; sd: number }[] = [
  { spec: { constant: 42 }, sd: 0 },
  { spec: { exponential: { mean: 3600 } }, sd: 3600 },
  { spec: { weibull: { shape: 0.7, scale: 100 } }, sd: 100 * Math.sqrt(gamma(1 + 2 / 0.7) - gamma(1 + 1 / 0.7) ** 2) },
  { spec: { lognormal: { median: 60, sigma: 1 } }, sd: 60 * Math.sqrt((Math.E - 1) * Math.E) },
  { spec: { uniform: { min: 10, max: 20 } }, sd: 10 / Math.sqrt(12) },
  { spec: { empirical: { values: [1, 2, 3, 10] } }, sd: Math.sqrt((1 + 4 + 9 + 100) / 4 - 4 ** 2) },
];

describe('sampler', () => {
  it.each(cases)('$spec has the exact mean within 4 standard errors', ({ spec, sd }) => {
    const draw = sampler(spec);
    const rng = createStream(7, 0, 'test');
    let sum = 0;
    for (let i = 0; i < N; i++) sum += draw(rng);
    const mean = sum / N;
    expect(Math.abs(mean - distributionMean(spec))).toBeLessThanOrEqual(4 * (sd / Math.sqrt(N)) + 1e-9);
  });

  it('gives the lognormal its median', () => {
    const draw = sampler({ lognormal: { median: 60, sigma: 1.5 } });
    const rng = createStream(1, 0, 'median');
    const xs = Array.from({ length: 20_001 }, () => draw(rng)).sort((a, b) => a - b);
    // The sample median's standard error for a lognormal: sqrt(p(1−p)/n) / f(median); 4 of them bound the check.
    const density = 1 / (60 * 1.5 * Math.sqrt(2 * Math.PI));
    expect(Math.abs(xs[10_000] - 60)).toBeLessThan((4 * Math.sqrt(0.25 / 20_001)) / density);
  });

  it('makes one sampler per spec object, so every run of a loaded scenario calls the same function', () => {
    const spec: DistributionSpec = { exponential: { mean: 3600 } };
    expect(sampler(spec)).toBe(sampler(spec));
    expect(sampler({ exponential: { mean: 3600 } })).not.toBe(sampler(spec));
  });

  it('gamma matches known values', () => {
    expect(gamma(5)).toBeCloseTo(24, 10);
    expect(gamma(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 10);
  });
});

describe('createStream', () => {
  it('is reproducible per (seed, replication, name) and differs across names', () => {
    const a = createStream(1, 0, 'x');
    const b = createStream(1, 0, 'x');
    const c = createStream(1, 0, 'y');
    const d = createStream(1, 1, 'x');
    const ax = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(ax);
    expect(c()).not.toBe(ax[0]);
    expect(d()).not.toBe(ax[0]);
  });
});
