import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { fitExponential, fitLognormal, fitWeibull, normalCdf } from '../../src/data-import/distribution-fit.js';

const N = 20_000;

function sample(draw: (u: () => number) => number, seed: string): number[] {
  const rng = seedrandom.alea(seed);
  return Array.from({ length: N }, () => draw(rng));
}

/** A standard normal by Box–Muller, independent of the samplers under test. */
function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** KS distance below the 1 % critical value of a fully specified distribution (fitted ones sit lower still). */
const KS_LIMIT = 1.628 / Math.sqrt(N);

describe('maximum-likelihood fits on samples from known distributions', () => {
  it('exponential: the mean within 4 standard errors (mean / √n)', () => {
    const mean = 3600;
    const fit = fitExponential(sample((u) => -mean * Math.log(1 - u()), 'exp'));
    const spec = fit.spec as { exponential: { mean: number } };
    expect(Math.abs(spec.exponential.mean - mean)).toBeLessThan(4 * mean / Math.sqrt(N));
    expect(fit.ks).toBeLessThan(KS_LIMIT);
  });

  it('lognormal: μ within 4 σ/√n and σ within 4 σ/√(2n)', () => {
    const [mu, sigma] = [Math.log(7200), 1.4];
    const fit = fitLognormal(sample((u) => Math.exp(mu + sigma * normal(u)), 'lognormal'));
    const spec = fit.spec as { lognormal: { median: number; sigma: number } };
    expect(Math.abs(Math.log(spec.lognormal.median) - mu)).toBeLessThan(4 * sigma / Math.sqrt(N));
    expect(Math.abs(spec.lognormal.sigma - sigma)).toBeLessThan(4 * sigma / Math.sqrt(2 * N));
    expect(fit.ks).toBeLessThan(KS_LIMIT);
  });

  for (const [shape, scale] of [[0.48, 816.6 * 3600], [2.5, 600]]) {
    it(`weibull shape ${shape}: shape within 4 × 0.780 k/√n, scale within 4 × 1.053 λ/(k√n) (asymptotic standard errors)`, () => {
      const fit = fitWeibull(sample((u) => scale * (-Math.log(1 - u())) ** (1 / shape), `weibull-${shape}`));
      const spec = fit.spec as { weibull: { shape: number; scale: number } };
      expect(Math.abs(spec.weibull.shape - shape)).toBeLessThan(4 * 0.780 * shape / Math.sqrt(N));
      expect(Math.abs(spec.weibull.scale - scale)).toBeLessThan(4 * 1.053 * scale / (shape * Math.sqrt(N)));
      expect(fit.ks).toBeLessThan(KS_LIMIT);
    });
  }

  it('ranks the true family first by AIC and the others with larger KS distances', () => {
    const x = sample((u) => 1000 * (-Math.log(1 - u())) ** (1 / 0.5), 'rank');
    const [w, l, e] = [fitWeibull(x), fitLognormal(x), fitExponential(x)];
    expect(w.aic).toBeLessThan(l.aic);
    expect(w.aic).toBeLessThan(e.aic);
    expect(e.ks).toBeGreaterThan(KS_LIMIT);
  });

  it('Weibull with shape 1 is the exponential: same log-likelihood at the optimum within sampling noise', () => {
    const x = sample((u) => -500 * Math.log(1 - u()), 'shape-1');
    const [w, e] = [fitWeibull(x), fitExponential(x)];
    // The likelihood-ratio statistic 2 (ℓ_w − ℓ_e) is χ²(1) under the exponential: below 10.83 with 99.9 %.
    expect(w.logLikelihood).toBeGreaterThanOrEqual(e.logLikelihood - 1e-6);
    expect(2 * (w.logLikelihood - e.logLikelihood)).toBeLessThan(10.83);
  });

  it('normal CDF matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});
