import { describe, expect, it } from 'vitest';
import { gamma, type DistributionSpec } from '../../src/engine/distributions.js';
import { equilibriumExcess, poissonCount, spellInProgress } from '../../src/engine/equilibrium-excess.js';
import { createStream } from '../../src/engine/random-streams.js';

// The equilibrium excess R of a lifetime L has E[R] = E[L²]/(2E[L]) and E[R²] = E[L³]/(3E[L]). Each sample mean of
// N draws must lie within 4 exact standard errors of E[R].
const N = 200_000;

/** E[L^k] of each spec, from its closed form. */
function moment(spec: DistributionSpec, k: number): number {
  if ('constant' in spec) return spec.constant ** k;
  if ('exponential' in spec) return gamma(1 + k) * spec.exponential.mean ** k;
  if ('weibull' in spec) return spec.weibull.scale ** k * gamma(1 + k / spec.weibull.shape);
  if ('lognormal' in spec) return spec.lognormal.median ** k * Math.exp((k * spec.lognormal.sigma) ** 2 / 2);
  if ('uniform' in spec) {
    const { min: a, max: b } = spec.uniform;
    return (b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a));
  }
  const v = spec.empirical.values;
  return v.reduce((s, x) => s + x ** k, 0) / v.length;
}

const cases: { spec: DistributionSpec }[] = [
  { constant: 42 },
  { exponential: { mean: 3600 } },
  { weibull: { shape: 0.48, scale: 816.6 } },
  { weibull: { shape: 2.5, scale: 100 } },
  { lognormal: { median: 2, sigma: 1 } },
  { uniform: { min: 10, max: 20 } },
  { empirical: { values: [1, 2, 3, 10] } },
].map((spec) => ({ spec: spec as DistributionSpec }));

function excessMoments(spec: DistributionSpec) {
  const m1 = moment(spec, 1);
  const mean = moment(spec, 2) / (2 * m1);
  const sd = Math.sqrt(Math.max(0, moment(spec, 3) / (3 * m1) - mean * mean));
  return { mean, sd };
}

describe('equilibriumExcess', () => {
  it.each(cases)('$spec: the mean is E[L²]/(2E[L]) within 4 standard errors', ({ spec }) => {
    const draw = equilibriumExcess(spec);
    const rng = createStream(3, 0, 'excess');
    let sum = 0;
    for (let i = 0; i < N; i++) sum += draw(rng);
    const { mean, sd } = excessMoments(spec);
    expect(Math.abs(sum / N - mean)).toBeLessThanOrEqual(4 * sd / Math.sqrt(N) + 1e-9 * mean);
  });

  it('lies below the largest possible lifetime and above 0 (uniform and empirical)', () => {
    const rng = createStream(3, 0, 'range');
    const bounded: [DistributionSpec, number][] = [[{ uniform: { min: 10, max: 20 } }, 20], [{ empirical: { values: [1, 5] } }, 5]];
    for (const [spec, max] of bounded) {
      const draw = equilibriumExcess(spec);
      const xs = Array.from({ length: 10_000 }, () => draw(rng));
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThan(max);
    }
  });
});

describe('spellInProgress', () => {
  it.each(cases)('$spec: age and remaining time both have the excess mean; length is E[L²]/E[L]', ({ spec }) => {
    const draw = spellInProgress(spec);
    const rng = createStream(4, 0, 'spell');
    const s = { length: 0, age: 0 };
    let ages = 0, rests = 0, lengths = 0, outside = 0;
    for (let i = 0; i < N; i++) {
      draw(rng, s);
      if (!(s.age > 0 && s.age <= s.length)) outside++;
      ages += s.age;
      rests += s.length - s.age;
      lengths += s.length;
    }
    expect(outside).toBe(0);
    const { mean, sd } = excessMoments(spec);
    const lengthSd = Math.sqrt(Math.max(0, moment(spec, 3) / moment(spec, 1) - (2 * mean) ** 2));
    expect(Math.abs(ages / N - mean)).toBeLessThanOrEqual(4 * sd / Math.sqrt(N) + 1e-9 * mean);
    expect(Math.abs(rests / N - mean)).toBeLessThanOrEqual(4 * sd / Math.sqrt(N) + 1e-9 * mean);
    expect(Math.abs(lengths / N - 2 * mean)).toBeLessThanOrEqual(4 * lengthSd / Math.sqrt(N) + 1e-9 * mean);
  });
});

describe('poissonCount', () => {
  it.each([0.5, 30, 4000])('Poisson(%d): mean and variance within 4 standard errors', (m) => {
    const rng = createStream(5, 0, 'poisson');
    const n = m > 1000 ? 2_000 : 20_000;
    const xs = Array.from({ length: n }, () => poissonCount(m, rng));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean - m)).toBeLessThanOrEqual(4 * Math.sqrt(m / n));
    // Var of the sample variance of a Poisson: (μ₄ − σ⁴(n−3)/(n−1))/n with μ₄ = m(1 + 3m).
    const varOfVariance = (m * (1 + 3 * m) - (m * m * (n - 3)) / (n - 1)) / n;
    expect(Math.abs(variance - m)).toBeLessThanOrEqual(4 * Math.sqrt(varOfVariance));
  });
});
